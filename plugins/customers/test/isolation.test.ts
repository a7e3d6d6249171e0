import t from 'tap'
import { createTestDatabases, testEngines } from '@comptoir/core/testing'
import { setup } from './helpers.js'

const dbs = createTestDatabases(t)
const address = { line1: '1 Private Lane', city: 'Bath', countryCode: 'GB', isDefaultShipping: true }
const card = { gateway: 'stripe', gatewayMethodId: 'pm_victimmethod', last4: '1111' }

for (const engine of testEngines()) {
  t.test(`${engine}: a customer can neither read nor change another customer's data`, async (t) => {
    const { app, register, admin } = await setup(dbs, t, engine)
    const knex = app.comptoir.database.knex
    const victim = await register({ firstName: 'Victim' })
    const attacker = await register({ firstName: 'Attacker' })
    const addressId = (await app.inject({ method: 'POST', url: '/store/customers/me/addresses', headers: victim.headers, payload: address })).json().id as string
    const methodId = (await app.inject({ method: 'POST', url: '/store/customers/me/payment-methods', headers: victim.headers, payload: card })).json().id as string
    const snapshot = async () => JSON.stringify([
      await knex('customers_customers').where({ id: victim.customerId }).select('*'),
      await knex('customers_addresses').where({ customer_id: victim.customerId }).select('*'),
      await knex('customers_payment_methods').where({ customer_id: victim.customerId }).select('*'),
    ])
    const before = await snapshot()

    const h = attacker.headers
    const attempts = [
      { method: 'GET', url: `/store/customers/me/addresses/${addressId}` },
      { method: 'PATCH', url: `/store/customers/me/addresses/${addressId}`, payload: { city: 'Hacked' } },
      { method: 'DELETE', url: `/store/customers/me/addresses/${addressId}` },
      { method: 'DELETE', url: `/store/customers/me/payment-methods/${methodId}` },
    ] as const
    for (const a of attempts) {
      const res = await app.inject({ ...a, headers: h })
      t.equal(res.statusCode, 404, `${a.method} ${a.url} is a 404 for another customer`)
    }
    // Routes keyed on "me" never take a customer id: foreign ids in the path do not route, in the body are rejected.
    t.equal((await app.inject({ method: 'GET', url: `/store/customers/${victim.customerId}`, headers: h })).statusCode, 404)
    t.equal((await app.inject({ method: 'PATCH', url: '/store/customers/me', headers: h, payload: { id: victim.customerId, firstName: 'X' } })).statusCode, 400)
    t.equal((await app.inject({ method: 'GET', url: `/store/customers/me/export?customerId=${victim.customerId}`, headers: h })).json().customerId, attacker.customerId)
    // Admin routes need an admin token: a customer token is refused.
    for (const url of [`/admin/customers/${victim.customerId}`, `/admin/customers/${victim.customerId}/export`]) {
      t.equal((await app.inject({ method: 'GET', url, headers: h })).statusCode, 401, `${url} refuses a customer token`)
    }
    t.equal((await app.inject({ method: 'POST', url: `/admin/customers/${victim.customerId}/erase`, headers: h })).statusCode, 401)
    // The attacker's own lists do not show the victim's data.
    t.same((await app.inject({ method: 'GET', url: '/store/customers/me/addresses', headers: h })).json().items, [])
    t.same((await app.inject({ method: 'GET', url: '/store/customers/me/payment-methods', headers: h })).json().items, [])
    t.equal(await snapshot(), before, 'nothing of the victim changed')
    t.equal((await app.inject({ method: 'GET', url: `/admin/customers/${victim.customerId}`, headers: admin })).json().firstName, 'Victim')
  })
}
