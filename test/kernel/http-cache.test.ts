import t from 'tap'
import { definePlugin, systemActor, Type, type RoutePlugin } from '@comptoir/core'
import { createTestDatabases, testEngines } from '@comptoir/core/testing'

// The kernel's HTTP caching (routes with config { cache: true }), apart from any plugin: the
// catalog's storefront test covers anonymous reads, 304s and a price change.
const dbs = createTestDatabases(t)

let version = 1
const adminRoutes: RoutePlugin = async (app) => {
  app.get('/cached-report', {
    config: { cache: true, permission: 'reports:read' },
    schema: { operationId: 'getCachedReport', response: { 200: Type.Object({ version: Type.Integer() }) } },
  }, async () => ({ version }))
}
const reports = definePlugin({ name: 'reports', version: '0.1.0', core: '^0.1.0', dependsOn: {}, permissions: ['reports:read'], routes: { admin: adminRoutes } })

t.test('a cached route read with credentials is private; its ETag follows the body', async (t) => {
  const app = await dbs.app(t, testEngines()[0], { plugins: [reports] })
  const { secret } = await app.services.auth.createApiKey(app.comptoir.systemCtx(systemActor), { name: 'reader', roles: ['owner'] })
  const headers = { authorization: `Bearer ${secret}` }
  const first = await app.inject({ url: '/admin/cached-report', headers })
  t.equal(first.statusCode, 200, first.body)
  t.equal(first.headers['cache-control'], 'private, no-cache', 'never stored by a shared cache')
  t.equal(first.headers.vary, 'Authorization')
  const etag = first.headers.etag as string
  t.equal((await app.inject({ url: '/admin/cached-report', headers: { ...headers, 'if-none-match': etag } })).statusCode, 304)
  t.equal((await app.inject({ url: '/admin/cached-report', headers: { ...headers, 'if-none-match': '*' } })).statusCode, 304, '* matches any current body')
  version = 2
  const changed = await app.inject({ url: '/admin/cached-report', headers: { ...headers, 'if-none-match': etag } })
  t.equal(changed.statusCode, 200)
  t.same(changed.json(), { version: 2 })
  t.not(changed.headers.etag, etag)
  t.equal((await app.inject({ url: '/admin/cached-report' })).headers.etag, undefined, 'a 401 carries no ETag')
})
