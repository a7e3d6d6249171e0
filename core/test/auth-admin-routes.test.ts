import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { definePlugin, systemActor } from '@comptoir/core'
import { createTestDatabases, testEngines } from '@comptoir/core/testing'

const dbs = createTestDatabases(t)
const password = 'correct horse battery staple'
const fixture = definePlugin({ name: 'fixture', version: '1.0.0', permissions: ['fixture:read', 'fixture:write'] })

/** Logs in a new admin holding `permissions` (through a fresh role); returns request helpers. */
async function adminWith (app: FastifyInstance, permissions: string[]) {
  const ctx = app.comptoir.systemCtx(systemActor)
  const suffix = Math.random().toString(36).slice(2)
  const role = await app.services.auth.createRole(ctx, { name: `role-${suffix}`, permissions })
  const email = `admin-${suffix}@example.com`
  const user = await app.services.auth.createAdminUser(ctx, { email, password, roles: [role.name] })
  const { token } = await app.services.auth.login(ctx, { email, password })
  const call = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    await app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } })
  return { id: user.id, token, call }
}

async function setup (t: Test, engine: 'embedded' | 'postgres') {
  const app = await dbs.app(t, engine, { plugins: [fixture] })
  return { app, owner: await adminWith(app, ['*']) }
}

