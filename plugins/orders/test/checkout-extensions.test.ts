import t from 'tap'
import { definePlugin, systemActor, Type, type PluginManifest } from '@comptoir/core'
import { createTestDatabases, type TestLike } from '@comptoir/core/testing'
import catalog from '@comptoir/plugin-catalog'
import customers from '@comptoir/plugin-customers'
import inventory from '@comptoir/plugin-inventory'
import orders from '../src/index.js'
import type { CheckoutFacts, CheckoutFailure, PaymentResultFacts } from '../src/index.js'
import { createTestProvider, createVariant, expectStatus, levelOf, readyCart, testEngines, testPaymentsPlugin, uniqueName, type Databases, type Engine, type Shop } from './helpers.js'

const dbs = createTestDatabases(t)

const TestInput = Type.Object({
  points: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
  hold: Type.Optional(Type.Boolean()),
  refuse: Type.Optional(Type.Boolean()),
  holdAfterPayment: Type.Optional(Type.Boolean()),
}, { additionalProperties: false })

interface Seen { before: CheckoutFacts[], after: Array<PaymentResultFacts & { orderId: string }>, failures: CheckoutFailure[] }

/** An extension driven by its checkout input, as a loyalty or fraud plugin would register one. */
function testExtensionPlugin (seen: Seen): PluginManifest {
  return definePlugin({
    name: 'test-extension',
    dependsOn: { orders: '*' },
    onBoot (services) {
      services.ordersCheckoutExtensions.register({
        id: 'test-ext',
        inputSchema: TestInput,
        async beforePayment (ctx, checkout) {
          seen.before.push(checkout)
          const input = (checkout.input ?? {}) as { points?: number, hold?: boolean, refuse?: boolean }
          // A write of the extension's own, which a refusal must roll back with everything else.
          await services.audit.record(ctx, { action: 'test-ext.checkout.scored', targetType: 'order', targetId: checkout.orderId })
          if (input.refuse === true) return { refuse: { code: 'TESTEXT_REFUSED', message: 'We cannot take this order.' } }
          return {
            ...(input.points != null ? { adjustments: [{ code: 'points', label: `${input.points} points`, amount: input.points }] } : {}),
            ...(input.hold === true ? { hold: { reason: 'review' } } : {}),
          }
        },
        async afterPayment (ctx, order, payment) {
          seen.after.push({ ...payment, orderId: order.orderId })
          const wants = seen.before.find((b) => b.orderId === order.orderId)?.input as { holdAfterPayment?: boolean } | undefined
          return wants?.holdAfterPayment === true ? { hold: { reason: 'payment risk' } } : undefined
        },
        async onFailure (_ctx, failure) { seen.failures.push(failure) },
      })
    },
  })
}

async function openExtendedShop (dbs: Databases, t: TestLike, engine: Engine, seen: Seen): Promise<Shop> {
  const gateway = createTestProvider('test-pay')
  const app = await dbs.app(t, engine, { plugins: [[catalog, {}], [customers, {}], [inventory, {}], [orders, {}], [testPaymentsPlugin([gateway]), {}], [testExtensionPlugin(seen), {}]] })
  const ctx = app.comptoir.systemCtx(systemActor)
  const { secret } = await app.services.auth.createApiKey(ctx, { name: 'owner', roles: ['owner'] })
  const admin = { authorization: `Bearer ${secret}` }
  const locationId = (await app.services.inventoryLocations.create(ctx, { name: 'Main', priority: 1 })).id
  const zone = await app.inject({ method: 'POST', url: '/admin/shipping-zones', headers: admin, payload: { name: 'France', countries: ['FR'] } })
  const option = await app.inject({ method: 'POST', url: '/admin/shipping-options', headers: admin, payload: { zoneId: zone.json().id, name: 'Colissimo', currency: 'EUR', rateType: 'flat', flatAmount: 500 } })
  return { app, admin, ctx, locationId, shippingOptionId: option.json().id }
}

