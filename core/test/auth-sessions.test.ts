import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { BootError, definePlugin, requireCustomer, systemActor, Type } from '@comptoir/core'
import { createTestDatabases, testEngines } from '@comptoir/core/testing'

const dbs = createTestDatabases(t)
const password = 'correct horse battery staple'

/** Store routes that show the actor, customer routes (required, optional), and one that forgot its marking. */
const fixture = definePlugin({
  name: 'fixture',
  version: '1.0.0',
  routes: {
    store: async (app) => {
      const Actor = Type.Union([Type.Null(), Type.Object({ type: Type.String(), id: Type.String() })])
      const CustomerId = Type.Object({ customerId: Type.String() })
      app.get('/fixture/whoami', { schema: { tags: ['fixture'], operationId: 'fixtureWhoAmI', response: { 200: Type.Object({ actor: Actor }) } } },
        async (request) => ({ actor: request.ctx.actor }))
      app.get('/fixture/account', { config: { customer: true }, schema: { tags: ['fixture'], operationId: 'fixtureAccount', response: { 200: CustomerId } } },
        async (request) => ({ customerId: requireCustomer(request).id }))
      app.post('/fixture/account/notes', {
        config: { customer: true },
        schema: { tags: ['fixture'], operationId: 'fixtureAddNote', body: Type.Object({ note: Type.String({ maxLength: 10 }) }, { additionalProperties: false }), response: { 200: CustomerId } },
      }, async (request) => ({ customerId: requireCustomer(request).id }))
      app.get('/fixture/basket', { config: { customer: 'optional' }, schema: { tags: ['fixture'], operationId: 'fixtureBasket', response: { 200: Type.Object({ actor: Actor }) } } },
        async (request) => ({ actor: request.ctx.actor }))
      app.get('/fixture/unmarked', { schema: { tags: ['fixture'], operationId: 'fixtureUnmarked', response: { 200: CustomerId } } },
        async (request) => ({ customerId: requireCustomer(request).id }))
    },
  },
})

async function setup (t: Test, engine: 'embedded' | 'postgres') {
  const app = await dbs.app(t, engine, { plugins: [fixture] })
  return { app, ctx: app.comptoir.systemCtx(systemActor) }
}

