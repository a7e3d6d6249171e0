import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { Page, PageQuery } from '../../http/pagination.js'
import { AdminUser, AdminUserCreateInput, AdminUserParams, AdminUserUpdateInput } from '../schemas.js'

/** CRUD of admin users under /admin/admin-users (`core:admin-users`). */
export async function adminUserRoutes (scope: FastifyInstance): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>()
  const { auth } = app.services
  const config = { permission: 'core:admin-users' }
  const tags = ['auth']

  app.get('/admin-users', {
    config,
    schema: { tags, operationId: 'listAdminUsers', summary: 'List admin users by email', querystring: PageQuery, response: { 200: Page(AdminUser) } },
  }, async (request) => await auth.listAdminUsers(request.ctx, request.query))

  app.post('/admin-users', {
    config,
    schema: {
      tags, operationId: 'createAdminUser', summary: 'Create an admin user (roles you hold only)',
      body: AdminUserCreateInput, response: { 201: AdminUser },
    },
  }, async (request, reply) => await reply.code(201).send(await auth.createAdminUser(request.ctx, request.body)))

  app.get('/admin-users/:adminUserId', {
    config,
    schema: { tags, operationId: 'getAdminUser', summary: 'Get an admin user', params: AdminUserParams, response: { 200: AdminUser } },
  }, async (request) => await auth.getAdminUser(request.ctx, request.params.adminUserId))

  app.patch('/admin-users/:adminUserId', {
    config,
    schema: {
      tags, operationId: 'updateAdminUser', summary: 'Change email, password, roles or disabled; a new password or disabling ends the user\'s sessions',
      params: AdminUserParams, body: AdminUserUpdateInput, response: { 200: AdminUser },
    },
  }, async (request) => await auth.updateAdminUser(request.ctx, request.params.adminUserId, request.body))

  app.delete('/admin-users/:adminUserId', {
    config,
    schema: {
      tags, operationId: 'deleteAdminUser', summary: 'Delete an admin user and end their sessions',
      params: AdminUserParams, response: { 204: Type.Null({ description: 'Deleted' }) },
    },
  }, async (request, reply) => {
    await auth.deleteAdminUser(request.ctx, request.params.adminUserId)
    return await reply.code(204).send(null)
  })
}
