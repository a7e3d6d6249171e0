import t from 'tap'
import { createTestDatabases } from '@comptoir/core/testing'
import { checkout, createTestProvider, createVariant, expectStatus, levelOf, openShop, outboxNames, readyCart, registerCustomer, testEngines, uniqueName } from './helpers.js'

const dbs = createTestDatabases(t)

for (const engine of testEngines()) {
  t.test(`${engine}: checkout`, async (t) => {
    const gateway = createTestProvider('test-pay')
    const shop = await openShop(dbs, t, engine, [gateway])
    const { app, admin } = shop
    const cartRow = async (cartId: string): Promise<{ status: string }> => await app.comptoir.database.knex('orders_carts').where({ id: cartId }).first('status') as { status: string }

    t.test('a retry with the same Idempotency-Key replays the same order', async (t) => {
      const variantId = await createVariant(shop, 3)
      const cart = await readyCart(shop, [{ variantId, quantity: 1 }])
      const key = uniqueName('key')
      const first = await checkout(shop, cart, 'manual', key)
      expectStatus(t, first, 201)
      const second = await checkout(shop, cart, 'manual', key)
      expectStatus(t, second, 201)
      t.equal(second.headers['idempotency-replayed'], 'true')
      t.equal(second.json().order.id, first.json().order.id, 'same order')
      const count = await app.comptoir.database.knex('orders_orders').where({ cart_id: cart.cartId }).count({ n: '*' }).first() as { n: string | number }
      t.equal(Number(count.n), 1, 'one order for the cart')
      t.same(await levelOf(shop, variantId), { on_hand: 3, reserved: 1 }, 'reserved once')
      const other = await checkout(shop, cart, 'manual', uniqueName('key'))
      t.equal(other.statusCode, 409, 'a new key on a completed cart is a conflict')
      const missing = await app.inject({ method: 'POST', url: `/store/carts/${cart.cartId}/complete`, headers: cart.headers, payload: { payment: { provider: 'manual' } } })
      t.equal(missing.statusCode, 400, 'the key is required')
    })

    t.test('a declined payment cancels the order, releases the stock and reopens the cart', async (t) => {
      const variantId = await createVariant(shop, 2)
      const cart = await readyCart(shop, [{ variantId, quantity: 2 }])
      gateway.next.authorize = 'failed'
      const res = await checkout(shop, cart, 'test-pay')
      gateway.next.authorize = 'authorized'
      expectStatus(t, res, 402)
      t.equal(res.json().code, 'ORDERS_PAYMENT_DECLINED')
      const order = await app.comptoir.database.knex('orders_orders').where({ id: res.json().orderId }).first() as { status: string, cancel_reason: string, payment_status: string }
      t.equal(order.status, 'cancelled')
      t.equal(order.cancel_reason, 'payment_failed')
      t.equal(order.payment_status, 'failed')
      t.same(await levelOf(shop, variantId), { on_hand: 2, reserved: 0 }, 'stock released')
      t.equal((await cartRow(cart.cartId)).status, 'open', 'cart open again')
      const retry = await checkout(shop, cart, 'test-pay')
      expectStatus(t, retry, 201)
      t.equal(retry.json().order.status, 'confirmed', 'the buyer can pay again')
    })

    t.test('not enough stock: 409, nothing written, the provider never called', async (t) => {
      const variantId = await createVariant(shop, 1)
      const cart = await readyCart(shop, [{ variantId, quantity: 2 }])
      const before = gateway.calls.authorize
      const res = await checkout(shop, cart, 'test-pay')
      expectStatus(t, res, 409)
      t.equal(res.json().code, 'INVENTORY_INSUFFICIENT_STOCK')
      t.equal(gateway.calls.authorize, before, 'no authorization attempted')
      t.equal((await app.comptoir.database.knex('orders_orders').where({ cart_id: cart.cartId })).length, 0, 'no order row')
      t.equal((await cartRow(cart.cartId)).status, 'open')
    })

    t.test('an unknown provider is a 422 and bad payment data a 400', async (t) => {
      const variantId = await createVariant(shop, 1)
      const cart = await readyCart(shop, [{ variantId, quantity: 1 }])
      const res = await checkout(shop, cart, 'nope')
      expectStatus(t, res, 422)
      t.equal(res.json().code, 'ORDERS_PAYMENT_PROVIDER_UNKNOWN')
      const bad = await app.inject({ method: 'POST', url: `/store/carts/${cart.cartId}/complete`, headers: { ...cart.headers, 'idempotency-key': uniqueName('key') }, payload: { payment: { provider: 'test-pay', data: { token: 42 } } } })
      expectStatus(t, bad, 400)
      t.equal(bad.json().code, 'ORDERS_PAYMENT_DATA_INVALID')
      t.equal((await cartRow(cart.cartId)).status, 'open', 'nothing claimed')
      const providers = await app.inject({ method: 'GET', url: '/store/payment-providers' })
      t.same(providers.json().map((p: { id: string }) => p.id).sort(), ['manual', 'test-pay'])
    })

    t.test('illegal transitions are refused with 409 naming from and to', async (t) => {
      const variantId = await createVariant(shop, 2)
      gateway.next.authorize = 'requires_action'
      const pending = (await checkout(shop, await readyCart(shop, [{ variantId, quantity: 1 }]), 'test-pay')).json().order
      gateway.next.authorize = 'authorized'
      const fulfil = await app.inject({ method: 'POST', url: `/admin/orders/${pending.id as string}/fulfilments`, headers: admin, payload: { lines: [{ lineId: pending.lines[0].id, quantity: 1 }] } })
      expectStatus(t, fulfil, 409)
      t.match(fulfil.json(), { code: 'ORDERS_ILLEGAL_TRANSITION', from: 'pending', to: 'partially_fulfilled' })
      const ret = await app.inject({ method: 'POST', url: `/admin/orders/${pending.id as string}/returns`, headers: admin, payload: { lines: [{ lineId: pending.lines[0].id, quantity: 1 }] } })
      t.equal(ret.json().code, 'ORDERS_ILLEGAL_TRANSITION')
      const capture = await app.inject({ method: 'POST', url: `/admin/orders/${pending.id as string}/payments/${pending.payments[0].id as string}/capture`, headers: admin, payload: {} })
      t.match(capture.json(), { code: 'ORDERS_ILLEGAL_TRANSITION', from: 'pending', to: 'captured' })
      const confirmed = (await checkout(shop, await readyCart(shop, [{ variantId, quantity: 1 }]), 'manual')).json().order
      const ship = await app.inject({ method: 'POST', url: `/admin/orders/${confirmed.id as string}/fulfilments/${confirmed.id as string}/ship`, headers: admin, payload: {} })
      t.equal(ship.statusCode, 404, 'no such fulfilment')
      const bad = await app.inject({ method: 'POST', url: `/admin/orders/${confirmed.id as string}/fulfilments`, headers: admin, payload: { lines: [{ lineId: confirmed.lines[0].id, quantity: 5 }] } })
      t.equal(bad.json().code, 'ORDERS_QUANTITY_EXCEEDED')
      const dup = await app.inject({ method: 'POST', url: `/admin/orders/${confirmed.id as string}/fulfilments`, headers: admin, payload: { lines: [{ lineId: confirmed.lines[0].id, quantity: 1 }, { lineId: confirmed.lines[0].id, quantity: 1 }] } })
      t.equal(dup.json().code, 'ORDERS_LINES_INVALID')
    })

    t.test('customers reach only their own orders', async (t) => {
      const variantId = await createVariant(shop, 2)
      const alice = await registerCustomer(shop)
      const bob = await registerCustomer(shop)
      const order = (await checkout(shop, await readyCart(shop, [{ variantId, quantity: 1 }], alice.headers))).json().order
      t.equal((await app.inject({ method: 'GET', url: `/store/customers/me/orders/${order.id as string}`, headers: alice.headers })).statusCode, 200)
      const peek = await app.inject({ method: 'GET', url: `/store/customers/me/orders/${order.id as string}`, headers: bob.headers })
      t.equal(peek.statusCode, 404)
      t.equal(peek.json().code, 'ORDERS_ORDER_NOT_FOUND')
      t.same((await app.inject({ method: 'GET', url: '/store/customers/me/orders', headers: bob.headers })).json().items, [])
      const ret = await app.inject({ method: 'POST', url: `/store/customers/me/orders/${order.id as string}/returns`, headers: bob.headers, payload: { lines: [{ lineId: order.lines[0].id, quantity: 1 }] } })
      t.equal(ret.statusCode, 404)
      t.equal((await app.inject({ method: 'GET', url: '/store/customers/me/orders' })).statusCode, 401, 'signed out')
      t.equal((await app.inject({ method: 'GET', url: '/admin/orders', headers: alice.headers })).statusCode, 401, 'customers are not admins')

      // GDPR: erasing Alice keeps the amounts and replaces her personal fields.
      const exported = await app.services.personalData.exportCustomer(shop.ctx, alice.customerId)
      t.match(JSON.stringify(exported), order.id, 'the export holds her order')
      await app.services.personalData.eraseCustomer(shop.ctx, alice.customerId, 'pseudo-alice')
      const row = await app.comptoir.database.knex('orders_orders').where({ id: order.id }).first() as { email: string, customer_id: string | null, customer_pseudonym: string, total_amount: string, shipping_address: { firstName: string, line1: string, country: string, phone: string | null } }
      t.equal(row.email, 'pseudo-alice')
      t.equal(row.customer_id, null)
      t.equal(row.customer_pseudonym, 'pseudo-alice')
      t.equal(Number(row.total_amount), order.totals.total, 'amounts kept')
      t.match(row.shipping_address, { firstName: 'pseudo-alice', line1: 'pseudo-alice', country: 'FR', phone: null })
    })
  })
}