/** An owner's admin session token. */
async function ownerToken (app: FastifyInstance): Promise<string> {
  const ctx = app.comptoir.systemCtx(systemActor)
  await app.services.auth.createAdminUser(ctx, { email: 'owner@example.com', password, roles: ['owner'] })
  return (await app.services.auth.login(ctx, { email: 'owner@example.com', password })).token
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

for (const engine of testEngines()) {
  t.test(`${engine}: a customer session token resolves to the customer on /store; revoked or invalid is 401`, async (t) => {
    const { app, ctx } = await setup(t, engine)
    const { sessions } = app.services
    // 1. No token: anonymous, the route decides.
    t.same((await app.inject({ method: 'GET', url: '/store/fixture/whoami' })).json(), { actor: null })
    const mustSignIn = await app.inject({ method: 'GET', url: '/store/fixture/account' })
    t.equal(mustSignIn.statusCode, 401)
    t.equal(mustSignIn.json().code, 'CORE_UNAUTHENTICATED')
    t.match(mustSignIn.headers['www-authenticate'], /^Bearer/)

    // 2. A live customer token: ctx.actor is the customer.
    const issued = await sessions.issue(ctx, { subjectType: 'customer', subjectId: 'cus_42', ttlSeconds: 600 })
    t.match(issued, { token: /^cps_/, expiresAt: String })
    t.same((await app.inject({ method: 'GET', url: '/store/fixture/whoami', headers: bearer(issued.token) })).json(), { actor: { type: 'customer', id: 'cus_42' } })
    t.same((await app.inject({ method: 'GET', url: '/store/fixture/account', headers: bearer(issued.token) })).json(), { customerId: 'cus_42' })
    t.match(await sessions.verify(ctx, issued.token), { subjectType: 'customer', subjectId: 'cus_42' })
    t.equal((await app.inject({ method: 'GET', url: '/admin/auth/me', headers: bearer(issued.token) })).statusCode, 401, 'a customer token is no admin credential')

    // 3. Revoked, made-up, expired, or an admin token: 401.
    t.equal(await sessions.revoke(ctx, issued.token), true)
    t.equal(await sessions.verify(ctx, issued.token), null)
    t.equal((await app.inject({ method: 'GET', url: '/store/fixture/whoami', headers: bearer(issued.token) })).statusCode, 401)
    t.equal((await app.inject({ method: 'GET', url: '/store/fixture/whoami', headers: bearer('cps_nope') })).statusCode, 401)
    const expiring = await sessions.issue(ctx, { subjectType: 'customer', subjectId: 'cus_43', ttlSeconds: 600 })
    const db = app.comptoir.database.knex
    await db('comptoir_sessions').where({ subject_id: 'cus_43' }).update({ expires_at: db.raw("now() - interval '1 second'") })
    t.equal((await app.inject({ method: 'GET', url: '/store/fixture/whoami', headers: bearer(expiring.token) })).statusCode, 401, 'expired')
    t.equal((await app.inject({ method: 'GET', url: '/store/fixture/whoami', headers: bearer(await ownerToken(app)) })).statusCode, 401, 'an admin token is no customer session')
  })

  t.test(`${engine}: sessions refresh (rotating the token), revokeAll ends every session of a subject, purge deletes old ones`, async (t) => {
    const { app, ctx } = await setup(t, engine)
    const { sessions } = app.services
    const first = await sessions.issue(ctx, { subjectType: 'customer', subjectId: 'cus_1', ttlSeconds: 600 })
    const second = await sessions.issue(ctx, { subjectType: 'customer', subjectId: 'cus_1', ttlSeconds: 600 })
    const refreshed = await sessions.refresh(ctx, first.token)
    t.ok(refreshed)
    t.not(refreshed?.token, first.token)
    t.equal(await sessions.verify(ctx, first.token), null, 'the old token is revoked')
    t.equal(await sessions.refresh(ctx, first.token), null, 'a revoked token cannot be refreshed')
    t.equal(await sessions.revokeAll(ctx, 'customer', 'cus_1'), 2)
    t.equal(await sessions.verify(ctx, second.token), null)
    t.equal(await sessions.verify(ctx, refreshed?.token ?? ''), null)
    t.equal(await sessions.purgeExpired(ctx, 3600), 0, 'nothing expired or revoked long enough ago')
    const db = app.comptoir.database.knex
    await db('comptoir_sessions').update({ revoked_at: db.raw("now() - interval '2 hours'") })
    t.equal(await sessions.purgeExpired(ctx, 60), 3)
  })

  t.test(`${engine}: an admin route with an undeclared permission stops boot`, async (t) => {
    const broken = definePlugin({
      name: 'broken',
      permissions: ['broken:read'],
      routes: { admin: async (app) => { app.get('/broken', { config: { permission: 'broken:write' } }, async () => ({})) } },
    })
    const error = await dbs.app(t, engine, { plugins: [broken] }).then(() => null, (e: unknown) => e)
    t.type(error, BootError)
    t.match((error as BootError).message, /'broken'.*permission 'broken:write', which no plugin declares/)
  })

  t.test(`${engine}: a customer route answers 401 before reading the body; an optional one serves anonymous callers`, async (t) => {
    const { app, ctx } = await setup(t, engine)
    // 1. No token, and a body that would fail validation: the 401 comes first.
    const anonymous = await app.inject({ method: 'POST', url: '/store/fixture/account/notes', payload: { note: 'far too long a note', extra: 1 } })
    t.equal(anonymous.statusCode, 401)
    t.equal(anonymous.json().code, 'CORE_UNAUTHENTICATED')
    t.match(anonymous.json().detail, /customer session token/)
    t.equal(anonymous.headers['www-authenticate'], 'Bearer realm="comptoir"')
    t.equal((await app.inject({ method: 'GET', url: '/store/fixture/account', headers: { authorization: '' } })).statusCode, 401, 'an empty header is no token')
    // 2. With a customer token the route runs.
    const { token } = await app.services.sessions.issue(ctx, { subjectType: 'customer', subjectId: 'cus_7', ttlSeconds: 600 })
    const signedIn = await app.inject({ method: 'POST', url: '/store/fixture/account/notes', headers: bearer(token), payload: { note: 'hi' } })
    t.same(signedIn.json(), { customerId: 'cus_7' })
    // 3. Optional: anonymous is served, a token is used.
    t.same((await app.inject({ method: 'GET', url: '/store/fixture/basket' })).json(), { actor: null })
    t.same((await app.inject({ method: 'GET', url: '/store/fixture/basket', headers: bearer(token) })).json(), { actor: { type: 'customer', id: 'cus_7' } })
  })

  t.test(`${engine}: OpenAPI gives customer routes the customer scheme, optional ones either, public ones none`, async (t) => {
    const { app } = await setup(t, engine)
    const spec = (await app.inject({ method: 'GET', url: '/openapi.json' })).json()
    t.same(spec.paths['/store/fixture/account'].get.security, [{ customerAuth: [] }])
    t.same(spec.paths['/store/fixture/account/notes'].post.security, [{ customerAuth: [] }])
    t.same(spec.paths['/store/fixture/basket'].get.security, [{}, { customerAuth: [] }])
    t.same(spec.paths['/store/fixture/whoami'].get.security, [])
    t.same(spec.paths['/health/live'].get.security, [])
    t.match(spec.components.securitySchemes.customerAuth, { type: 'http', scheme: 'bearer' })
    t.same(spec.servers, [{ url: '/', description: 'This store' }])
  })

  t.test(`${engine}: requireCustomer on a route without config.customer is a 500 that names the fix`, async (t) => {
    const logged: string[] = []
    const app = await dbs.app(t, engine, { plugins: [fixture] }, { logger: { level: 'error', stream: { write: (line: string) => { logged.push(line) } } } })
    const { token } = await app.services.sessions.issue(app.comptoir.systemCtx(systemActor), { subjectType: 'customer', subjectId: 'cus_8', ttlSeconds: 600 })
    const res = await app.inject({ method: 'GET', url: '/store/fixture/unmarked', headers: bearer(token) })
    t.equal(res.statusCode, 500)
    t.equal(res.json().code, 'CORE_INTERNAL')
    t.notMatch(res.body, /config/, 'the fix is logged, not sent')
    t.match(logged.join(''), /route GET \/store\/fixture\/unmarked reads the signed-in customer, so it must set `config: \{ customer: true \}`/)
  })

  t.test(`${engine}: config.customer outside /store stops boot`, async (t) => {
    const broken = definePlugin({
      name: 'broken',
      routes: { hooks: async (app) => { app.post('/broken', { config: { customer: true } }, async () => ({})) } },
    })
    const error = await dbs.app(t, engine, { plugins: [broken] }).then(() => null, (e: unknown) => e)
    t.type(error, BootError)
    t.match((error as BootError).message, /POST \/hooks\/broken sets `config.customer`.*only read on \/store/)
  })
}
