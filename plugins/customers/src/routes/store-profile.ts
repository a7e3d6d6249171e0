import { requireCustomer, Type, type RoutePlugin } from '@comptoir/core'
import type { CustomersConfig } from '../config.js'
import { ConsentHistory, ConsentInput, ConsentSummary } from '../schemas/consents.js'
import { Customer, ProfileUpdate } from '../schemas/customers.js'
import { ErasureRequest, PersonalDataExport } from '../schemas/privacy.js'

const tags = ['customers']

/** Storefront: the signed-in customer's profile, consent, GDPR export and erasure request. */
export const storeProfileRoutes: RoutePlugin<CustomersConfig> = async (app) => {
  const { customers, customersConsents: consents, customersPrivacy: privacy } = app.services

  app.get('/customers/me', {
    config: { customer: true },
    schema: { tags, operationId: 'getMyCustomerProfile', summary: 'Read my profile', response: { 200: Customer } },
  }, async (request) => await customers.get(request.ctx, requireCustomer(request).id))

  app.patch<{ Body: ProfileUpdate }>('/customers/me', {
    config: { customer: true },
    schema: { tags, operationId: 'updateMyCustomerProfile', summary: 'Change my profile', body: ProfileUpdate, response: { 200: Customer } },
  }, async (request) => await customers.updateProfile(request.ctx, requireCustomer(request).id, request.body))

  app.get('/customers/me/consents', {
    config: { customer: true },
    schema: { tags, operationId: 'getMyConsents', summary: 'My current consent per purpose', response: { 200: ConsentSummary } },
  }, async (request) => await consents.current(request.ctx, requireCustomer(request).id))

  app.get('/customers/me/consents/history', {
    config: { customer: true },
    schema: { tags, operationId: 'getMyConsentHistory', summary: 'Every consent record, oldest first', response: { 200: ConsentHistory } },
  }, async (request) => await consents.history(request.ctx, requireCustomer(request).id))

  app.post<{ Body: ConsentInput }>('/customers/me/consents', {
    config: { customer: true },
    schema: { tags, operationId: 'recordMyConsents', summary: 'Grant or withdraw consent (appended to the log)', body: ConsentInput, response: { 201: ConsentSummary } },
  }, async (request, reply) => {
    const summary = await consents.record(request.ctx, requireCustomer(request).id, request.body.changes, 'storefront')
    reply.code(201)
    return summary
  })

  app.get('/customers/me/export', {
    config: { customer: true },
    schema: { tags, operationId: 'exportMyPersonalData', summary: 'Everything every plugin holds about me (GDPR art. 15/20)', response: { 200: PersonalDataExport } },
  }, async (request) => await privacy.exportCustomer(request.ctx, requireCustomer(request).id))

  app.post('/customers/me/erasure-request', {
    config: { customer: true },
    schema: { tags, operationId: 'requestMyErasure', summary: 'Ask for my data to be erased (after the configured delay)', response: { 202: ErasureRequest } },
  }, async (request, reply) => {
    const erasure = await privacy.requestErasure(request.ctx, requireCustomer(request).id, 'customer')
    reply.code(202)
    return erasure
  })

  app.get('/customers/me/erasure-request', {
    config: { customer: true },
    schema: { tags, operationId: 'getMyErasureRequest', summary: 'My pending erasure request, if any', response: { 200: Type.Union([ErasureRequest, Type.Null()]) } },
  }, async (request) => await privacy.pendingErasure(request.ctx, requireCustomer(request).id))

  app.delete('/customers/me/erasure-request', {
    config: { customer: true },
    schema: { tags, operationId: 'cancelMyErasureRequest', summary: 'Withdraw my pending erasure request', response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await privacy.cancelErasure(request.ctx, requireCustomer(request).id)
    reply.code(204)
    return null
  })
}