for (const engine of testEngines()) {
  t.test(`${engine}: checkout extensions`, async (t) => {
    const seen: Seen = { before: [], after: [], failures: [] }
    const shop = await openExtendedShop(dbs, t, engine, seen)
    const { app, admin } = shop
    const complete = async (cartId: string, headers: Record<string, string>, extensions?: Record<string, unknown>, provider = 'test-pay') => await app.inject({
      method: 'POST', url: `/store/carts/${cartId}/complete`, headers: { ...headers, 'idempotency-key': uniqueName('key'), 'user-agent': 'tap-agent', 'x-device-id': 'device-42' },
      payload: { payment: { provider }, ...(extensions != null ? { extensions } : {}) },
    })

    t.test('an adjustment lowers the order total and the amount authorized, and is listed on the order', async (t) => {
      const variantId = await createVariant(shop, 3, 2000)
      const cart = await readyCart(shop, [{ variantId, quantity: 1 }])
      const res = await complete(cart.cartId, cart.headers, { 'test-ext': { points: 300 } })
      expectStatus(t, res, 201)
      const order = res.json().order
      t.equal(order.totals.total, 2000 + 500 - 300, 'total after the points')
      t.equal(order.totals.discount, 300)
      t.same(order.adjustments, [{ extension: 'test-ext', code: 'points', label: '300 points', amount: 300 }])
      const payment = await app.comptoir.database.knex('orders_payments').where({ order_id: order.id }).first('amount', 'authorized_amount') as { amount: string, authorized_amount: string }
      t.equal(Number(payment.amount), 2200, 'the payment is for the adjusted total')
      t.equal(Number(payment.authorized_amount), 2200)
      const facts = seen.before.find((b) => b.orderId === order.id)!
      t.match(facts, { cartId: cart.cartId, currency: 'EUR', totals: { total: 2500 }, payment: { provider: 'test-pay' }, request: { userAgent: 'tap-agent', deviceId: 'device-42' }, input: { points: 300 } })
      t.ok(typeof facts.request.ip === 'string', 'the request IP is given')
      t.match(seen.after.find((p) => p.orderId === order.id), { status: 'authorized', provider: 'test-pay', amount: 2200 }, 'afterPayment saw the authorization')
    })

    t.test('a held order cannot be fulfilled, shipped or captured until the hold is released', async (t) => {
      const variantId = await createVariant(shop, 3)
      const cart = await readyCart(shop, [{ variantId, quantity: 2 }])
      const res = await complete(cart.cartId, cart.headers, { 'test-ext': { hold: true } })
      expectStatus(t, res, 201)
      const order = res.json().order
      t.match(order.hold, { source: 'test-ext', reason: 'review' })
      t.equal(order.status, 'confirmed', 'the order is placed')
      const lineId = order.lines[0].id as string
      const fulfil = await app.inject({ method: 'POST', url: `/admin/orders/${order.id as string}/fulfilments`, headers: admin, payload: { lines: [{ lineId, quantity: 1 }] } })
      expectStatus(t, fulfil, 409)
      t.equal(fulfil.json().code, 'ORDERS_ORDER_ON_HOLD')
      const capture = await app.inject({ method: 'POST', url: `/admin/orders/${order.id as string}/payments/${order.payments[0].id as string}/capture`, headers: admin, payload: {} })
      expectStatus(t, capture, 409)
      t.equal(capture.json().code, 'ORDERS_ORDER_ON_HOLD')

      const released = await app.inject({ method: 'POST', url: `/admin/orders/${order.id as string}/hold/release`, headers: admin, payload: { note: 'checked by phone' } })
      expectStatus(t, released, 200)
      t.equal(released.json().hold, null)
      t.match(released.json().timeline.filter((e: { kind: string }) => e.kind === 'hold'), [{ to: 'held' }, { from: 'held', to: 'released', body: 'checked by phone' }])
      const audit = await app.comptoir.database.knex('comptoir_audit_log').where({ action: 'orders.order.released', target_id: order.id })
      t.equal(audit.length, 1, 'the release is audited')
      const again = await app.inject({ method: 'POST', url: `/admin/orders/${order.id as string}/hold/release`, headers: admin, payload: {} })
      t.equal(again.json().code, 'ORDERS_ORDER_NOT_HELD')

      const fulfilled = await app.inject({ method: 'POST', url: `/admin/orders/${order.id as string}/fulfilments`, headers: admin, payload: { lines: [{ lineId, quantity: 2 }] } })
      expectStatus(t, fulfilled, 201)
      t.equal(fulfilled.json().order.paymentStatus, 'captured', 'capture at fulfilment goes on')
      // A hold placed after fulfilment stops the shipment.
      await app.services.ordersHolds.place(shop.ctx, order.id as string, { source: 'orders', reason: 'address check' })
      const ship = await app.inject({ method: 'POST', url: `/admin/orders/${order.id as string}/fulfilments/${fulfilled.json().fulfilment.id as string}/ship`, headers: admin, payload: {} })
      expectStatus(t, ship, 409)
      t.equal(ship.json().code, 'ORDERS_ORDER_ON_HOLD')
      const events = await app.comptoir.database.knex('comptoir_outbox').where('name', 'in', ['orders.order.held', 'orders.order.released']).whereRaw("payload->>'orderId' = ?", [order.id]).orderBy(['occurred_at', 'id']).pluck('name')
      t.same(events, ['orders.order.held', 'orders.order.released', 'orders.order.held'])
    })

    t.test('afterPayment may hold the order when the payment result arrives', async (t) => {
      const variantId = await createVariant(shop, 1)
      const cart = await readyCart(shop, [{ variantId, quantity: 1 }])
      const res = await complete(cart.cartId, cart.headers, { 'test-ext': { holdAfterPayment: true } })
      expectStatus(t, res, 201)
      t.match(res.json().order.hold, { source: 'test-ext', reason: 'payment risk' })
    })

    t.test('a refusal answers the extension\'s code and rolls everything back, its own writes included', async (t) => {
      const variantId = await createVariant(shop, 2)
      const cart = await readyCart(shop, [{ variantId, quantity: 1 }])
      const res = await complete(cart.cartId, cart.headers, { 'test-ext': { refuse: true } })
      expectStatus(t, res, 403)
      t.match(res.headers['content-type'], /application\/problem\+json/)
      t.match(res.json(), { code: 'TESTEXT_REFUSED', detail: 'We cannot take this order.', status: 403 })
      const orderId = seen.before.at(-1)!.orderId
      const knex = app.comptoir.database.knex
      t.equal((await knex('orders_orders').where({ cart_id: cart.cartId })).length, 0, 'no order')
      t.equal((await knex('comptoir_audit_log').where({ action: 'test-ext.checkout.scored', target_id: orderId })).length, 0, 'the extension\'s write rolled back')
      t.same(await levelOf(shop, variantId), { on_hand: 2, reserved: 0 }, 'nothing reserved')
      t.equal((await knex('orders_carts').where({ id: cart.cartId }).first('status') as { status: string }).status, 'open', 'the cart is still open')
      t.match(seen.failures.at(-1), { cartId: cart.cartId, orderId: null, stage: 'before_payment', code: 'TESTEXT_REFUSED' }, 'onFailure is told')
      const retry = await complete(cart.cartId, cart.headers)
      expectStatus(t, retry, 201)
    })

    t.test('extension input is validated: unknown ids and bad shapes are a 400 before anything is written', async (t) => {
      const variantId = await createVariant(shop, 1)
      const cart = await readyCart(shop, [{ variantId, quantity: 1 }])
      const before = seen.before.length
      const bad = await complete(cart.cartId, cart.headers, { 'test-ext': { points: 'many' } })
      expectStatus(t, bad, 400)
      t.equal(bad.json().code, 'ORDERS_CHECKOUT_EXTENSION_INPUT_INVALID')
      t.match(bad.json().errors, [{ pointer: '/body/extensions/test-ext/points' }])
      const unknown = await complete(cart.cartId, cart.headers, { nope: {} })
      expectStatus(t, unknown, 400)
      t.match(unknown.json().errors, [{ pointer: '/body/extensions/nope' }])
      t.equal(seen.before.length, before, 'no extension ran')
      t.equal((await app.comptoir.database.knex('orders_carts').where({ id: cart.cartId }).first('status') as { status: string }).status, 'open')
    })
  })
}
