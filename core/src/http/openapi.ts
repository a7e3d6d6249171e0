import type { FastifyInstance, RouteOptions } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'

/** Every route documents problem+json errors without repeating it. */
function addProblemResponses (route: RouteOptions): void {
  if (route.schema == null || route.schema.hide === true) return
  const response = { ...(route.schema.response as Record<string, unknown> | undefined) }
  const problem = { description: 'Problem details (RFC 9457)', content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } } }
  response['4XX'] ??= problem
  response['5XX'] ??= problem
  route.schema = { ...route.schema, response }
}

/** OpenAPI 3.1 built from the route schemas, served at /openapi.json, with a UI at /docs. */
export async function installOpenApi (app: FastifyInstance, info: { title: string, version: string, docs: boolean }): Promise<void> {
  app.addHook('onRoute', addProblemResponses)
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: info.title, version: info.version, description: 'Comptoir store API: /store for storefronts, /admin for back office, /hooks for third-party callbacks.' },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'Admin session token or admin API key; customer session token on /store' },
        },
      },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => typeof json.$id === 'string' ? json.$id : `def-${i}` },
  })
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  if (info.docs) await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { deepLinking: true } })
}
