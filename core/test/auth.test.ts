import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { definePlugin, systemActor, Type } from '@comptoir/core'
import { createTestDatabases, testEngines } from '@comptoir/core/testing'

const dbs = createTestDatabases(t)
const password = 'correct horse battery staple'

/** A plugin with two permissions and admin routes that need them. */
const fixture = definePlugin({
  name: 'fixture',
  version: '1.0.0',
  permissions: ['fixture:read', 'fixture:write'],
  routes: {
    admin: async (app) => {
      const schema = { tags: ['fixture'], response: { 200: Type.Object({ ok: Type.Boolean() }) } }
      app.get('/fixture/things', { config: { permission: 'fixture:read' }, schema: { ...schema, operationId: 'listFixtureThings' } }, async () => ({ ok: true }))
      app.post('/fixture/things', { config: { permission: 'fixture:write' }, schema: { ...schema, operationId: 'createFixtureThing' } }, async () => ({ ok: true }))
    },
  },
})

async function setup (t: Test, engine: 'embedded' | 'postgres') {
  const app = await dbs.app(t, engine, { plugins: [fixture] })
  const ctx = app.comptoir.systemCtx(systemActor)
  return { app, ctx, db: app.comptoir.database.knex }
}

/** Creates an admin with the given permissions (through a fresh role) and logs in. */
async function adminWith (app: FastifyInstance, permissions: string[], email = `admin-${Math.random().toString(36).slice(2)}@example.com`): Promise<{ token: string, id: string }> {
  const ctx = app.comptoir.systemCtx(systemActor)
  const role = await app.services.auth.createRole(ctx, { name: `role-${Math.random().toString(36).slice(2)}`, permissions })
  const user = await app.services.auth.createAdminUser(ctx, { email, password, roles: [role.name] })
  const session = await app.services.auth.login(ctx, { email, password })
  return { token: session.token, id: user.id }
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

for (const engine of testEngines()) {
  t.test(`${engine}: admin routes answer 401 problem+json without a valid token`, async (t) => {
    const { app, db } = await setup(t, engine)
    const { token } = await adminWith(app, ['fixture:read'])
    const expired = await adminWith(app, ['fixture:read'])
    await db('comptoir_sessions').where({ subject_id: expired.id }).update({ expires_at: db.raw("now() - interval '1 second'") })
    const revoked = await adminWith(app, ['fixture:read'])
    t.equal((await app.inject({ method: 'DELETE', url: '/admin/auth/sessions/current', headers: bearer(revoked.token) })).statusCode, 204)
    const cases: Array<[string, Record<string, string>]> = [
      ['no header', {}],
      ['not a bearer', { authorization: `Basic ${token}` }],
      ['a made-up token', bearer('cps_' + 'A'.repeat(43))],
      ['garbage', bearer('nope')],
      ['an expired token', bearer(expired.token)],
      ['a revoked token', bearer(revoked.token)],
    ]
    for (const [name, headers] of cases) {
      const res = await app.inject({ method: 'GET', url: '/admin/fixture/things', headers })
      t.equal(res.statusCode, 401, name)
      t.match(res.headers['content-type'], /^application\/problem\+json/, name)
      t.equal(res.json().code, 'CORE_UNAUTHENTICATED', name)
      t.match(res.headers['www-authenticate'], /^Bearer/, name)
    }
    const unknown = await app.inject({ method: 'GET', url: '/admin/no-such-route' })
    t.equal(unknown.statusCode, 401, 'unknown /admin URLs do not reveal whether they exist')
  })

  t.test(`${engine}: a valid admin without the permission gets 403 naming it, with it 200`, async (t) => {
    const { app } = await setup(t, engine)
    const reader = await adminWith(app, ['fixture:read'])
    const read = await app.inject({ method: 'GET', url: '/admin/fixture/things', headers: bearer(reader.token) })
    t.equal(read.statusCode, 200)
    t.same(read.json(), { ok: true })
    const write = await app.inject({ method: 'POST', url: '/admin/fixture/things', headers: bearer(reader.token) })
    t.equal(write.statusCode, 403)
    t.match(write.json(), { code: 'CORE_FORBIDDEN', permission: 'fixture:write' })
    const wildcard = await adminWith(app, ['fixture:*'])
    t.equal((await app.inject({ method: 'POST', url: '/admin/fixture/things', headers: bearer(wildcard.token) })).statusCode, 200, 'fixture:* grants fixture:write')
  })

  t.test(`${engine}: GET /admin/auth/me describes the admin and logout revokes the session`, async (t) => {
    const { app } = await setup(t, engine)
    const admin = await adminWith(app, ['fixture:read'], 'Me@Example.com')
    const me = await app.inject({ method: 'GET', url: '/admin/auth/me', headers: bearer(admin.token) })
    t.equal(me.statusCode, 200)
    t.match(me.json(), { type: 'admin', id: admin.id, permissions: ['fixture:read'], adminUser: { email: 'me@example.com' } })
    t.notOk('passwordHash' in me.json().adminUser || 'password_hash' in me.json().adminUser)
    t.equal((await app.inject({ method: 'DELETE', url: '/admin/auth/sessions/current', headers: bearer(admin.token) })).statusCode, 204)
    t.equal((await app.inject({ method: 'GET', url: '/admin/auth/me', headers: bearer(admin.token) })).statusCode, 401)
  })

  t.test(`${engine}: login over HTTP returns a working token; email is case-insensitive`, async (t) => {
    const { app, ctx } = await setup(t, engine)
    await app.services.auth.createAdminUser(ctx, { email: 'owner@example.com', password, roles: ['owner'] })
    const res = await app.inject({ method: 'POST', url: '/admin/auth/sessions', payload: { email: 'OWNER@example.com', password } })
    t.equal(res.statusCode, 201)
    t.equal(res.headers['cache-control'], 'no-store')
    const body = res.json()
    t.match(body, { token: /^cps_/, expiresAt: String, adminUser: { email: 'owner@example.com', roles: ['owner'] } })
    t.ok(Date.parse(body.expiresAt) > Date.now())
    t.equal((await app.inject({ method: 'POST', url: '/admin/fixture/things', headers: bearer(body.token) })).statusCode, 200, 'owner (*) holds every permission')
  })

  t.test(`${engine}: wrong password, unknown email and disabled user get the same answer`, async (t) => {
    const { app, ctx } = await setup(t, engine)
    await app.services.auth.createAdminUser(ctx, { email: 'real@example.com', password, roles: [] })
    await app.services.auth.createAdminUser(ctx, { email: 'off@example.com', password, roles: [], disabled: true })
    const attempts = [
      { email: 'real@example.com', password: 'wrong password!!' },
      { email: 'ghost@example.com', password: 'wrong password!!' },
      { email: 'off@example.com', password },
    ]
    const answers = []
    for (const payload of attempts) {
      const res = await app.inject({ method: 'POST', url: '/admin/auth/sessions', payload })
      t.equal(res.statusCode, 401)
      const { requestId: _r, ...rest } = res.json()
      answers.push(rest)
    }
    t.same(answers[1], answers[0])
    t.same(answers[2], answers[0])
    t.match(answers[0], { code: 'CORE_INVALID_CREDENTIALS', detail: 'The email or password is incorrect' })
  })

  t.test(`${engine}: passwords are stored as salted scrypt, never in clear`, async (t) => {
    const { app, ctx, db } = await setup(t, engine)
    await app.services.auth.createAdminUser(ctx, { email: 'a@example.com', password, roles: [] })
    await app.services.auth.createAdminUser(ctx, { email: 'b@example.com', password, roles: [] })
    const rows = await db('comptoir_admin_users').select('password_hash').orderBy('email') as Array<{ password_hash: string }>
    for (const row of rows) {
      t.match(row.password_hash, /^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/)
      t.notMatch(row.password_hash, password)
    }
    t.not(rows[0].password_hash, rows[1].password_hash, 'salted: the same password hashes differently')
  })

  t.test(`${engine}: an API key is shown once, works, and stops working once revoked or expired`, async (t) => {
    const { app, db } = await setup(t, engine)
    const owner = await adminWith(app, ['*'])
    const created = await app.inject({ method: 'POST', url: '/admin/api-keys', headers: bearer(owner.token), payload: { name: 'erp', roles: ['owner'] } })
    t.equal(created.statusCode, 201)
    const { apiKey, secret } = created.json()
    t.match(secret, /^cpk_/)
    t.equal(apiKey.prefix, secret.slice(0, 12))
    const stored = await db('comptoir_api_keys').where({ id: apiKey.id }).first()
    t.not(stored.token_hash, secret, 'only a hash is stored')
    t.notOk(JSON.stringify(stored).includes(secret))
    const listed = await app.inject({ method: 'GET', url: '/admin/api-keys', headers: bearer(owner.token) })
    t.notOk(listed.body.includes(secret), 'the secret is never listed')
    const me = await app.inject({ method: 'GET', url: '/admin/auth/me', headers: bearer(secret) })
    t.match(me.json(), { type: 'api-key', id: apiKey.id, permissions: ['*'], apiKey: { name: 'erp' } })
    t.equal((await app.inject({ method: 'POST', url: '/admin/fixture/things', headers: bearer(secret) })).statusCode, 200)
    t.not((await db('comptoir_api_keys').where({ id: apiKey.id }).first()).last_used_at, null, 'last use is recorded')
    t.equal((await app.inject({ method: 'DELETE', url: '/admin/auth/sessions/current', headers: bearer(secret) })).json().code, 'CORE_NOT_A_SESSION')

    const revoked = await app.inject({ method: 'DELETE', url: `/admin/api-keys/${apiKey.id as string}`, headers: bearer(owner.token) })
    t.equal(revoked.statusCode, 200)
    t.not(revoked.json().revokedAt, null)
    t.equal((await app.inject({ method: 'GET', url: '/admin/fixture/things', headers: bearer(secret) })).statusCode, 401)

    const other = (await app.inject({ method: 'POST', url: '/admin/api-keys', headers: bearer(owner.token), payload: { name: 'old', roles: ['owner'] } })).json()
    await db('comptoir_api_keys').where({ id: other.apiKey.id }).update({ expires_at: db.raw("now() - interval '1 second'") })
    t.equal((await app.inject({ method: 'GET', url: '/admin/fixture/things', headers: bearer(other.secret) })).statusCode, 401, 'expired')
  })

  t.test(`${engine}: admin routes declare bearer security in OpenAPI; login does not`, async (t) => {
    const { app } = await setup(t, engine)
    const spec = (await app.inject({ method: 'GET', url: '/openapi.json' })).json()
    t.same(spec.paths['/admin/fixture/things'].get.security, [{ bearerAuth: [] }])
    t.same(spec.paths['/admin/roles'].post.security, [{ bearerAuth: [] }])
    t.same(spec.paths['/admin/auth/sessions'].post.security, [])
  })
}
