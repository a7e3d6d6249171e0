import t from 'tap'
import { createTestDatabases, testEngines } from '@comptoir/core/testing'
import { setup } from './helpers.js'

const dbs = createTestDatabases(t)
const address = { firstName: 'Ada', lastName: 'Lovelace', line1: '12 Rue de la Paix', city: 'Paris', postalCode: '75002', countryCode: 'FR' }
const card = { gateway: 'stripe', gatewayCustomerId: 'cus_Nffrfeufeufe', gatewayMethodId: 'pm_1MqLiJLkdIwHu7ixUEgbFdYF', brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030 }

for (const engine of testEngines()) {
  t.test(engine, async (t) => {
    const { app, register } = await setup(dbs, t, engine)
    const knex = app.comptoir.database.knex

    t.test('profile changes are saved and unknown fields rejected', async (t) => {
      const s = await register()
      const res = await app.inject({ method: 'PATCH', url: '/store/customers/me', headers: s.headers, payload: { lastName: 'Byron', phone: '+33 1 23 45 67 89', communication: { preferredChannel: 'sms', orderUpdates: false } } })
      t.equal(res.statusCode, 200)
      t.match(res.json(), { lastName: 'Byron', phone: '+33 1 23 45 67 89', communication: { preferredChannel: 'sms', orderUpdates: false } })
      const bad = await app.inject({ method: 'PATCH', url: '/store/customers/me', headers: s.headers, payload: { email: 'x@example.com' } })
      t.equal(bad.statusCode, 400)
      t.equal(bad.json().code, 'CORE_VALIDATION')
    })

    t.test('at most one default shipping and one default billing address', async (t) => {
      const s = await register()
      const a = (await app.inject({ method: 'POST', url: '/store/customers/me/addresses', headers: s.headers, payload: { ...address, isDefaultShipping: true, isDefaultBilling: true } })).json()
      const b = (await app.inject({ method: 'POST', url: '/store/customers/me/addresses', headers: s.headers, payload: { ...address, line1: '1 Other St', isDefaultShipping: true } })).json()
      const list = (await app.inject({ method: 'GET', url: '/store/customers/me/addresses', headers: s.headers })).json().items as Array<{ id: string, isDefaultShipping: boolean, isDefaultBilling: boolean }>
      t.same(list.map((x) => [x.id, x.isDefaultShipping, x.isDefaultBilling]), [[a.id, false, true], [b.id, true, false]])
      const patched = await app.inject({ method: 'PATCH', url: `/store/customers/me/addresses/${a.id as string}`, headers: s.headers, payload: { isDefaultShipping: true, city: 'Lyon' } })
      t.match(patched.json(), { city: 'Lyon', isDefaultShipping: true })
      const rows = await knex('customers_addresses').where({ customer_id: s.customerId, is_default_shipping: true })
      t.equal(rows.length, 1)
      await t.rejects(knex('customers_addresses').insert({ customer_id: s.customerId, line1: 'x', city: 'y', country_code: 'FR', is_default_billing: true }), { code: '23505' }, 'the partial unique index is the last guard')
      t.equal((await app.inject({ method: 'DELETE', url: `/store/customers/me/addresses/${b.id as string}`, headers: s.headers })).statusCode, 204)
      t.equal((await app.inject({ method: 'GET', url: `/store/customers/me/addresses/${b.id as string}`, headers: s.headers })).statusCode, 404)
    })

    t.test('payment methods are gateway references; a card number is refused', async (t) => {
      const s = await register()
      const saved = await app.inject({ method: 'POST', url: '/store/customers/me/payment-methods', headers: s.headers, payload: { ...card, isDefault: true } })
      t.equal(saved.statusCode, 201)
      t.match(saved.json(), { gateway: 'stripe', last4: '4242', isDefault: true })
      const pan = await app.inject({ method: 'POST', url: '/store/customers/me/payment-methods', headers: s.headers, payload: { ...card, gatewayMethodId: '4242 4242 4242 4242' } })
      t.equal(pan.statusCode, 422)
      t.equal(pan.json().code, 'CUSTOMERS_CARD_DATA_REJECTED')
      const last4 = await app.inject({ method: 'POST', url: '/store/customers/me/payment-methods', headers: s.headers, payload: { ...card, last4: '4242424242424242' } })
      t.equal(last4.statusCode, 400)
      t.equal((await knex('customers_payment_methods').where({ customer_id: s.customerId })).length, 1, 'nothing else was stored')
    })

    t.test('no column of the payment-method table can hold a card number', async (t) => {
      const s = await register()
      const columns = await knex('information_schema.columns').select('column_name', 'data_type', 'character_maximum_length')
        .where({ table_name: 'customers_payment_methods' }).andWhereRaw('table_schema = current_schema()') as Array<{ column_name: string, data_type: string, character_maximum_length: number | null }>
      t.ok(columns.length >= 10)
      t.notOk(columns.some((c) => /pan|card_?number|cvc|cvv/i.test(c.column_name)), 'no column named for card data')
      const textColumns = columns.filter((c) => ['text', 'character varying', 'character'].includes(c.data_type))
      t.ok(textColumns.length >= 5)
      for (const pan of ['4242424242424242', '4242 4242 4242 4242', '4242-4242-4242-4242', '378282246310005']) {
        for (const column of textColumns) {
          const row = { customer_id: s.customerId, gateway: 'stripe', gateway_customer_id: 'cus_x', gateway_method_id: `pm_${column.column_name}`, brand: 'visa', last4: '4242', [column.column_name]: pan }
          await t.rejects(knex.transaction(async (trx) => { await trx('customers_payment_methods').insert(row) }), `${column.column_name} refuses ${pan}`)
        }
      }
      t.equal((await knex('customers_payment_methods').where({ customer_id: s.customerId })).length, 0)
    })

    t.test('the consent log is append-only and gives the current state', async (t) => {
      const s = await register()
      const grant = await app.inject({ method: 'POST', url: '/store/customers/me/consents', headers: s.headers, payload: { changes: [{ purpose: 'marketing_email', granted: true }, { purpose: 'analytics', granted: true }] } })
      t.equal(grant.statusCode, 201)
      await app.inject({ method: 'POST', url: '/store/customers/me/consents', headers: s.headers, payload: { changes: [{ purpose: 'analytics', granted: false }] } })
      const current = (await app.inject({ method: 'GET', url: '/store/customers/me/consents', headers: s.headers })).json().items as Array<{ purpose: string, granted: boolean }>
      t.same(current.map((c) => [c.purpose, c.granted]), [['marketing_email', true], ['sms', false], ['profiling', false], ['analytics', false]])
      const history = (await app.inject({ method: 'GET', url: '/store/customers/me/consents/history', headers: s.headers })).json().items as unknown[]
      t.equal(history.length, 3)
      const ctx = app.comptoir.systemCtx()
      t.equal(await app.services.customers.hasConsent(ctx, s.customerId, 'marketing_email'), true)
      t.equal(await app.services.customers.hasConsent(ctx, s.customerId, 'analytics'), false)
      t.equal(await app.services.customers.hasConsent(ctx, s.customerId, 'sms'), false)
      await t.rejects(knex('customers_consents').where({ customer_id: s.customerId }).update({ granted: false }), /append-only/)
      await t.rejects(knex('customers_consents').where({ customer_id: s.customerId }).delete(), /append-only/)
      t.equal((await knex('customers_consents').where({ customer_id: s.customerId })).length, 3)
    })
  })
}
