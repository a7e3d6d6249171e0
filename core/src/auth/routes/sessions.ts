import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { NotASessionError, UnauthenticatedError } from '../errors.js'
import { AdminSession, LoginInput, Me } from '../schemas.js'

/** Admin login, logout and "who am I", under /admin/auth. */
export async function sessionRoutes (scope: FastifyInstance): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>()
  const { auth } = app.services

  // The one anonymous /admin route; `auth: true` puts it under the stricter login rate limit.
  app.post('/auth/sessions', {
    config: { auth: true },
    schema: {
      tags: ['auth'], operationId: 'createAdminSession', summary: 'Log in with email and password',
      body: LoginInput, response: { 201: AdminSession },
    },
  }, async (request, reply) => {
    const session = await auth.login(request.ctx, request.body)
    return await reply.code(201).header('cache-control', 'no-store').send(session)
  })

  app.delete('/auth/sessions/current', {
    schema: {
      tags: ['auth'], operationId: 'deleteCurrentAdminSession', summary: 'Log out: revoke the session token of this request',
      response: { 204: Type.Null({ description: 'Logged out' }) },
    },
  }, async (request, reply) => {
    const credential = request.authCredential
    if (credential == null) throw new UnauthenticatedError()
    if (credential.kind !== 'session') throw new NotASessionError()
    await auth.logout(request.ctx, credential)
    return await reply.code(204).send(null)
  })

  app.get('/auth/me', {
    schema: {
      tags: ['auth'], operationId: 'getCurrentAdmin', summary: 'The admin user or API key of this request, with its permissions',
      response: { 200: Me },
    },
  }, async (request) => await auth.describeActor(request.ctx))
}
