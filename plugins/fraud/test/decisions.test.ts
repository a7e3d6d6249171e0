import t from 'tap'
import { createTestDatabases, testEngines } from '@comptoir/core/testing'
import { checkout, openShop, readyCart, uniqueName } from './helpers.js'

const dbs = createTestDatabases(t)

for (const engine of testEngines()) {
  t.test(`${engine}: fraud decisions at checkout`, async (t) => {
    const shop = await openShop(dbs, t, engine)
    const { app, admin } = shop
    const knex = app.comptoir.database.knex
    const assessment = async (orderId: string): Promise<Record<string, any>> => (await app.inject({ method: 'GET', url: `/admin/fraud/reviews/${orderId}`, headers: admin })).json()
    const level = async (variantId: string): Promise<{ on_hand: number, reserved: number }> => await knex('inventory_levels').where({ variant_id: variantId }).first('on_hand', 'reserved')

    t.test('a clean checkout is allowed: score 0, no hold, the assessment stored with the order', async (t) => {
      const res = await checkout(shop, await readyCart(shop))
      t.equal(res.statusCode, 201, res.body)
      t.equal(res.json().order.hold, null)
      t.match(await assessment(res.json().order.id), { id: res.json().order.id, score: 0, decision: 'allow', status: 'allowed', reasons: [], orderNumber: res.json().order.number })
      const row = await knex('fraud_assessments').where({ order_id: res.json().order.id }).first()
      t.match(row.ip_hash, /^[0-9a-f]{40}$/, 'the IP is stored hashed')
    })

    t.test('review: the order is placed but held; fulfil and capture are refused; approval releases it and capture goes on', async (t) => {
      // disposable email (30) + billing in DE, shipping to FR (15) = 45 ≥ 40.
      const cart = await readyCart(shop, { email: `${uniqueName('x')}@mailinator.com`, billingCountry: 'DE', quantity: 2 })
      const res = await checkout(shop, cart)
      t.equal(res.statusCode, 201, res.body)
      const order = res.json().order
      t.match(order.hold, { source: 'fraud', reason: 'Fraud review: score 45' })
      const assessed = await assessment(order.id)
      t.match(assessed, { score: 45, decision: 'review', status: 'held' })
      t.same(assessed.reasons.map((r: { rule: string }) => r.rule).sort(), ['country_mismatch', 'disposable_email'])
      t.ok(assessed.reasons.every((r: { explanation: string, points: number }) => r.explanation.length > 0 && r.points > 0), 'every reason explained and weighted')
      const queue = await app.inject({ method: 'GET', url: '/admin/fraud/reviews', headers: admin })
      t.ok(queue.json().items.some((i: { orderId: string }) => i.orderId === order.id), 'in the review queue')

      const fulfil = await app.inject({ method: 'POST', url: `/admin/orders/${order.id as string}/fulfilments`, headers: admin, payload: { lines: [{ lineId: order.lines[0].id, quantity: 2 }] } })
      t.equal(fulfil.json().code, 'ORDERS_ORDER_ON_HOLD')
      const capture = await app.inject({ method: 'POST', url: `/admin/orders/${order.id as string}/payments/${order.payments[0].id as string}/capture`, headers: admin, payload: {} })
      t.equal(capture.json().code, 'ORDERS_ORDER_ON_HOLD')

      const approved = await app.inject({ method: 'POST', url: `/admin/fraud/reviews/${order.id as string}/approve`, headers: admin, payload: { note: 'called the buyer' } })
      t.equal(approved.statusCode, 200, approved.body)
      t.match(approved.json(), { status: 'approved', reviewNote: 'called the buyer', reviewedBy: /^api-key:/ })
      const again = await app.inject({ method: 'POST', url: `/admin/fraud/reviews/${order.id as string}/approve`, headers: admin, payload: {} })
      t.equal(again.statusCode, 409)
      t.equal(again.json().code, 'FRAUD_REVIEW_NOT_PENDING')
      const detail = (await app.inject({ method: 'GET', url: `/admin/orders/${order.id as string}`, headers: admin })).json()
      t.equal(detail.hold, null, 'hold released')
      t.match(detail.timeline.find((e: { kind: string, to: string }) => e.kind === 'hold' && e.to === 'released'), { body: /Fraud review approved \(score 45\): called the buyer/ })
      t.equal((await knex('comptoir_audit_log').where({ action: 'fraud.review.approved', target_id: order.id })).length, 1, 'audited')
      t.match(await knex('fraud_labels').where({ order_id: order.id }), [{ label: 'legit', source: 'manual_approval' }])
      const fulfilled = await app.inject({ method: 'POST', url: `/admin/orders/${order.id as string}/fulfilments`, headers: admin, payload: { lines: [{ lineId: order.lines[0].id, quantity: 2 }] } })
      t.equal(fulfilled.statusCode, 201, fulfilled.body)
      t.equal(fulfilled.json().order.paymentStatus, 'captured', 'capture resumed')
    })

    t.test('rejection cancels the held order: stock released, payment voided, labelled fraud, audited', async (t) => {
      const cart = await readyCart(shop, { email: `${uniqueName('x')}@yopmail.com`, billingCountry: 'DE', quantity: 3 })
      const res = await checkout(shop, cart)
      const order = res.json().order
      t.same(await level(cart.variantId), { on_hand: 10, reserved: 3 })
      const cancels = shop.gateway.calls.cancel
      const rejected = await app.inject({ method: 'POST', url: `/admin/fraud/reviews/${order.id as string}/reject`, headers: admin, payload: { note: 'stolen card' } })
      t.equal(rejected.statusCode, 200, rejected.body)
      t.equal(rejected.json().status, 'rejected')
      const detail = (await app.inject({ method: 'GET', url: `/admin/orders/${order.id as string}`, headers: admin })).json()
      t.equal(detail.status, 'cancelled')
      t.equal(detail.cancelReason, 'fraud_rejected')
      t.equal(detail.paymentStatus, 'canceled', 'authorization voided')
      t.equal(shop.gateway.calls.cancel, cancels + 1, 'through the provider port')
      t.same(await level(cart.variantId), { on_hand: 10, reserved: 0 }, 'stock released')
      t.ok(detail.timeline.some((e: { kind: string, body: string | null }) => e.kind === 'note' && /Fraud review rejected/.test(e.body ?? '')), 'on the timeline')
      t.match(await knex('fraud_labels').where({ order_id: order.id }), [{ label: 'fraud', source: 'manual_rejection' }])
      t.equal((await knex('comptoir_audit_log').where({ action: 'fraud.review.rejected', target_id: order.id })).length, 1)
      t.equal((await app.inject({ method: 'POST', url: `/admin/fraud/reviews/${order.id as string}/reject`, headers: admin, payload: {} })).json().code, 'FRAUD_REVIEW_NOT_PENDING')
    })

    t.test('two reviewers deciding at once: one decision wins, the other is a 409', async (t) => {
      const res = await checkout(shop, await readyCart(shop, { email: `${uniqueName('x')}@trashmail.com`, billingCountry: 'DE' }))
      const orderId = res.json().order.id as string
      const decide = async (verb: string) => await app.inject({ method: 'POST', url: `/admin/fraud/reviews/${orderId}/${verb}`, headers: admin, payload: {} })
      const answers = await Promise.all([decide('approve'), decide('approve')])
      t.same(answers.map((a) => a.statusCode).sort(), [200, 409], answers.map((a) => a.body).join(' | '))
      t.equal(answers.find((a) => a.statusCode === 409)!.json().code, 'FRAUD_REVIEW_NOT_PENDING')
      t.equal((await knex('fraud_labels').where({ order_id: orderId })).length, 1, 'one label')
    })

    t.test('block: checkout refused with a problem that names no rule; no order; the attempt kept and counted as a failure', async (t) => {
      const email = `${uniqueName('bad')}@example.com`
      const added = await app.inject({ method: 'POST', url: '/admin/fraud/block-list', headers: admin, payload: { kind: 'email', value: email.toUpperCase(), note: 'chargebacks' } })
      t.equal(added.statusCode, 201, added.body)
      const cart = await readyCart(shop, { email })
      const res = await checkout(shop, cart, { ip: '192.0.2.10' })
      t.equal(res.statusCode, 403)
      t.match(res.headers['content-type'], /problem\+json/)
      t.match(res.json(), { code: 'FRAUD_CHECKOUT_REFUSED', detail: /could not accept this order/ })
      t.notMatch(res.body, /block|score|rule|email/i, 'nothing about the rules')
      t.equal((await knex('orders_orders').where({ cart_id: cart.cartId })).length, 0, 'no order')
      t.same(await level(cart.variantId), { on_hand: 10, reserved: 0 })
      const blocked = await knex('fraud_assessments').where({ cart_id: cart.cartId }).first()
      t.match(blocked, { status: 'blocked', decision: 'block', score: 100, order_id: null })
      t.ok(blocked.reasons.some((r: { rule: string }) => r.rule === 'block_list'))
      const failures = await knex('fraud_velocity_counters').where({ kind: 'failure', dimension: 'email' }).sum({ n: 'count' }).first() as { n: string }
      t.ok(Number(failures.n) >= 1, 'the refusal counted as a failure')
      const listed = await app.inject({ method: 'GET', url: '/admin/fraud/reviews?status=blocked', headers: admin })
      t.ok(listed.json().items.some((i: { cartId: string }) => i.cartId === cart.cartId))
    })

    t.test('velocity per email: the checkout over the limit in the window is scored', async (t) => {
      await app.services.settings.set(shop.ctx, 'fraud', 'rules', { velocity_email: { limit: 2, weight: 20 } })
      t.teardown(async () => { await app.services.settings.set(shop.ctx, 'fraud', 'rules', {}) })
      const email = `${uniqueName('fast')}@example.com`
      const scores: number[] = []
      for (let i = 0; i < 3; i++) {
        const res = await checkout(shop, await readyCart(shop, { email }))
        t.equal(res.statusCode, 201, res.body)
        scores.push((await assessment(res.json().order.id)).score)
      }
      t.same(scores, [0, 0, 20], 'the third order in the hour hits velocity_email')
      const third = await knex('fraud_assessments').where({ email: email.toLowerCase() }).orderBy('created_at', 'desc').first()
      t.match(third.reasons, [{ rule: 'velocity_email', points: 20, detail: { count: 3, limit: 2 } }])
    })

    t.test('failed payments from one device raise the next checkout\'s score', async (t) => {
      const deviceId = uniqueName('device')
      for (let i = 0; i < 4; i++) {
        const res = await checkout(shop, await readyCart(shop), { deviceId, data: { decline: true } })
        t.equal(res.statusCode, 402)
      }
      const res = await checkout(shop, await readyCart(shop), { deviceId })
      t.equal(res.statusCode, 201)
      t.match((await assessment(res.json().order.id)).reasons, [{ rule: 'failed_payments', detail: { dimension: 'device', count: 4 } }])
    })

    t.test('Radar highest risk on the payment result holds an order that checkout allowed', async (t) => {
      const res = await checkout(shop, await readyCart(shop), { data: { risk: { level: 'highest', outcome: 'authorized', cardFingerprint: uniqueName('fp'), cardCountry: 'US' } } })
      t.equal(res.statusCode, 201, res.body)
      t.match(res.json().order.hold, { source: 'fraud', reason: /after payment/ })
      const assessed = await assessment(res.json().order.id)
      t.match(assessed, { status: 'held', decision: 'review', radar: { level: 'highest' } })
      t.same(assessed.reasons.map((r: { rule: string }) => r.rule).sort(), ['country_mismatch', 'radar_highest'], 'card country US vs billing FR too')
      t.equal(assessed.radar.cardFingerprint, undefined, 'the fingerprint is not kept in clear')
    })

    t.test('velocity per device and per card, and Radar elevated risk, add up after payment', async (t) => {
      await app.services.settings.set(shop.ctx, 'fraud', 'rules', { velocity_device: { limit: 1 }, velocity_card: { limit: 1 } })
      t.teardown(async () => { await app.services.settings.set(shop.ctx, 'fraud', 'rules', {}) })
      const deviceId = uniqueName('dev')
      const risk = { level: 'elevated', cardFingerprint: uniqueName('fp') }
      const first = await checkout(shop, await readyCart(shop), { deviceId, data: { risk } })
      t.match(await assessment(first.json().order.id), { score: 30, status: 'allowed', reasons: [{ rule: 'radar_elevated' }] })
      const second = await checkout(shop, await readyCart(shop), { deviceId, data: { risk } })
      const assessed = await assessment(second.json().order.id)
      t.same(assessed.reasons.map((r: { rule: string }) => r.rule), ['velocity_device', 'radar_elevated', 'velocity_card'])
      t.match(assessed, { score: 70, status: 'held' })
      t.match(second.json().order.hold, { source: 'fraud' })
    })

    t.test('many distinct cards on one email within the window', async (t) => {
      const email = `${uniqueName('cards')}@example.com`
      let last = ''
      for (let i = 0; i < 4; i++) {
        const res = await checkout(shop, await readyCart(shop, { email }), { data: { risk: { level: 'normal', cardFingerprint: uniqueName('card') } } })
        last = res.json().order.id
      }
      t.match((await assessment(last)).reasons.find((r: { rule: string }) => r.rule === 'many_cards'), { detail: { cards: 4, limit: 3 } })
    })

    t.test('first order far above the store average', async (t) => {
      const avg = await knex('fraud_assessments').where({ currency: 'EUR' }).whereNotNull('order_id').avg({ a: 'total_amount' }).first() as { a: string }
      const res = await checkout(shop, await readyCart(shop, { amount: Math.ceil(Number(avg.a) * 4) }))
      t.equal(res.statusCode, 201, res.body)
      t.ok((await assessment(res.json().order.id)).reasons.some((r: { rule: string }) => r.rule === 'first_order_high_value'))
    })
  })
}
