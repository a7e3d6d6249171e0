import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Page, PageQuery } from '../../http/pagination.js'
import { ApiKey, ApiKeyCreated, ApiKeyCreateInput, ApiKeyParams } from '../schemas.js'

/** Admin API keys under /admin/api-keys (`core:api-keys`). The secret is in the create response only. */
export async function apiKeyRoutes (scope: FastifyInstance): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>()
  const { auth } = app.services
  const config = { permission: 'core:api-keys' }
  const tags = ['auth']

  app.get('/api-keys', {
    config,
    schema: { tags, operationId: 'listApiKeys', summary: 'List API keys (never their secrets)', querystring: PageQuery, response: { 200: Page(ApiKey) } },
  }, async (request) => await auth.listApiKeys(request.ctx, request.query))

  // Not idempotent on purpose: a replay would need the secret stored in clear.
  app.post('/api-keys', {
    config,
    schema: {
      tags, operationId: 'createApiKey', summary: 'Create an API key; the secret is shown in this response only',
      body: ApiKeyCreateInput, response: { 201: ApiKeyCreated },
    },
  }, async (request, reply) => {
    void reply.header('cache-control', 'no-store')
    return await reply.code(201).send(await auth.createApiKey(request.ctx, request.body))
  })

  app.get('/api-keys/:apiKeyId', {
    config,
    schema: { tags, operationId: 'getApiKey', summary: 'Get an API key', params: ApiKeyParams, response: { 200: ApiKey } },
  }, async (request) => await auth.getApiKey(request.ctx, request.params.apiKeyId))

  app.delete('/api-keys/:apiKeyId', {
    config,
    schema: { tags, operationId: 'revokeApiKey', summary: 'Revoke an API key at once', params: ApiKeyParams, response: { 200: ApiKey } },
  }, async (request) => await auth.revokeApiKey(request.ctx, request.params.apiKeyId))
}
