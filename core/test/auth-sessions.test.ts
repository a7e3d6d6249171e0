import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { BootError, definePlugin, requireCustomer, systemActor, Type } from '@comptoir/core'
import { createTestDatabases, testEngines } from '@comptoir/core/testing'

const dbs = createTestDatabases(t)
const password = 'correct horse battery staple'

/** Store routes that show the actor, and one that needs a signed-in customer. */
const fixture = definePlugin({
  name: 'fixture',
  version: '1.0.0',
  routes: {
    store: async (app) => {
      const Actor = Type.Union([Type.Null(), Type.Object({ type: Type.String(), id: Type.String() })])
      app.get('/fixture/whoami', { schema: { tags: ['fixture'], operationId: 'fixtureWhoAmI', response: { 200: Type.Object({ actor: Actor }) } } },
        async (request) => ({ actor: request.ctx.actor }))
      app.get('/fixture/account', { schema: { tags: ['fixture'], operationId: 'fixtureAccount', response: { 200: Type.Object({ customerId: Type.String() }) } } },
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
}
