import t from 'tap'
import { createTestDatabases, testEngines } from '@comptoir/core/testing'
import { deleteStripeCustomers } from '../src/jobs/delete-stripe-customers.js'
import { startFakeStripe } from './fake-stripe/server.js'
import { deliver, webhooksSettled } from './helpers.js'
import { createVariant, levelOf, openShop, payByCard, readyCart, registerCustomer } from './support/shop.js'

// The whole path through the real orders plugin: the SDK talks to the fake Stripe server.
const dbs = createTestDatabases(t)
const fake = await startFakeStripe()
t.teardown(() => fake.close())

for (const engine of testEngines()) {
  t.test(engine, async (t) => {
    const shop = await openShop(dbs, t, engine, fake)
    const { app, admin } = shop
    const db = app.comptoir.database.knex
    const order = async (id: string) => (await app.inject({ method: 'GET', url: `/admin/orders/${id}`, headers: admin })).json()

    t.test('card checkout authorizes, fulfilment captures, a partial refund goes back to the card', async (t) => {
      const variantId = await createVariant(shop, 5, 2000)
      const cart = await readyCart(shop, [{ variantId, quantity: 2 }])
      // 1. checkout: the PaymentIntent is created and confirmed server-side, manual capture.
      const placed = await payByCard(shop, cart, 'pm_card_visa')
      t.equal(placed.statusCode, 201, placed.body)
      const { order: created, payment } = placed.json()
      t.equal(created.status, 'confirmed')
      t.equal(created.paymentStatus, 'authorized')
      t.equal(payment.status, 'authorized')
      const total = created.totals.total as number
      t.equal(total, 4500)
      const pi = [...fake.state.paymentIntents.values()].find((p) => (p.metadata as Record<string, string>).order_id === created.id)
      t.ok(pi, 'one PaymentIntent for the order')
      t.match(pi, { amount: total, currency: 'eur', capture_method: 'manual', status: 'requires_capture', metadata: { order_id: created.id, order_number: created.number, payment_id: payment.id } })
      const create = fake.requests.find((r) => r.path === '/v1/payment_intents' && (r.params.metadata as Record<string, string> | undefined)?.order_id === created.id)
      t.equal(create?.idempotencyKey, `orders:${payment.id}:authorize`, 'our key, not the SDK\'s random one')
      t.same(await levelOf(shop, variantId), { on_hand: 5, reserved: 2 })

      // 2. the first fulfilment captures through the provider.
      const lineId = created.lines[0].id as string
      const fulfilled = await app.inject({ method: 'POST', url: `/admin/orders/${created.id}/fulfilments`, headers: admin, payload: { lines: [{ lineId, quantity: 2 }] } })
      t.equal(fulfilled.statusCode, 201, fulfilled.body)
      const afterCapture = await order(created.id)
      t.equal(afterCapture.paymentStatus, 'captured')
      t.equal(fake.state.paymentIntents.get(pi?.id as string)?.status, 'succeeded')
      t.equal(fake.requests.find((r) => r.path === `/v1/payment_intents/${pi?.id as string}/capture`)?.idempotencyKey, `orders:${payment.id}:capture`)

      // 3. Stripe's own webhooks for what we did, each delivered 10 times: nothing changes.
      const timelineBefore = (await app.inject({ method: 'GET', url: `/admin/orders/${created.id}/timeline`, headers: admin })).json().length
      for (const type of ['payment_intent.amount_capturable_updated', 'payment_intent.succeeded']) {
        const event = fake.eventsOf(type).find((e) => (e.data as { object: { id: string } }).object.id === pi?.id)
        for (let i = 0; i < 10; i++) t.equal((await deliver(app, event as Record<string, unknown>)).statusCode, 200)
      }
      await webhooksSettled(app)
      t.equal((await app.inject({ method: 'GET', url: `/admin/orders/${created.id}/timeline`, headers: admin })).json().length, timelineBefore, 'no timeline entry from replays')
      t.equal((await order(created.id)).paymentStatus, 'captured')

      // 4. partial refund from the admin, then Stripe's charge.refunded: counted once.
      const refunded = await app.inject({ method: 'POST', url: `/admin/orders/${created.id}/refunds`, headers: admin, payload: { amount: 1200, reason: 'one mug chipped' } })
      t.equal(refunded.statusCode, 200, refunded.body)
      t.equal(refunded.json().paymentStatus, 'partially_refunded')
      t.equal(refunded.json().totals.refunded, 1200)
      const refund = [...fake.state.refunds.values()].find((r) => r.payment_intent === pi?.id)
      t.match(refund, { amount: 1200, status: 'succeeded', metadata: { reason: 'one mug chipped' } })
      const chargeRefunded = fake.eventsOf('charge.refunded').find((e) => (e.data as { object: { payment_intent: string } }).object.payment_intent === pi?.id)
      for (let i = 0; i < 3; i++) await deliver(app, chargeRefunded as Record<string, unknown>)
      await webhooksSettled(app)
      t.equal((await order(created.id)).totals.refunded, 1200, 'the webhook refund is recognised as ours')

      // 5. the ledger: authorization, capture, refund for this order.
      const entries = await app.inject({ method: 'GET', url: `/admin/payments-stripe/ledger-entries?orderId=${created.id as string}`, headers: admin })
      t.equal(entries.statusCode, 200)
      t.same(entries.json().items.map((e: { kind: string, amount: number }) => `${e.kind}:${e.amount}`).sort(), ['authorization:4500', 'capture:4500', 'refund:1200'])
    })

    t.test('a declined card cancels the order and releases its stock', async (t) => {
      const variantId = await createVariant(shop, 3, 1500)
      const cart = await readyCart(shop, [{ variantId, quantity: 3 }])
      const declined = await payByCard(shop, cart, 'pm_card_chargeDeclined')
      t.equal(declined.statusCode, 402, declined.body)
      t.equal(declined.json().code, 'ORDERS_PAYMENT_DECLINED')
      t.match(JSON.stringify(declined.json()), /card_declined|generic_decline/)
      t.same(await levelOf(shop, variantId), { on_hand: 3, reserved: 0 }, 'stock released')
      const cancelled = await db('orders_orders').where({ id: declined.json().orderId }).first()
      if (cancelled != null) t.equal(cancelled.status, 'cancelled')
      // Stripe's payment_failed webhook afterwards changes nothing more.
      const failed = fake.eventsOf('payment_intent.payment_failed').at(-1)
      t.equal((await deliver(app, failed as Record<string, unknown>)).statusCode, 200)
      await webhooksSettled(app)
      t.same(await levelOf(shop, variantId), { on_hand: 3, reserved: 0 })
    })

    t.test('automatic capture (store setting) pays at checkout', async (t) => {
      await app.services.settings.set(shop.ctx, 'payments-stripe', 'captureMethod', 'automatic')
      t.teardown(async () => { await app.services.settings.set(shop.ctx, 'payments-stripe', 'captureMethod', 'manual') })
      const variantId = await createVariant(shop, 2, 1000)
      const placed = await payByCard(shop, await readyCart(shop, [{ variantId, quantity: 1 }]), 'pm_card_visa')
      t.equal(placed.statusCode, 201, placed.body)
      t.equal(placed.json().order.status, 'paid')
      t.equal(placed.json().order.paymentStatus, 'captured')
    })

    t.test('3-D Secure: the storefront gets a client secret, the authorization webhook confirms the order', async (t) => {
      const variantId = await createVariant(shop, 2, 3000)
      const placed = await payByCard(shop, await readyCart(shop, [{ variantId, quantity: 1 }]), 'pm_card_authenticationRequired')
      t.equal(placed.statusCode, 201, placed.body)
      const { order: created, payment } = placed.json()
      t.equal(payment.status, 'requires_action')
      t.match(payment.clientSecret, /^pi_\w+_secret_/)
      t.equal(created.status, 'pending')
      // The buyer authenticates in the browser (Stripe.js): here, the confirm Stripe.js would make.
      const piId = (payment.clientSecret as string).split('_secret_')[0] as string
      await fake.client().paymentIntents.confirm(piId, { return_url: 'https://shop.example/return' })
      const event = fake.eventsOf('payment_intent.amount_capturable_updated').find((e) => (e.data as { object: { id: string } }).object.id === piId)
      await deliver(app, event as Record<string, unknown>)
      await webhooksSettled(app)
      const after = await order(created.id)
      t.equal(after.status, 'confirmed')
      t.equal(after.paymentStatus, 'authorized')
    })

    t.test('webhooks out of order never move a real order backwards', async (t) => {
      const variantId = await createVariant(shop, 2, 2500)
      const placed = await payByCard(shop, await readyCart(shop, [{ variantId, quantity: 1 }]), 'pm_card_authenticationRequired')
      const { order: created, payment } = placed.json()
      const piId = (payment.clientSecret as string).split('_secret_')[0] as string
      // The buyer authenticates, then someone captures in the Stripe dashboard.
      const stripe = fake.client()
      await stripe.paymentIntents.confirm(piId, { return_url: 'https://shop.example/return' })
      await stripe.paymentIntents.capture(piId)
      const byIntent = (type: string) => fake.eventsOf(type).find((e) => (e.data as { object: { id: string } }).object.id === piId) as Record<string, unknown>
      // Delivered newest first: succeeded, then the older amount_capturable_updated.
      await deliver(app, byIntent('payment_intent.succeeded'))
      await webhooksSettled(app)
      const paid = await order(created.id)
      t.equal(paid.status, 'paid')
      t.equal(paid.paymentStatus, 'captured')
      const timeline = (await app.inject({ method: 'GET', url: `/admin/orders/${created.id as string}/timeline`, headers: admin })).json().length
      await deliver(app, byIntent('payment_intent.amount_capturable_updated'))
      await webhooksSettled(app)
      const after = await order(created.id)
      t.equal(after.status, 'paid', 'not back to confirmed')
      t.equal(after.paymentStatus, 'captured')
      t.equal((await app.inject({ method: 'GET', url: `/admin/orders/${created.id as string}/timeline`, headers: admin })).json().length, timeline)
      t.equal((await db('payments_stripe_webhook_events').where({ stripe_event_id: byIntent('payment_intent.amount_capturable_updated').id }).first()).outcome, 'stale')
    })

    t.test('a signed-in customer saves a card, pays with it, removes it; erasure deletes the Stripe Customer', async (t) => {
      const buyer = await registerCustomer(shop)
      const saved = await app.inject({ method: 'POST', url: '/store/payments-stripe/payment-methods', headers: { ...buyer.headers, 'idempotency-key': `save-${buyer.customerId}` }, payload: { paymentMethod: 'pm_card_visa' } })
      t.equal(saved.statusCode, 201, saved.body)
      t.equal(saved.json().status, 'succeeded')
      const listed = await app.inject({ method: 'GET', url: '/store/payments-stripe/payment-methods', headers: buyer.headers })
      t.equal(listed.json().items.length, 1)
      const card = listed.json().items[0]
      t.match(card, { type: 'card', brand: 'visa', last4: '4242' })
      const variantId = await createVariant(shop, 1, 1000)
      const placed = await payByCard(shop, await readyCart(shop, [{ variantId, quantity: 1 }], buyer.headers), card.id)
      t.equal(placed.statusCode, 201, placed.body)
      const link = await db('payments_stripe_customers').where({ customer_id: buyer.customerId }).first()
      const pi = [...fake.state.paymentIntents.values()].find((p) => (p.metadata as Record<string, string>).order_id === placed.json().order.id)
      t.equal(pi?.customer, link.stripe_customer_id, 'the intent names the Stripe Customer')
      const other = await registerCustomer(shop)
      const stolen = await app.inject({ method: 'DELETE', url: `/store/payments-stripe/payment-methods/${card.id as string}`, headers: other.headers })
      t.equal(stolen.statusCode, 404)
      t.equal(stolen.json().code, 'PAYMENTS_STRIPE_PAYMENT_METHOD_NOT_FOUND')
      const removed = await app.inject({ method: 'DELETE', url: `/store/payments-stripe/payment-methods/${card.id as string}`, headers: buyer.headers })
      t.equal(removed.statusCode, 204)
      t.same((await app.inject({ method: 'GET', url: '/store/payments-stripe/payment-methods', headers: buyer.headers })).json().items, [])
      t.equal((await app.inject({ method: 'GET', url: '/store/payments-stripe/payment-methods' })).statusCode, 401)
      // GDPR: export names the Stripe Customer; erase drops the link and the job deletes it at Stripe.
      const exported = await app.services.personalData.exportCustomer(shop.ctx, buyer.customerId)
      t.same(exported['payments-stripe'], { stripeCustomer: { id: link.stripe_customer_id, linkedAt: new Date(link.created_at).toISOString() } })
      await app.services.personalData.eraseCustomer(shop.ctx, buyer.customerId, 'erased-1')
      t.equal(await db('payments_stripe_customers').where({ customer_id: buyer.customerId }).first(), undefined)
      await deleteStripeCustomers.handler(shop.ctx, {}, { id: 'test', name: 'payments-stripe.delete-stripe-customers', attempt: 1, services: app.services, progress: async () => {} })
      t.notOk(fake.state.customers.has(link.stripe_customer_id), 'the Stripe Customer is deleted')
      t.equal((await db('payments_stripe_customer_deletions')).length, 0)
    })

    // Last: the extension registered here stays on this app.
    t.test('Radar\'s outcome and the card fingerprint reach checkout extensions, from checkout and from the webhook', async (t) => {
      const seen: Array<{ orderId: string, status: string, risk: Record<string, unknown> | null }> = []
      app.services.ordersCheckoutExtensions.register({
        id: 'radar-probe',
        afterPayment: async (_ctx, order, payment) => {
          seen.push({ orderId: order.orderId, status: payment.status, risk: payment.risk as Record<string, unknown> | null })
          return payment.risk?.level === 'elevated' ? { hold: { reason: 'Radar: elevated risk' } } : undefined
        },
      })
      const variantId = await createVariant(shop, 3, 2500)
      const placed = await payByCard(shop, await readyCart(shop, [{ variantId, quantity: 1 }]), 'pm_card_riskLevelElevated')
      t.equal(placed.statusCode, 201, placed.body)
      const orderId = placed.json().order.id as string
      const risk = seen.find((s) => s.orderId === orderId)?.risk
      t.match(risk, { level: 'elevated', score: 67, outcome: 'authorized', cardFingerprint: /^\w+$/, cardCountry: 'US' })
      // The hold the extension asked for, enforced by orders.
      const lineId = placed.json().order.lines[0].id as string
      const fulfil = await app.inject({ method: 'POST', url: `/admin/orders/${orderId}/fulfilments`, headers: admin, payload: { lines: [{ lineId, quantity: 1 }] } })
      t.equal(fulfil.statusCode, 409, fulfil.body)
      t.equal(fulfil.json().code, 'ORDERS_ORDER_ON_HOLD')

      // 3-D Secure: the outcome arrives by webhook; the charge is read for Radar's word.
      const secure = await payByCard(shop, await readyCart(shop, [{ variantId, quantity: 1 }]), 'pm_card_authenticationRequired')
      const piId = (secure.json().payment.clientSecret as string).split('_secret_')[0] as string
      await fake.client().paymentIntents.confirm(piId, { return_url: 'https://shop.example/return' })
      const event = fake.eventsOf('payment_intent.amount_capturable_updated').find((e) => (e.data as { object: { id: string } }).object.id === piId)
      await deliver(app, event as Record<string, unknown>)
      await webhooksSettled(app)
      const reported = seen.find((s) => s.orderId === secure.json().order.id && s.status === 'authorized')
      t.match(reported?.risk, { level: 'normal', outcome: 'authorized', cardCountry: 'US' })
      t.ok(fake.requests.some((r) => r.method === 'GET' && r.path.startsWith('/v1/charges/')), 'the charge was read from Stripe')
    })
  })
}