for (const engine of testEngines()) {
  t.test(`${engine}: roles are created, listed by page, changed and deleted`, async (t) => {
    const { owner } = await setup(t, engine)
    const created = await owner.call('POST', '/admin/roles', { name: 'catalog-editor', description: 'Edits', permissions: ['fixture:read', 'fixture:write'] })
    t.equal(created.statusCode, 201)
    t.match(created.json(), { name: 'catalog-editor', permissions: ['fixture:read', 'fixture:write'], builtIn: false })
    const roleId = created.json().id as string
    t.equal((await owner.call('POST', '/admin/roles', { name: 'catalog-editor', permissions: [] })).json().code, 'CORE_ROLE_NAME_TAKEN')

    const first = (await owner.call('GET', '/admin/roles?limit=1')).json()
    t.equal(first.items.length, 1)
    t.type(first.nextCursor, 'string')
    const names = [first.items[0].name]
    let cursor: string | null = first.nextCursor
    while (cursor != null) {
      const page = (await owner.call('GET', `/admin/roles?limit=1&cursor=${cursor}`)).json()
      names.push(...page.items.map((r: { name: string }) => r.name))
      cursor = page.nextCursor
    }
    t.equal(names.length, 3, 'owner, the setup role and catalog-editor, each once')
    t.same(names, [...names].sort())

    const updated = await owner.call('PATCH', `/admin/roles/${roleId}`, { permissions: ['fixture:*'] })
    t.same(updated.json().permissions, ['fixture:*'])
    t.equal((await owner.call('DELETE', `/admin/roles/${roleId}`)).statusCode, 204)
    t.equal((await owner.call('GET', `/admin/roles/${roleId}`)).json().code, 'CORE_ROLE_NOT_FOUND')
  })

  t.test(`${engine}: unknown permissions in a role are a 422 naming them`, async (t) => {
    const { owner } = await setup(t, engine)
    const res = await owner.call('POST', '/admin/roles', { name: 'bad', permissions: ['fixture:read', 'ghost:read', 'ghost:*'] })
    t.equal(res.statusCode, 422)
    t.match(res.json(), { code: 'CORE_UNKNOWN_PERMISSION', permissions: ['ghost:read', 'ghost:*'] })
    const listed = (await owner.call('GET', '/admin/permissions')).json()
    t.same(listed.items, ['core:admin-users', 'core:api-keys', 'core:audit', 'core:jobs', 'core:roles', 'core:settings', 'fixture:read', 'fixture:write'])
  })

  t.test(`${engine}: the built-in owner role cannot change, and an assigned role cannot be deleted`, async (t) => {
    const { app, owner } = await setup(t, engine)
    const roles = (await owner.call('GET', '/admin/roles')).json().items as Array<{ id: string, name: string }>
    const ownerRole = roles.find((r) => r.name === 'owner')
    t.equal((await owner.call('PATCH', `/admin/roles/${ownerRole?.id ?? ''}`, { permissions: [] })).json().code, 'CORE_ROLE_BUILT_IN')
    t.equal((await owner.call('DELETE', `/admin/roles/${ownerRole?.id ?? ''}`)).json().code, 'CORE_ROLE_BUILT_IN')
    const inUse = roles.find((r) => r.name !== 'owner')
    const res = await owner.call('DELETE', `/admin/roles/${inUse?.id ?? ''}`)
    t.equal(res.statusCode, 409)
    t.equal(res.json().code, 'CORE_ROLE_IN_USE')
    t.equal((await app.inject({ method: 'GET', url: '/admin/auth/me', headers: { authorization: `Bearer ${owner.token}` } })).statusCode, 200)
  })

  t.test(`${engine}: admin users are created, listed, changed and deleted over HTTP`, async (t) => {
    const { app, owner } = await setup(t, engine)
    const created = await owner.call('POST', '/admin/admin-users', { email: 'New@Example.com', password, roles: ['owner'] })
    t.equal(created.statusCode, 201)
    t.match(created.json(), { email: 'new@example.com', roles: ['owner'], disabled: false, lastLoginAt: null })
    t.notOk('password' in created.json() || 'passwordHash' in created.json())
    const id = created.json().id as string
    t.equal((await owner.call('POST', '/admin/admin-users', { email: 'NEW@example.com', password, roles: [] })).json().code, 'CORE_EMAIL_TAKEN')
    t.equal((await owner.call('POST', '/admin/admin-users', { email: 'x@example.com', password, roles: ['nope'] })).json().code, 'CORE_UNKNOWN_ROLE')
    t.equal((await owner.call('POST', '/admin/admin-users', { email: 'y@example.com', password: 'short' })).json().code, 'CORE_VALIDATION')
    t.equal((await owner.call('POST', '/admin/admin-users', { email: 'z@example.com', password, isRoot: true })).json().code, 'CORE_VALIDATION', 'unknown fields are rejected')
    t.equal((await owner.call('GET', '/admin/admin-users/not-a-uuid')).json().code, 'CORE_VALIDATION')

    const listed = (await owner.call('GET', '/admin/admin-users')).json()
    t.equal(listed.items.length, 2)
    t.equal(listed.nextCursor, null)

    const login = await app.inject({ method: 'POST', url: '/admin/auth/sessions', payload: { email: 'new@example.com', password } })
    const token = login.json().token as string
    const disabled = await owner.call('PATCH', `/admin/admin-users/${id}`, { disabled: true })
    t.equal(disabled.json().disabled, true)
    t.equal((await app.inject({ method: 'GET', url: '/admin/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode, 401, 'disabling ends the sessions')
    t.equal((await app.inject({ method: 'POST', url: '/admin/auth/sessions', payload: { email: 'new@example.com', password } })).statusCode, 401)

    t.equal((await owner.call('DELETE', `/admin/admin-users/${id}`)).statusCode, 204)
    t.equal((await owner.call('GET', `/admin/admin-users/${id}`)).json().code, 'CORE_ADMIN_USER_NOT_FOUND')
  })

  t.test(`${engine}: nobody grants permissions they do not hold`, async (t) => {
    const { app, owner } = await setup(t, engine)
    const manager = await adminWith(app, ['core:admin-users', 'core:roles', 'core:api-keys', 'fixture:read'])
    const attempts: Array<[string, 'POST' | 'PATCH', string, object]> = [
      ['an owner user', 'POST', '/admin/admin-users', { email: 'sneaky@example.com', password, roles: ['owner'] }],
      ['a role with a permission it lacks', 'POST', '/admin/roles', { name: 'writer', permissions: ['fixture:write'] }],
      ['a role with *', 'POST', '/admin/roles', { name: 'root', permissions: ['*'] }],
      ['an owner API key', 'POST', '/admin/api-keys', { name: 'k', roles: ['owner'] }],
      ["the owner's password", 'PATCH', `/admin/admin-users/${owner.id}`, { password: 'a brand new password' }],
    ]
    for (const [what, method, url, payload] of attempts) {
      const res = await manager.call(method, url, payload)
      t.equal(res.statusCode, 403, what)
      t.equal(res.json().code, 'CORE_GRANT_FORBIDDEN', what)
    }
    t.equal((await owner.call('GET', '/admin/admin-users')).json().items.length, 2, 'no user was created')
    t.equal((await owner.call('GET', '/admin/api-keys')).json().items.length, 0, 'no key was created')
    t.equal((await app.inject({ method: 'POST', url: '/admin/auth/sessions', payload: { email: (await owner.call('GET', '/admin/auth/me')).json().adminUser.email, password } })).statusCode, 201, "the owner's password is unchanged")

    t.equal((await manager.call('POST', '/admin/roles', { name: 'reader', permissions: ['fixture:read'] })).statusCode, 201, 'what it holds, it grants')
    const key = await manager.call('POST', '/admin/api-keys', { name: 'reporting', roles: ['reader'] })
    t.equal(key.statusCode, 201)
    t.equal(key.headers['cache-control'], 'no-store')
  })

  t.test(`${engine}: an API key's expiry must be in the future`, async (t) => {
    const { owner } = await setup(t, engine)
    const past = await owner.call('POST', '/admin/api-keys', { name: 'k', roles: ['owner'], expiresAt: '2020-01-01T00:00:00Z' })
    t.equal(past.statusCode, 422)
    t.equal(past.json().code, 'CORE_INVALID_EXPIRY')
    const future = await owner.call('POST', '/admin/api-keys', { name: 'k', roles: ['owner'], expiresAt: new Date(Date.now() + 3600_000).toISOString() })
    t.equal(future.statusCode, 201)
    t.type(future.json().apiKey.expiresAt, 'string')
  })
}
