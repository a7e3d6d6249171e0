import type { RoutePlugin } from '@comptoir/core'
import type { CustomersConfig } from '../config.js'
import { AddressList } from '../schemas/addresses.js'
import { CustomerParams } from '../schemas/common.js'
import { AdminConsentInput, ConsentHistory, ConsentSummary } from '../schemas/consents.js'
import { AdminCustomerUpdate, Customer, CustomerPage, CustomerSearchQuery } from '../schemas/customers.js'
import { PaymentMethodList } from '../schemas/payment-methods.js'
import { ErasureRequest, ErasureResult, PersonalDataExport } from '../schemas/privacy.js'

const tags = ['customers']

/** Admin: search, view, edit, disable customers; consent on their behalf; GDPR export and erasure. */
export const adminCustomerRoutes: RoutePlugin<CustomersConfig> = async (app) => {
  const { customers, customersAddresses: addresses, customersPaymentMethods: paymentMethods, customersConsents: consents, customersPrivacy: privacy } = app.services
  type P = { Params: CustomerParams }

  app.get<{ Querystring: CustomerSearchQuery }>('/customers', {
    config: { permission: 'customers:read' },
    schema: { tags, operationId: 'searchCustomers', summary: 'Search by email, name or phone; filter by group, creation date, consent, status', querystring: CustomerSearchQuery, response: { 200: CustomerPage } },
  }, async (request) => await customers.search(request.ctx, request.query))

  app.get<P>('/customers/:customerId', {
    config: { permission: 'customers:read' },
    schema: { tags, operationId: 'getCustomer', summary: 'Read a customer', params: CustomerParams, response: { 200: Customer } },
  }, async (request) => await customers.get(request.ctx, request.params.customerId))

  app.patch<P & { Body: AdminCustomerUpdate }>('/customers/:customerId', {
    // The body holds personal data: the automatic audit entry keeps the target, not the body.
    config: { permission: 'customers:write', audit: { body: false } },
    schema: { tags, operationId: 'updateCustomer', summary: 'Change a profile and its groups', params: CustomerParams, body: AdminCustomerUpdate, response: { 200: Customer } },
  }, async (request) => await customers.updateByAdmin(request.ctx, request.params.customerId, request.body))

  app.post<P>('/customers/:customerId/disable', {
    config: { permission: 'customers:write' },
    schema: { tags, operationId: 'disableCustomer', summary: 'Disable the account and end its sessions', params: CustomerParams, response: { 200: Customer } },
  }, async (request) => await customers.disable(request.ctx, request.params.customerId))

  app.post<P>('/customers/:customerId/enable', {
    config: { permission: 'customers:write' },
    schema: { tags, operationId: 'enableCustomer', summary: 'Re-enable a disabled account', params: CustomerParams, response: { 200: Customer } },
  }, async (request) => await customers.enable(request.ctx, request.params.customerId))

  app.get<P>('/customers/:customerId/addresses', {
    config: { permission: 'customers:read' },
    schema: { tags, operationId: 'listCustomerAddresses', summary: 'A customer\'s addresses', params: CustomerParams, response: { 200: AddressList } },
  }, async (request) => await addresses.list(request.ctx, request.params.customerId))

  app.get<P>('/customers/:customerId/payment-methods', {
    config: { permission: 'customers:read' },
    schema: { tags, operationId: 'listCustomerPaymentMethods', summary: 'A customer\'s saved payment methods', params: CustomerParams, response: { 200: PaymentMethodList } },
  }, async (request) => await paymentMethods.list(request.ctx, request.params.customerId))

  app.get<P>('/customers/:customerId/consents', {
    config: { permission: 'customers:read' },
    schema: { tags, operationId: 'getCustomerConsents', summary: 'Current consent per purpose', params: CustomerParams, response: { 200: ConsentSummary } },
  }, async (request) => await consents.current(request.ctx, request.params.customerId))

  app.get<P>('/customers/:customerId/consents/history', {
    config: { permission: 'customers:read' },
    schema: { tags, operationId: 'getCustomerConsentHistory', summary: 'The consent log, oldest first', params: CustomerParams, response: { 200: ConsentHistory } },
  }, async (request) => await consents.history(request.ctx, request.params.customerId))

  app.post<P & { Body: AdminConsentInput }>('/customers/:customerId/consents', {
    config: { permission: 'customers:write' },
    schema: { tags, operationId: 'recordCustomerConsents', summary: 'Record consent given outside the storefront (phone, paper form)', params: CustomerParams, body: AdminConsentInput, response: { 201: ConsentSummary } },
  }, async (request, reply) => {
    const summary = await consents.record(request.ctx, request.params.customerId, request.body.changes, request.body.source ?? 'admin')
    reply.code(201)
    return summary
  })

  app.get<P>('/customers/:customerId/export', {
    config: { permission: 'customers:read' },
    schema: { tags, operationId: 'exportCustomerPersonalData', summary: 'GDPR export across every installed plugin', params: CustomerParams, response: { 200: PersonalDataExport } },
  }, async (request) => await privacy.exportCustomer(request.ctx, request.params.customerId))

  app.post<P>('/customers/:customerId/erasure-requests', {
    config: { permission: 'customers:erase' },
    schema: { tags, operationId: 'scheduleCustomerErasure', summary: 'Schedule erasure after the configured delay', params: CustomerParams, response: { 202: ErasureRequest } },
  }, async (request, reply) => {
    const erasure = await privacy.requestErasure(request.ctx, request.params.customerId, 'admin')
    reply.code(202)
    return erasure
  })

  app.post<P>('/customers/:customerId/erase', {
    config: { permission: 'customers:erase' },
    schema: { tags, operationId: 'eraseCustomer', summary: 'Erase now, in every plugin (irreversible)', params: CustomerParams, response: { 200: ErasureResult } },
  }, async (request) => await privacy.erase(request.ctx, request.params.customerId, 'admin'))
}
