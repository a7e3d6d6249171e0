import { Type, type RoutePlugin } from '@comptoir/core'
import type { CrmConfig } from '../config.js'
import {
  AttributeValueInput, CrmProfile, CustomerAttributeParams, CustomerParams, CustomerTagParams, InteractionInput,
  TimelineEntry, TimelinePage, TimelineQuery,
} from '../schemas/index.js'
import { privateWrite, read, tags, write } from './permissions.js'

const AttributeValueResult = Type.Object({ key: Type.String(), value: AttributeValueInput.properties.value })
const Deleted = { 204: Type.Null({ description: 'Done' }) }

/** A customer's timeline, interactions, profile, tags and attribute values (mounted under /admin). */
export const adminCustomerRoutes: RoutePlugin<CrmConfig> = async (app) => {
  const { crm, crmTimeline, crmAttributes } = app.services

  app.get<{ Params: CustomerParams, Querystring: TimelineQuery }>('/crm/customers/:customerId/timeline', {
    config: read,
    schema: { tags, operationId: 'getCrmTimeline', summary: 'A customer\'s timeline, newest first: staff interactions and store events', params: CustomerParams, querystring: TimelineQuery, response: { 200: TimelinePage } },
  }, async (request) => await crmTimeline.list(request.ctx, request.params.customerId, request.query))

  app.post<{ Params: CustomerParams, Body: InteractionInput }>('/crm/customers/:customerId/interactions', {
    config: { ...privateWrite, idempotent: true },
    schema: { tags, operationId: 'createCrmInteraction', summary: 'Record a note, call, email, meeting or chat', params: CustomerParams, body: InteractionInput, response: { 201: TimelineEntry } },
  }, async (request, reply) => await reply.code(201).send(await crmTimeline.addInteraction(request.ctx, request.params.customerId, request.body)))

  app.get<{ Params: CustomerParams }>('/crm/customers/:customerId/profile', {
    config: read,
    schema: { tags, operationId: 'getCrmProfile', summary: 'Tags, attributes, spend per currency, RFM and engagement with its factors', params: CustomerParams, response: { 200: CrmProfile } },
  }, async (request) => await crm.get(request.ctx, request.params.customerId))

  app.put<{ Params: CustomerTagParams }>('/crm/customers/:customerId/tags/:tag', {
    config: write,
    schema: { tags, operationId: 'addCrmTag', summary: 'Tag a customer (idempotent)', params: CustomerTagParams, response: Deleted },
  }, async (request, reply) => { await crm.addTag(request.ctx, request.params.customerId, request.params.tag); return await reply.code(204).send(null) })

  app.delete<{ Params: CustomerTagParams }>('/crm/customers/:customerId/tags/:tag', {
    config: write,
    schema: { tags, operationId: 'removeCrmTag', summary: 'Remove a tag from a customer', params: CustomerTagParams, response: Deleted },
  }, async (request, reply) => { await crm.removeTag(request.ctx, request.params.customerId, request.params.tag); return await reply.code(204).send(null) })

  app.put<{ Params: CustomerAttributeParams, Body: AttributeValueInput }>('/crm/customers/:customerId/attributes/:key', {
    config: privateWrite,
    schema: { tags, operationId: 'setCrmAttribute', summary: 'Set a customer\'s value of a custom attribute (checked against its type)', params: CustomerAttributeParams, body: AttributeValueInput, response: { 200: AttributeValueResult } },
  }, async (request) => await crmAttributes.setValue(request.ctx, request.params.customerId, request.params.key, request.body.value))

  app.delete<{ Params: CustomerAttributeParams }>('/crm/customers/:customerId/attributes/:key', {
    config: write,
    schema: { tags, operationId: 'removeCrmAttribute', summary: 'Remove a customer\'s value of a custom attribute', params: CustomerAttributeParams, response: Deleted },
  }, async (request, reply) => { await crmAttributes.removeValue(request.ctx, request.params.customerId, request.params.key); return await reply.code(204).send(null) })
}
