import t from 'tap'
import { createTestDatabases, testEngines } from '@comptoir/core/testing'
import { startFakeStripe } from './fake-stripe/server.js'
import Stripe from 'stripe'
import { deliver, eventually, setup, webhookSecret, webhooksSettled } from './helpers.js'
import { standInOf } from './support/orders-stand-in.js'

const dbs = createTestDatabases(t)
const fake = await startFakeStripe()
t.teardown(() => fake.close())
const stripe = fake.client()
const confirm = { payment_method: 'pm_card_visa', confirm: true, automatic_payment_methods: { enabled: true, allow_redirects: 'never' as const } }

/** The last event of `type` about object `id`. */
function eventFor (type: string, id: string) {
  const found = fake.eventsOf(type).filter((e) => (e.data as { object: { id: string } }).object.id === id).at(-1)
  if (found == null) throw new Error(`no ${type} for ${id}`)
  return found
}

for (const engine of testEngines()) {
  t.test(engine, async (t) => {
    const { app } = await setup(dbs, t, engine, fake)
    const db = app.comptoir.database.knex
    const standIn = standInOf(app.services)
    const rows = async (table: string): Promise<number> => Number(((await db(table).count({ n: '*' }).first()) as { n: string }).n)

    t.test('a missing, forged, tampered or stale signature is a 400 and stores nothing', async (t) => {
      const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'eur', capture_method: 'manual', ...confirm })
      const event = eventFor('payment_intent.amount_capturable_updated', pi.id)
      const before = await rows('payments_stripe_webhook_events')
      const missing = await app.inject({ method: 'POST', url: '/hooks/stripe', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(event) })
      t.equal(missing.statusCode, 400)
      t.equal(missing.json().code, 'PAYMENTS_STRIPE_WEBHOOK_SIGNATURE_INVALID')
      const forged = await deliver(app, event, 'whsec_someone_else')
      t.equal(forged.statusCode, 400)
      t.equal(forged.json().code, 'PAYMENTS_STRIPE_WEBHOOK_SIGNATURE_INVALID')
      const stale = await deliver(app, event, undefined, Math.floor(Date.now() / 1000) - 3600)
      t.equal(stale.statusCode, 400, 'older than the tolerance')
      // Signed over one body, another sent: the raw bytes are what is verified.
      const good = await deliver(app, event)
      t.equal(good.statusCode, 200)
      const payload = JSON.stringify(event)
      const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret })
      const tampered = await app.inject({ method: 'POST', url: '/hooks/stripe', headers: { 'content-type': 'application/json', 'stripe-signature': header }, payload: payload.replace('"amount":1000', '"amount":1') })
      t.equal(tampered.statusCode, 400)
      const reformatted = await app.inject({ method: 'POST', url: '/hooks/stripe', headers: { 'content-type': 'application/json', 'stripe-signature': header }, payload: JSON.stringify(event, null, 2) })
      t.equal(reformatted.statusCode, 400, 'same JSON, other bytes')
      t.equal(await rows('payments_stripe_webhook_events'), before + 1, 'only the good delivery stored')
      await webhooksSettled(app)
    })

    t.test('one event delivered 10 times (concurrently) changes the order once', async (t) => {
      const pi = await stripe.paymentIntents.create({ amount: 2500, currency: 'eur', capture_method: 'manual', metadata: { order_id: 'o-replay', payment_id: 'p-replay' }, ...confirm })
      const event = eventFor('payment_intent.amount_capturable_updated', pi.id)
      const answers = await Promise.all(Array.from({ length: 10 }, async () => await deliver(app, event)))
      t.same(answers.map((a) => a.statusCode), Array(10).fill(200))
      t.equal(answers.filter((a) => a.json().duplicate === false).length, 1, 'one first delivery')
      await webhooksSettled(app)
      const again = await deliver(app, event)
      t.same(again.json(), { received: true, duplicate: true })
      await webhooksSettled(app)
      const calls = standIn.calls.filter((c) => c.input.reference === pi.id)
      t.equal(calls.length, 1)
      // Radar's word on the charge (read from Stripe before the transaction) goes with the report.
      const card = fake.state.paymentMethods.get(pi.payment_method as string)?.card as { fingerprint: string, country: string }
      t.same(calls[0]?.input, {
        provider: 'stripe', reference: pi.id, status: 'authorized', amount: 2500, occurredAt: calls[0]?.input.occurredAt,
        risk: { level: 'normal', score: 12, outcome: 'authorized', cardFingerprint: card.fingerprint, cardCountry: card.country },
      })
      t.equal(await db('payments_stripe_webhook_events').where({ stripe_event_id: event.id }).count({ n: '*' }).first().then((r) => Number((r as { n: string }).n)), 1)
      const ledger = await db('payments_stripe_ledger').where({ payment_intent_id: pi.id })
      t.equal(ledger.length, 1)
      t.match(ledger[0], { kind: 'authorization', amount: '2500', currency: 'EUR', order_id: 'o-replay', payment_id: 'p-replay' })
    })

    t.test('events out of order never move the payment backwards', async (t) => {
      const pi = await stripe.paymentIntents.create({ amount: 4000, currency: 'usd', capture_method: 'manual', ...confirm })
      await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 3000 })
      const authorized = eventFor('payment_intent.amount_capturable_updated', pi.id)
      const succeeded = eventFor('payment_intent.succeeded', pi.id)
      t.equal((await deliver(app, succeeded)).statusCode, 200)
      await webhooksSettled(app)
      t.equal((await deliver(app, authorized)).statusCode, 200)
      await webhooksSettled(app)
      t.equal(standIn.statusOf(pi.id), 'captured')
      t.same(standIn.calls.filter((c) => c.input.reference === pi.id).map((c) => c.input.status), ['captured'], 'the late authorization never reaches orders')
      const outcomes = await db('payments_stripe_webhook_events').whereIn('stripe_event_id', [succeeded.id, authorized.id]).select('stripe_event_id', 'outcome')
      t.same(Object.fromEntries(outcomes.map((r: { stripe_event_id: string, outcome: string }) => [r.stripe_event_id, r.outcome])), { [succeeded.id]: 'applied', [authorized.id]: 'stale' })
      const state = await db('payments_stripe_payment_intents').where({ payment_intent_id: pi.id }).first()
      t.equal(state.status, 'captured')
      const kinds = (await db('payments_stripe_ledger').where({ payment_intent_id: pi.id }).select('kind', 'amount')).map((r: { kind: string, amount: string }) => `${r.kind}:${r.amount}`).sort()
      t.same(kinds, ['authorization:4000', 'capture:3000'], 'the ledger still records both facts')
    })

    t.test('a failure while applying rolls back and the job retries until it applies once', async (t) => {
      const pi = await stripe.paymentIntents.create({ amount: 1200, currency: 'eur', ...confirm })
      const event = eventFor('payment_intent.succeeded', pi.id)
      standIn.failNext(1)
      t.equal((await deliver(app, event)).statusCode, 200, 'answered before processing')
      await webhooksSettled(app)
      t.same(standIn.calls.filter((c) => c.input.reference === pi.id).map((c) => c.input.status), ['captured'])
      t.equal((await db('payments_stripe_ledger').where({ payment_intent_id: pi.id, kind: 'capture' })).length, 1)
    })

    t.test('payment_failed and canceled reach orders with the decline code', async (t) => {
      await stripe.paymentIntents.create({ amount: 800, currency: 'eur', payment_method: 'pm_card_chargeDeclined', confirm: true, automatic_payment_methods: { enabled: true, allow_redirects: 'never' } }).catch(() => null)
      const failed = fake.eventsOf('payment_intent.payment_failed').at(-1)
      const piId = (failed?.data as { object: { id: string } }).object.id
      await deliver(app, failed as Record<string, unknown>)
      await webhooksSettled(app)
      const call = standIn.calls.find((c) => c.input.reference === piId)
      t.match(call?.input, { status: 'failed', failureCode: 'generic_decline', failureMessage: 'Your card was declined.' })
      const held = await stripe.paymentIntents.create({ amount: 900, currency: 'eur', capture_method: 'manual', ...confirm })
      await stripe.paymentIntents.cancel(held.id)
      await deliver(app, eventFor('payment_intent.canceled', held.id))
      await webhooksSettled(app)
      t.equal(standIn.statusOf(held.id), 'canceled')
    })

    t.test('charge.refunded records each refund once, in the ledger and at orders', async (t) => {
      const pi = await stripe.paymentIntents.create({ amount: 5000, currency: 'eur', metadata: { order_id: 'o-refund' }, ...confirm })
      const first = await stripe.refunds.create({ payment_intent: pi.id, amount: 1500 })
      const event1 = eventFor('charge.refunded', pi.latest_charge as string)
      await deliver(app, event1)
      await webhooksSettled(app)
      const second = await stripe.refunds.create({ payment_intent: pi.id, amount: 500 })
      await deliver(app, eventFor('charge.refunded', pi.latest_charge as string))
      await deliver(app, event1)
      await webhooksSettled(app)
      t.equal(standIn.refundsOf(pi.id), 2000)
      const refunds = await db('payments_stripe_ledger').where({ payment_intent_id: pi.id, kind: 'refund' }).orderBy('amount')
      t.same(refunds.map((r: { gateway_object_id: string, amount: string }) => [r.gateway_object_id, Number(r.amount)]), [[second.id, 500], [first.id, 1500]])
    })

    t.test('disputes: opened then won reach orders and the ledger; unhandled types are stored and ignored', async (t) => {
      const pi = await stripe.paymentIntents.create({ amount: 7000, currency: 'eur', ...confirm })
      const dispute = fake.openDispute(pi.latest_charge as string)
      fake.closeDispute(dispute.id, 'won')
      await deliver(app, eventFor('charge.dispute.created', dispute.id))
      await deliver(app, eventFor('charge.dispute.closed', dispute.id))
      await webhooksSettled(app)
      // The two deliveries are applied by concurrent jobs, in either order: the outcome is what counts.
      t.equal(standIn.disputeOf(dispute.id), 'won')
      t.ok(standIn.calls.some((c) => c.method === 'recordDispute' && c.input.reference === pi.id && c.input.status === 'won'), 'the decision reached orders')
      const rowsOf = await db('payments_stripe_ledger').where({ gateway_object_id: dispute.id }).orderBy('seq')
      t.same(rowsOf.map((r: { status: string, amount: string }) => `${r.status}:${r.amount}`).sort(), ['opened:7000', 'won:7000'])
      const other = await deliver(app, eventFor('customer.created', fake.state.customers.values().next().value?.id ?? (await stripe.customers.create({})).id))
      t.equal(other.statusCode, 200)
      await eventually(async () => await db('payments_stripe_webhook_events').where({ type: 'customer.created', outcome: 'ignored' }).first())
    })

    t.test('the ledger refuses updates and deletes', async (t) => {
      await t.rejects(db('payments_stripe_ledger').update({ amount: 1 }), /append-only/)
      await t.rejects(db('payments_stripe_ledger').delete(), /append-only/)
    })
  })
}
