import type { RoutePlugin } from '@comptoir/core'
import type { CrmConfig } from '../config.js'
import { AttributeDefinition, AttributeDefinitionInput, AttributeDefinitionList } from '../schemas/index.js'
import { read, tags, write } from './permissions.js'

/** Custom attribute definitions (mounted under /admin). */
export const adminAttributeRoutes: RoutePlugin<CrmConfig> = async (app) => {
  const { crmAttributes } = app.services

  app.get('/crm/attributes', {
    config: read,
    schema: { tags, operationId: 'listCrmAttributes', summary: 'Custom attribute definitions, by key', response: { 200: AttributeDefinitionList } },
  }, async (request) => await crmAttributes.listDefinitions(request.ctx))

  app.post<{ Body: AttributeDefinitionInput }>('/crm/attributes', {
    config: { ...write, idempotent: true },
    schema: { tags, operationId: 'createCrmAttribute', summary: 'Define a typed custom attribute (text, number, date, boolean, enum)', body: AttributeDefinitionInput, response: { 201: AttributeDefinition } },
  }, async (request, reply) => await reply.code(201).send(await crmAttributes.define(request.ctx, request.body)))
}
