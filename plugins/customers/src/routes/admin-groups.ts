import { Type, type RoutePlugin } from '@comptoir/core'
import type { CustomersConfig } from '../config.js'
import { CustomerGroup, CustomerGroupInput, CustomerGroupList, CustomerGroupUpdate, GroupParams } from '../schemas/groups.js'

const tags = ['customers']

/** Admin: customer groups. */
export const adminGroupRoutes: RoutePlugin<CustomersConfig> = async (app) => {
  const { customersGroups: groups } = app.services

  app.get('/customer-groups', {
    config: { permission: 'customers:read' },
    schema: { tags, operationId: 'listCustomerGroups', summary: 'Every customer group, by code', response: { 200: CustomerGroupList } },
  }, async (request) => await groups.list(request.ctx))

  app.post<{ Body: CustomerGroupInput }>('/customer-groups', {
    config: { permission: 'customers:write' },
    schema: { tags, operationId: 'createCustomerGroup', summary: 'Create a group', body: CustomerGroupInput, response: { 201: CustomerGroup } },
  }, async (request, reply) => {
    const group = await groups.create(request.ctx, request.body)
    reply.code(201)
    return group
  })

  app.get<{ Params: GroupParams }>('/customer-groups/:groupId', {
    config: { permission: 'customers:read' },
    schema: { tags, operationId: 'getCustomerGroup', summary: 'Read a group', params: GroupParams, response: { 200: CustomerGroup } },
  }, async (request) => await groups.get(request.ctx, request.params.groupId))

  app.patch<{ Params: GroupParams, Body: CustomerGroupUpdate }>('/customer-groups/:groupId', {
    config: { permission: 'customers:write' },
    schema: { tags, operationId: 'updateCustomerGroup', summary: 'Change a group', params: GroupParams, body: CustomerGroupUpdate, response: { 200: CustomerGroup } },
  }, async (request) => await groups.update(request.ctx, request.params.groupId, request.body))

  app.delete<{ Params: GroupParams }>('/customer-groups/:groupId', {
    config: { permission: 'customers:write' },
    schema: { tags, operationId: 'deleteCustomerGroup', summary: 'Delete a group (memberships go with it)', params: GroupParams, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await groups.remove(request.ctx, request.params.groupId)
    reply.code(204)
    return null
  })
}
