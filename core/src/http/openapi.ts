import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'

type SecurityRequirement = Record<string, string[]>

/**
 * What an operation's OpenAPI `security` says, by who may call it. The auth hooks set the
 * admin and customer ones; an operation that declares nothing is public (`[]`).
 */
export const securityRequirements: Readonly<Record<'public' | 'admin' | 'customer' | 'optionalCustomer', readonly SecurityRequirement[]>> = {
  public: [],
  admin: [{ bearerAuth: [] }],
  customer: [{ customerAuth: [] }],
  // `{}` first: anonymous callers are allowed, a customer token is used when sent.
  optionalCustomer: [{}, { customerAuth: [] }],
}

const securitySchemes = {
  bearerAuth: { type: 'http' as const, scheme: 'bearer', description: 'On /admin: an admin session token (POST /admin/auth/sessions) or an admin API key' },
  customerAuth: { type: 'http' as const, scheme: 'bearer', description: 'On /store: a customer session token, from the sign-in route of the plugin that manages customer accounts' },
}

/** Every route documents problem+json errors without repeating it. */
function addProblemResponses (route: RouteOptions): void {
  if (route.schema == null || route.schema.hide === true) return
  const response = { ...(route.schema.response as Record<string, unknown> | undefined) }
  const problem = { description: 'Problem details (RFC 9457)', content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } } }
  response['4XX'] ??= problem
  response['5XX'] ??= problem
  route.schema = { ...route.schema, response }
}

/** Keeps only the security schemes some operation names, so a store without customer routes offers no customer login. */
function dropUnusedSchemes<Doc extends { paths?: object, components?: { securitySchemes?: object } }> (doc: Doc): Doc {
  const operations = Object.values(doc.paths ?? {}).flatMap((byMethod: Record<string, { security?: SecurityRequirement[] }>) => Object.values(byMethod))
  const used = new Set(operations.flatMap((operation) => (operation.security ?? []).flatMap((requirement) => Object.keys(requirement))))
  const schemes = doc.components?.securitySchemes
  if (doc.components == null || schemes == null) return doc
  doc.components.securitySchemes = Object.fromEntries(Object.entries(schemes).filter(([name]) => used.has(name)))
  return doc
}

/** OpenAPI 3.1 built from the route schemas, served at /openapi.json, with a UI at /docs. */
export async function installOpenApi (app: FastifyInstance, info: { title: string, version: string, docs: boolean }): Promise<void> {
  app.addHook('onRoute', addProblemResponses)
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: info.title, version: info.version, description: 'Comptoir store API: /store for storefronts, /admin for back office, /hooks for third-party callbacks.' },
      // Relative: the paths are on the host that serves this document, whatever its public URL.
      servers: [{ url: '/', description: 'This store' }],
      components: { securitySchemes },
    },
    transform: ({ schema, url }) => ({ schema: { ...schema, security: (schema as FastifySchema | undefined)?.security ?? [...securityRequirements.public] } as FastifySchema, url }),
    transformObject: (document) => 'openapiObject' in document ? dropUnusedSchemes(document.openapiObject) : document.swaggerObject,
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => typeof json.$id === 'string' ? json.$id : `def-${i}` },
  })
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  if (info.docs) await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { deepLinking: true } })
}
