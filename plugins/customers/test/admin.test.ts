import t from 'tap'
import { systemActor } from '@comptoir/core'
import { createTestDatabases, testEngines, uniqueName } from '@comptoir/core/testing'
import { password, randomIp, setup } from './helpers.js'

const dbs = createTestDatabases(t)

for (const engine of testEngines()) {
  t.test(engine, async (t) => {
    const { app, register, admin } = await setup(dbs, t, engine)
    const knex = app.comptoir.database.knex
    const get = async (url: string, headers = admin) => await app.inject({ method: 'GET', url, headers })
    const tag = uniqueName('x').slice(-8)
    const ada = await register({ firstName: 'Ada', lastName: `Lovelace${tag}`, phone: '+44 20 7946 0001' })
    const bob = await register({ firstName: 'Bob', lastName: `Marley${tag}`, phone: '+1 (555) 010-2222' })

    t.test('search finds customers by email, name and phone; pages by cursor', async (t) => {
      const ids = (res: { json: () => { items: Array<{ id: string }> } }) => res.json().items.map((c) => c.id)
      t.same(ids(await get(`/admin/customers?q=${encodeURIComponent(ada.email.toUpperCase())}`)), [ada.customerId])
      t.same(ids(await get(`/admin/customers?q=lovelace${tag}`)), [ada.customerId])
      t.same(ids(await get(`/admin/customers?q=${encodeURIComponent(`bob marley${tag}`)}`)), [bob.customerId])
      t.same(ids(await get('/admin/customers?q=5550102222')), [bob.customerId])
      t.same(ids(await get(`/admin/customers?q=${encodeURIComponent(`x5550102222${tag}`)}`)), [], 'the digits of a word that is not a phone number are not matched against phones')
      t.same(ids(await get('/admin/customers?q=%25')), [], 'a % is a literal character')
      const first = await get('/admin/customers?limit=1')
      t.equal(first.json().items.length, 1)
      const second = await get(`/admin/customers?limit=1&cursor=${first.json().nextCursor as string}`)
      t.not(second.json().items[0].id, first.json().items[0].id)
    })

    t.test('filters by group, creation range and consent', async (t) => {
      const group = await app.inject({ method: 'POST', url: '/admin/customer-groups', headers: admin, payload: { code: `vip-${tag}`, name: 'VIP' } })
      t.equal(group.statusCode, 201)
      const groupId = group.json().id as string
      const dup = await app.inject({ method: 'POST', url: '/admin/customer-groups', headers: admin, payload: { code: `vip-${tag}`, name: 'Again' } })
      t.equal(dup.json().code, 'CUSTOMERS_GROUP_CODE_TAKEN')
      const gone = await app.inject({ method: 'DELETE', url: '/admin/customer-groups/00000000-0000-4000-8000-000000000000', headers: admin })
      t.equal(gone.json().code, 'CUSTOMERS_GROUP_NOT_FOUND')
      const edit = await app.inject({ method: 'PATCH', url: `/admin/customers/${ada.customerId}`, headers: admin, payload: { groupIds: [groupId], locale: 'en-GB' } })
      t.equal(edit.statusCode, 200)
      t.match(edit.json(), { groupIds: [groupId], locale: 'en-GB' })
      t.same((await get(`/admin/customers?groupId=${groupId}`)).json().items.map((c: { id: string }) => c.id), [ada.customerId])
      t.same(await app.services.customers.groupIds(app.comptoir.systemCtx(), ada.customerId), [groupId])
      await app.inject({ method: 'POST', url: '/store/customers/me/consents', headers: bob.headers, payload: { changes: [{ purpose: 'sms', granted: true }] } })
      const consenting = (await get(`/admin/customers?consent=sms&q=${tag}`)).json().items.map((c: { id: string }) => c.id)
      t.same(consenting, [bob.customerId])
      const future = new Date(Date.now() + 3600_000).toISOString()
      t.same((await get(`/admin/customers?createdFrom=${encodeURIComponent(future)}`)).json().items, [])
      t.equal((await get(`/admin/customers?createdTo=${encodeURIComponent(future)}&q=${tag}`)).json().items.length, 2)
    })

    t.test('an admin edit keeps personal data out of the audit log', async (t) => {
      await app.inject({ method: 'PATCH', url: `/admin/customers/${bob.customerId}`, headers: admin, payload: { firstName: `Secretname${tag}` } })
      const rows = await knex('comptoir_audit_log').select('after').where({ target_id: bob.customerId })
      t.ok(rows.length >= 1)
      t.notMatch(JSON.stringify(rows), `Secretname${tag}`)
    })

    t.test('disabling ends sessions and blocks login with the generic error', async (t) => {
      const s = await register()
      const res = await app.inject({ method: 'POST', url: `/admin/customers/${s.customerId}/disable`, headers: admin })
      t.match(res.json(), { status: 'disabled' })
      t.equal((await app.inject({ method: 'GET', url: '/store/customers/me', headers: s.headers })).statusCode, 401)
      const login = await app.inject({ method: 'POST', url: '/store/customers/sessions', remoteAddress: randomIp(), payload: { email: s.email, password } })
      t.equal(login.json().code, 'CUSTOMERS_INVALID_CREDENTIALS')
      await app.inject({ method: 'POST', url: `/admin/customers/${s.customerId}/enable`, headers: admin })
      t.equal((await app.inject({ method: 'POST', url: '/store/customers/sessions', remoteAddress: randomIp(), payload: { email: s.email, password } })).statusCode, 201)
    })

    t.test('admin routes need a token and the permission', async (t) => {
      t.equal((await get('/admin/customers', {})).statusCode, 401)
      const ctx = app.comptoir.systemCtx(systemActor)
      const role = await app.services.auth.createRole(ctx, { name: `reader-${tag}`, permissions: ['customers:read'] })
      t.ok(role)
      const credentials = { email: `${uniqueName('reader')}@example.com`, password }
      await app.services.auth.createAdminUser(ctx, { ...credentials, roles: [`reader-${tag}`] })
      const reader = { authorization: `Bearer ${(await app.services.auth.login(ctx, credentials)).token}` }
      t.equal((await get('/admin/customers', reader)).statusCode, 200)
      const denied = await app.inject({ method: 'POST', url: `/admin/customers/${bob.customerId}/erase`, headers: reader })
      t.equal(denied.statusCode, 403)
      t.equal((await knex('customers_customers').where({ id: bob.customerId }).first()).status, 'active')
      t.equal((await get(`/admin/customers/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`)).json().code, 'CUSTOMERS_CUSTOMER_NOT_FOUND')
    })
  })
}
