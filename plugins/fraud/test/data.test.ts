import t from 'tap'
import { inTransaction } from '@comptoir/core'
import { createTestDatabases, testEngines } from '@comptoir/core/testing'
import fraud from '../src/index.js'
import { checkout, deliver, openShop, readyCart, uniqueName } from './helpers.js'

const dbs = createTestDatabases(t)

for (const engine of testEngines()) {
  t.test(`${engine}: fraud data`, async (t) => {
    const shop = await openShop(dbs, t, engine)
    const { app, admin } = shop
    const knex = app.comptoir.database.knex

    t.test('the demo seed fills the block list once', async (t) => {
      const seed = async (): Promise<void> => { await inTransaction(shop.ctx, async (tx) => { await fraud.seed!(tx, app, { flags: {} }) }) }
      await seed()
      await seed()
      t.same((await knex('fraud_block_list').orderBy('kind')).map((e: { kind: string, value: string }) => `${e.kind}:${e.value}`), ['email:chargeback.king@example.com', 'email_domain:fraud.example', 'ip:203.0.113.66'])
      const res = await checkout(shop, await readyCart(shop), { ip: '203.0.113.66' })
      t.equal(res.json().code, 'FRAUD_CHECKOUT_REFUSED', 'the seeded IP is blocked')
    })

    t.test('block-list management: add, duplicate 409, list, remove, validation 400, permission', async (t) => {
      const value = `${uniqueName('d').replace(/_/g, '-')}.example`
      const added = await app.inject({ method: 'POST', url: '/admin/fraud/block-list', headers: admin, payload: { kind: 'email_domain', value: value.toUpperCase(), note: 'ring' } })
      t.equal(added.statusCode, 201, added.body)
      t.match(added.json(), { kind: 'email_domain', value, note: 'ring' })
      const dup = await app.inject({ method: 'POST', url: '/admin/fraud/block-list', headers: admin, payload: { kind: 'email_domain', value } })
      t.equal(dup.statusCode, 409)
      t.equal(dup.json().code, 'FRAUD_BLOCK_ENTRY_EXISTS')
      const list = await app.inject({ method: 'GET', url: '/admin/fraud/block-list?kind=email_domain', headers: admin })
      t.ok(list.json().items.some((e: { id: string }) => e.id === added.json().id))
      const bad = await app.inject({ method: 'POST', url: '/admin/fraud/block-list', headers: admin, payload: { kind: 'phone', value: 'x' } })
      t.equal(bad.statusCode, 400)
      t.equal(bad.json().code, 'CORE_VALIDATION')
      const anonymous = await app.inject({ method: 'GET', url: '/admin/fraud/block-list' })
      t.equal(anonymous.statusCode, 401)
      // A checkout from the blocked domain is refused.
      const res = await checkout(shop, await readyCart(shop, { email: `someone@${value}` }))
      t.equal(res.json().code, 'FRAUD_CHECKOUT_REFUSED')
      t.equal((await app.inject({ method: 'DELETE', url: `/admin/fraud/block-list/${added.json().id as string}`, headers: admin })).statusCode, 204)
      t.equal((await app.inject({ method: 'DELETE', url: `/admin/fraud/block-list/${added.json().id as string}`, headers: admin })).json().code, 'FRAUD_BLOCK_ENTRY_NOT_FOUND')
      t.equal((await checkout(shop, await readyCart(shop, { email: `someone@${value}` }))).statusCode, 201, 'allowed once removed')
    })

    t.test('disputes label orders; the rule report gives hit rate and precision per rule', async (t) => {
      // Two disposable-email orders below the review threshold (30 < 40): one is disputed, one not.
      const disputed = (await checkout(shop, await readyCart(shop, { email: `${uniqueName('a')}@guerrillamail.com` }))).json().order.id as string
      const fine = (await checkout(shop, await readyCart(shop, { email: `${uniqueName('b')}@guerrillamail.com` }))).json().order.id as string
      const payload = { orderId: disputed, number: '#1', customerId: null, paymentId: disputed, amount: 2500, currency: 'EUR' }
      const eventId = uniqueName('evt')
      await deliver(shop, 'orders.payment.disputed', { ...payload, status: 'opened' }, eventId)
      await deliver(shop, 'orders.payment.disputed', { ...payload, status: 'opened' }, eventId) // redelivery
      await deliver(shop, 'orders.payment.disputed', { ...payload, status: 'lost' })
      t.same((await knex('fraud_labels').where({ order_id: disputed }).orderBy('source')).map((l: { label: string, source: string }) => `${l.label}:${l.source}`), ['fraud:chargeback', 'fraud:dispute'])
      await app.services.fraudLabels.record(shop.ctx, fine, 'legit', 'manual_approval')

      const report = await app.inject({ method: 'GET', url: '/admin/fraud/rule-report?days=30', headers: admin })
      t.equal(report.statusCode, 200, report.body)
      const rule = report.json().items.find((r: { id: string }) => r.id === 'disposable_email')
      t.match(rule, { enabled: true, weight: 30, hits: 2, labelledHits: 2, fraudHits: 1, precision: 0.5 })
      t.equal(rule.hitRate, 2 / report.json().assessed)
      t.equal(report.json().items.length, 13, 'every rule listed')
      t.equal(report.json().items.find((r: { id: string }) => r.id === 'velocity_ip').precision, null, 'no labelled hits: no precision')

      await deliver(shop, 'orders.payment.disputed', { ...payload, status: 'won' })
      t.same((await knex('fraud_labels').where({ order_id: disputed })).map((l: { source: string }) => l.source), ['chargeback'], 'a won dispute withdraws the dispute label')
    })

    t.test('GDPR: the export holds the assessments; erasure drops email and customer id and keeps the hashes', async (t) => {
      const email = `${uniqueName('gdpr')}@example.com`
      const { customerId, token } = (await app.inject({ method: 'POST', url: '/store/customers', payload: { email, password: 'correct horse battery staple' } })).json() as { customerId: string, token: string }
      const created = await app.inject({ method: 'POST', url: '/store/carts', headers: { authorization: `Bearer ${token}` }, payload: { currency: 'EUR' } })
      const cartId = created.json().cart.id as string
      const headers = { authorization: `Bearer ${token}` }
      const base = await readyCart(shop)
      await app.inject({ method: 'POST', url: `/store/carts/${cartId}/lines`, headers, payload: { variantId: base.variantId, quantity: 1 } })
      await app.inject({ method: 'PATCH', url: `/store/carts/${cartId}`, headers, payload: { shippingAddress: { firstName: 'G', lastName: 'D', line1: '1 rue', city: 'Paris', postalCode: '75001', country: 'FR' } } })
      await app.inject({ method: 'PUT', url: `/store/carts/${cartId}/shipping-option`, headers, payload: { shippingOptionId: shop.shippingOptionId } })
      const res = await checkout(shop, { cartId, headers })
      t.equal(res.statusCode, 201, res.body)
      const orderId = res.json().order.id as string
      await app.inject({ method: 'POST', url: '/admin/fraud/block-list', headers: admin, payload: { kind: 'email', value: email } })

      const exported = await app.services.personalData.exportCustomer(shop.ctx, customerId) as { plugins?: Record<string, unknown> } & Record<string, unknown>
      t.match(JSON.stringify(exported), new RegExp(orderId), 'the export holds the assessment')
      await app.services.personalData.eraseCustomer(shop.ctx, customerId, 'pseudo-1')
      const row = await knex('fraud_assessments').where({ order_id: orderId }).first()
      t.match(row, { email: null, customer_id: null, customer_pseudonym: 'pseudo-1' })
      t.match(row.email_hash, /^[0-9a-f]{40}$/, 'the hash stays for fraud prevention')
      const entry = await knex('fraud_block_list').where({ kind: 'email' }).where('value', 'like', '%pseudo-1%').first()
      t.ok(entry != null, 'the block-list entry keeps its hash, not the address')
      const again = await checkout(shop, await readyCart(shop, { email }))
      t.equal(again.json().code, 'FRAUD_CHECKOUT_REFUSED', 'the erased person still matches the block list')
    })

    t.test('velocity counters are exact under concurrent checkouts', async (t) => {
      await app.services.settings.set(shop.ctx, 'fraud', 'rules', { velocity_ip: { limit: 1, weight: 10 } })
      t.teardown(async () => { await app.services.settings.set(shop.ctx, 'fraud', 'rules', {}) })
      const ip = '198.51.100.7'
      const carts = await Promise.all(Array.from({ length: 6 }, async () => await readyCart(shop)))
      const results = await Promise.all(carts.map(async (cart) => await checkout(shop, cart, { ip })))
      t.same(results.map((r) => r.statusCode), [201, 201, 201, 201, 201, 201], 'every checkout placed')
      const ids = results.map((r) => r.json().order.id as string)
      const rows = await knex('fraud_assessments').whereIn('order_id', ids) as Array<{ reasons: Array<{ rule: string, detail: { count: number } }> }>
      const counts = rows.map((r) => r.reasons.find((x) => x.rule === 'velocity_ip')?.detail.count ?? 1).sort((a, b) => a - b)
      t.same(counts, [1, 2, 3, 4, 5, 6], 'each checkout saw every earlier one: none lost, none counted twice')
    })
  })
}
