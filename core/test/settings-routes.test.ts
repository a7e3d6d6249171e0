import t, { type Test } from 'tap'
import { definePlugin, systemActor, Type } from '@comptoir/core'
import { createTestDatabases, testEngines, uniqueName } from '@comptoir/core/testing'
import type { FastifyInstance } from 'fastify'

const dbs = createTestDatabases(t)

const shop = definePlugin({
  name: 'shop',
  version: '1.0.0',
  settings: { lowStockThreshold: Type.Integer({ default: 5, minimum: 0 }) },
})

/** An owner's bearer token when auth is installed; no header before it is. */
async function adminHeaders (app: FastifyInstance): Promise<Record<string, string>> {
  if (!app.container.hasRegistration('auth')) return {}
  const ctx = app.comptoir.systemCtx(systemActor)
  const credentials = { email: `${uniqueName('owner')}@example.com`, password: 'correct horse battery staple' }
  await app.services.auth.createAdminUser(ctx, { ...credentials, roles: ['owner'] })
  const session = await app.services.auth.login(ctx, credentials)
  return { authorization: `Bearer ${session.token}` }
}

async function setup (t: Test, engine: 'embedded' | 'postgres') {
  const app = await dbs.app(t, engine, { plugins: [shop] })
  const headers = await adminHeaders(app)
  const url = '/admin/settings/shop/lowStockThreshold'
  const put = async (body: unknown) => await app.inject({ method: 'PUT', url, headers, payload: body as object })
  return { app, headers, url, put }
}

for (const engine of testEngines()) {
  t.test(`${engine}: GET /admin/settings lists schema, default, value and version`, async (t) => {
    const { app, headers } = await setup(t, engine)
    const res = await app.inject({ method: 'GET', url: '/admin/settings', headers })
    t.equal(res.statusCode, 200)
    t.same(res.json(), {
      items: [{
        key: 'shop.lowStockThreshold', plugin: 'shop', name: 'lowStockThreshold',
        schema: { type: 'integer', default: 5, minimum: 0 }, default: 5, value: 5, version: 0, updatedAt: null, updatedBy: null,
      }],
    })
    const filtered = await app.inject({ method: 'GET', url: '/admin/settings?plugin=other', headers })
    t.same(filtered.json(), { items: [] })
  })

  t.test(`${engine}: PUT changes the value, and GET reads it back`, async (t) => {
    const { app, headers, url, put } = await setup(t, engine)
    const res = await put({ value: 9, expectedVersion: 0 })
    t.equal(res.statusCode, 200)
    t.match(res.json(), { key: 'shop.lowStockThreshold', value: 9, version: 1 })
    const read = await app.inject({ method: 'GET', url, headers })
    t.match(read.json(), { value: 9, version: 1, default: 5 })
  })

  t.test(`${engine}: PUT with an invalid value is a 422 problem and nothing changes`, async (t) => {
    const { app, headers, url, put } = await setup(t, engine)
    const res = await put({ value: -3 })
    t.equal(res.statusCode, 422)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    t.match(res.json(), { code: 'CORE_SETTING_INVALID', status: 422, key: 'shop.lowStockThreshold', errors: [{ pointer: '/body/value', detail: String }] })
    t.match((await app.inject({ method: 'GET', url, headers })).json(), { value: 5, version: 0 })
    t.equal((await app.services.audit.list(app.comptoir.systemCtx())).items.length, 0, 'no audit entry for a rejected change')
  })

  t.test(`${engine}: PUT with a stale expectedVersion is a 409 problem`, async (t) => {
    const { put } = await setup(t, engine)
    t.equal((await put({ value: 6 })).statusCode, 200)
    const res = await put({ value: 7, expectedVersion: 0 })
    t.equal(res.statusCode, 409)
    t.match(res.json(), { code: 'CORE_SETTING_VERSION_CONFLICT', expectedVersion: 0, currentVersion: 1 })
  })

  t.test(`${engine}: an unknown setting is a 404 problem; unknown fields are a 400`, async (t) => {
    const { app, headers, put } = await setup(t, engine)
    const missing = await app.inject({ method: 'PUT', url: '/admin/settings/shop/nope', headers, payload: { value: 1 } })
    t.equal(missing.statusCode, 404)
    t.match(missing.json(), { code: 'CORE_SETTING_NOT_FOUND', key: 'shop.nope' })
    t.equal((await app.inject({ method: 'GET', url: '/admin/settings/other/lowStockThreshold', headers })).statusCode, 404)
    const extra = await put({ value: 1, note: 'x' })
    t.equal(extra.statusCode, 400)
    t.match(extra.json(), { code: 'CORE_VALIDATION', errors: [{ pointer: '/body/note' }] })
    t.equal((await put({})).statusCode, 400, 'value is required')
  })

  t.test(`${engine}: history pages through versions newest first`, async (t) => {
    const { app, headers, url, put } = await setup(t, engine)
    for (const value of [10, 20, 30]) t.equal((await put({ value })).statusCode, 200)
    const first = await app.inject({ method: 'GET', url: `${url}/history?limit=2`, headers })
    t.equal(first.statusCode, 200)
    const page1 = first.json()
    t.same(page1.items.map((c: { version: number, oldValue: number, newValue: number }) => [c.version, c.oldValue, c.newValue]), [[3, 20, 30], [2, 10, 20]])
    t.type(page1.nextCursor, 'string')
    const page2 = (await app.inject({ method: 'GET', url: `${url}/history?limit=2&cursor=${page1.nextCursor as string}`, headers })).json()
    t.same(page2.items.map((c: { version: number }) => c.version), [1])
    t.equal(page2.nextCursor, null)
    t.match(page2.items[0], { oldValue: 5, newValue: 10, requestId: String, changedAt: String })
  })

  t.test(`${engine}: a PUT is audited once, by the settings service, with before and after`, async (t) => {
    const { app, put } = await setup(t, engine)
    const res = await put({ value: 11 })
    const { items } = await app.services.audit.list(app.comptoir.systemCtx(), { action: 'core.setting.updated' })
    t.equal(items.length, 1)
    t.match(items[0], { targetId: 'shop.lowStockThreshold', before: { value: 5 }, after: { value: 11 }, requestId: res.headers['x-request-id'], source: 'service' })
    t.equal((await app.services.audit.list(app.comptoir.systemCtx(), { targetType: 'settings' })).items.length, 0, 'no automatic entry on top')
  })

  t.test(`${engine}: settings routes need an admin credential once auth is installed`, async (t) => {
    const { app } = await setup(t, engine)
    if (!app.container.hasRegistration('auth')) return t.pass('auth not installed yet')
    t.equal((await app.inject({ method: 'GET', url: '/admin/settings' })).statusCode, 401)
    t.equal((await app.inject({ method: 'PUT', url: '/admin/settings/shop/lowStockThreshold', payload: { value: 1 } })).statusCode, 401)
  })
}
