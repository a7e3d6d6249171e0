import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { Validator } from '@seriousme/openapi-schema-validator'
import { createTestDatabases, testEngines } from '@comptoir/core/testing'
import greetings from '@comptoir-fixtures/plugin-greetings'

const dbs = createTestDatabases(t)
const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']

interface Operation { operationId?: string, tags?: string[], responses: Record<string, { content?: Record<string, unknown> }> }
type OpenApiDocument = { openapi: string, paths: Record<string, Record<string, Operation>> }

/**
 * Every `METHOD /path` the app serves, read from Fastify's own route tree (printRoutes), so the
 * list does not come from @fastify/swagger, the thing under test. Paths use OpenAPI's `{param}`.
 */
function servedRoutes (app: FastifyInstance): string[] {
  const routes: string[] = []
  const stack: string[] = []
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([^)]*)\))?$/.exec(line.replace(/\s+$/, ''))
    if (match == null) continue
    const depth = match[1].length / 4
    stack.length = depth
    const path = (stack[depth - 1] ?? '') + match[2]
    stack.push(path)
    for (const method of (match[3] ?? '').split(', ')) {
      if (methods.includes(method)) routes.push(`${method} ${path.replace(/:(\w+)/g, '{$1}')}`)
    }
  }
  return routes.sort()
}

function documentedRoutes (doc: OpenApiDocument): string[] {
  return Object.entries(doc.paths)
    .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
    .sort()
}

// Routes that serve the documentation itself, hidden from it on purpose.
const isDocsRoute = (route: string): boolean => /^[A-Z]+ \/(openapi\.json|docs)\b/.test(route)

for (const engine of testEngines()) {
  t.test(engine, async (t) => {
    t.test('the document at /openapi.json is valid OpenAPI 3.1', async (t) => {
      const app = await dbs.app(t, engine, { plugins: [greetings] })
      const res = await app.inject({ method: 'GET', url: '/openapi.json' })
      t.equal(res.statusCode, 200)
      const doc = res.json<OpenApiDocument>()
      t.match(doc.openapi, /^3\.1\./)
      const result = await new Validator().validate(doc)
      t.same(result.errors, undefined, 'no schema errors')
      t.equal(result.valid, true)
    })

    t.test('the document lists every route the app serves, and only those', async (t) => {
      const app = await dbs.app(t, engine, { plugins: [greetings] })
      const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<OpenApiDocument>()
      const served = servedRoutes(app)
      for (const route of ['GET /health/live', 'GET /health/ready', 'GET /store/greetings/messages', 'POST /store/greetings/messages', 'GET /store/greetings/messages/{messageId}']) {
        t.ok(served.includes(route), `served: ${route}`)
      }
      t.same(documentedRoutes(doc), served.filter((route) => !isDocsRoute(route)))
    })

    t.test('each plugin operation has a unique operationId, its tag, and problem+json errors', async (t) => {
      const app = await dbs.app(t, engine, { plugins: [greetings] })
      const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<OpenApiDocument>()
      const operations = Object.values(doc.paths).flatMap((byMethod) => Object.values(byMethod))
      const ids = operations.map((operation) => operation.operationId)
      t.equal(new Set(ids).size, ids.length, 'operationIds are unique')
      t.notOk(ids.includes(undefined), 'every operation has an operationId')

      const plugin = Object.entries(doc.paths).filter(([path]) => path.startsWith('/store/greetings/'))
      t.same(plugin.map(([path, byMethod]) => `${path} ${Object.keys(byMethod).join(',')}`).sort(),
        ['/store/greetings/messages get,post', '/store/greetings/messages/{messageId} get'])
      for (const [path, byMethod] of plugin) {
        for (const [method, operation] of Object.entries(byMethod)) {
          t.same(operation.tags, ['greetings'], `${method} ${path} tag`)
          t.ok(operation.responses['4XX']?.content?.['application/problem+json'], `${method} ${path} documents 4XX problems`)
          t.ok(operation.responses['5XX']?.content?.['application/problem+json'], `${method} ${path} documents 5XX problems`)
        }
      }
      t.ok(doc.paths['/store/greetings/messages'].post.responses['201'], 'create documents 201')
    })

    t.test('/docs serves the HTML documentation UI', async (t) => {
      const app = await dbs.app(t, engine, { plugins: [greetings] })
      const res = await app.inject({ method: 'GET', url: '/docs' })
      t.equal(res.statusCode, 200)
      t.match(res.headers['content-type'], /^text\/html/)
      t.match(res.body, /<html/i)
    })
  })
}
