import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { Page, PageQuery } from '../../http/pagination.js'
import { PermissionList, Role, RoleCreateInput, RoleParams, RoleUpdateInput } from '../schemas.js'

/** CRUD of roles under /admin/roles, and the list of known permissions (`core:roles`). */
export async function roleRoutes (scope: FastifyInstance): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>()
  const { auth } = app.services
  const config = { permission: 'core:roles' }
  const tags = ['auth']

  app.get('/permissions', {
    config,
    schema: { tags, operationId: 'listPermissions', summary: 'Every permission a role can grant (kernel and plugins)', response: { 200: PermissionList } },
  }, async () => ({ items: [...auth.listPermissions()] }))

  app.get('/roles', {
    config,
    schema: { tags, operationId: 'listRoles', summary: 'List roles by name', querystring: PageQuery, response: { 200: Page(Role) } },
  }, async (request) => await auth.listRoles(request.ctx, request.query))

  app.post('/roles', {
    config,
    schema: {
      tags, operationId: 'createRole', summary: 'Create a role; unknown permissions are a 422, ones you lack a 403',
      body: RoleCreateInput, response: { 201: Role },
    },
  }, async (request, reply) => await reply.code(201).send(await auth.createRole(request.ctx, request.body)))

  app.get('/roles/:roleId', {
    config,
    schema: { tags, operationId: 'getRole', summary: 'Get a role', params: RoleParams, response: { 200: Role } },
  }, async (request) => await auth.getRole(request.ctx, request.params.roleId))

  app.patch('/roles/:roleId', {
    config,
    schema: {
      tags, operationId: 'updateRole', summary: 'Rename a role or change its permissions (not built-in roles)',
      params: RoleParams, body: RoleUpdateInput, response: { 200: Role },
    },
  }, async (request) => await auth.updateRole(request.ctx, request.params.roleId, request.body))

  app.delete('/roles/:roleId', {
    config,
    schema: {
      tags, operationId: 'deleteRole', summary: 'Delete a role nobody holds',
      params: RoleParams, response: { 204: Type.Null({ description: 'Deleted' }) },
    },
  }, async (request, reply) => {
    await auth.deleteRole(request.ctx, request.params.roleId)
    return await reply.code(204).send(null)
  })
}
