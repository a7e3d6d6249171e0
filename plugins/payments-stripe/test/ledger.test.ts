import t from 'tap'
import { randomUUID } from 'node:crypto'
import { Validator } from '@seriousme/openapi-schema-validator'
import { buildApp } from '@comptoir/core'
import { createTestDatabases, testEngines } from '@comptoir/core/testing'
import Value from 'typebox/value'
import { PaymentsStripeConfig } from '../src/config.js'
import paymentsStripe from '../src/index.js'
import { createStripeClientService } from '../src/services/client.js'
import { startFakeStripe } from './fake-stripe/server.js'
import { deliver, eventually, setup, systemCtx, webhookSecret, webhooksSettled } from './helpers.js'
import { ordersStandIn } from './support/orders-stand-in.js'

// Provider calls → ledger → reports and reconciliation against the fake's balance transactions.
// Orders is the stand-in here: checkout.test.ts runs the same provider through the real orders plugin.
const dbs = createTestDatabases(t)

function authorizeInput (amount: number, currency = 'EUR', data: Record<string, unknown> = { paymentMethod: 'pm_card_visa' }) {
  const paymentId = randomUUID()
  return { paymentId, orderId: randomUUID(), orderNumber: '#1001', amount, currency, customerId: null, email: 'buyer@example.com', data, idempotencyKey: `orders:${paymentId}:authorize` }
}

for (const engine of testEngines()) {
  t.test(engine, async (t) => {
    // A Stripe account per engine: reconciliation compares everything in the account.
    const fake = await startFakeStripe()
    t.teardown(() => fake.close())
    const { app, admin, logs } = await setup(dbs, t, engine, fake)
    const ctx = systemCtx(app)
    const provider = app.services.paymentsStripe
    const db = app.comptoir.database.knex

    t.test('amounts stay minor units: JPY is whole yen, EUR cents; the currency goes lower-case', async (t) => {
      const yen = await provider.authorize(ctx, authorizeInput(1500, 'JPY'))
      t.equal(yen.status, 'authorized')
      t.match(fake.state.paymentIntents.get(yen.reference as string), { amount: 1500, currency: 'jpy' })
      const row = await db('payments_stripe_ledger').where({ gateway_object_id: yen.reference, kind: 'authorization' }).first()
      t.match(row, { amount: '1500', currency: 'JPY' })
    })

    t.test('a retried authorize (same key) reuses the PaymentIntent; capture twice is still one capture', async (t) => {
      const input = authorizeInput(3000)
      const first = await provider.authorize(ctx, input)
      const again = await provider.authorize(ctx, input)
      t.equal(again.reference, first.reference)
      const captured = await provider.capture(ctx, { paymentId: input.paymentId, reference: first.reference, amount: 2500, currency: 'EUR', idempotencyKey: `orders:${input.paymentId}:capture` })
      t.same(captured, { status: 'captured', amountCaptured: 2500 })
      // Another key (an admin retry after a timeout): Stripe says "already captured", we answer captured.
      const twice = await provider.capture(ctx, { paymentId: input.paymentId, reference: first.reference, amount: 2500, currency: 'EUR', idempotencyKey: `orders:${input.paymentId}:capture-2` })
      t.same(twice, { status: 'captured', amountCaptured: 2500 })
      t.equal((await db('payments_stripe_ledger').where({ payment_intent_id: first.reference, kind: 'capture' })).length, 1)
      const refund = await provider.refund(ctx, { paymentId: input.paymentId, refundId: randomUUID(), reference: first.reference, amount: 1000, currency: 'EUR', reason: 'damaged', idempotencyKey: `orders:${randomUUID()}:refund` })
      t.equal(refund.status, 'succeeded')
      t.match(refund.reference, /^re_/)
      await t.rejects(provider.refund(ctx, { paymentId: input.paymentId, refundId: randomUUID(), reference: first.reference, amount: 9999, currency: 'EUR', reason: null, idempotencyKey: `orders:${randomUUID()}:refund` }), { code: 'PAYMENTS_STRIPE_REQUEST_REFUSED' })
    })

    t.test('declines are outcomes; cancel voids an authorization', async (t) => {
      const declined = await provider.authorize(ctx, authorizeInput(1000, 'EUR', { paymentMethod: 'pm_card_chargeDeclined' }))
      t.match(declined, { status: 'failed', failureCode: 'generic_decline', failureMessage: 'Your card was declined.' })
      const noCard = await provider.authorize(ctx, authorizeInput(1000, 'EUR', {}))
      t.equal(noCard.status, 'requires_action')
      t.match(noCard.clientSecret, /_secret_/)
      const held = await provider.authorize(ctx, authorizeInput(1100))
      await provider.cancel(ctx, { paymentId: randomUUID(), reference: held.reference, idempotencyKey: `orders:${randomUUID()}:cancel` })
      await provider.cancel(ctx, { paymentId: randomUUID(), reference: held.reference, idempotencyKey: `orders:${randomUUID()}:cancel` })
      t.equal(fake.state.paymentIntents.get(held.reference as string)?.status, 'canceled')
    })

    t.test('an authorize whose answer is lost: the retry under our key replays it; if all are lost, cancel finds and voids it', async (t) => {
      // 1. The SDK retries a closed connection once, under our key: Stripe replays the first answer.
      const once = authorizeInput(4200)
      fake.loseNextResponses(1)
      t.equal((await provider.authorize(ctx, once)).status, 'authorized')
      t.equal(fake.requests.filter((r) => r.idempotencyKey === once.idempotencyKey).length, 2, 'two requests')
      t.equal([...fake.state.paymentIntents.values()].filter((p) => (p.metadata as Record<string, string>).payment_id === once.paymentId).length, 1, 'one intent')
      // 2. Both answers lost: orders sees a failure and cancels with no reference; we find the intent by metadata.
      const input = authorizeInput(3300)
      fake.loseNextResponses(2)
      await t.rejects(provider.authorize(ctx, input), { code: 'PAYMENTS_STRIPE_UNAVAILABLE' })
      const lost = [...fake.state.paymentIntents.values()].find((p) => (p.metadata as Record<string, string>).payment_id === input.paymentId)
      t.equal(lost?.status, 'requires_capture', 'Stripe did authorize')
      await provider.cancel(ctx, { paymentId: input.paymentId, reference: null, idempotencyKey: `orders:${input.paymentId}:cancel` })
      t.equal(lost?.status, 'canceled', 'the held funds are released')
    })

    t.test('reconciliation matches the ledger with Stripe and lists every injected mismatch', async (t) => {
      const from = new Date(Date.now() - 3600_000).toISOString()
      // 1. real activity: captures, a refund, a dispute (through its webhook).
      const paid = await provider.authorize(ctx, authorizeInput(5000, 'EUR', { paymentMethod: 'pm_card_visa' }))
      await provider.capture(ctx, { paymentId: randomUUID(), reference: paid.reference, amount: 5000, currency: 'EUR', idempotencyKey: `k-${randomUUID()}` })
      const charge = fake.state.paymentIntents.get(paid.reference as string)?.latest_charge as string
      const dispute = fake.openDispute(charge, 2000)
      await deliver(app, fake.eventsOf('charge.dispute.created').find((e) => (e.data as { object: { id: string } }).object.id === dispute.id) as Record<string, unknown>)
      await webhooksSettled(app)
      // 2. injected: Stripe has a charge we never recorded, another differs by one cent, the ledger has a ghost.
      const stray = fake.injectBalanceTransaction({ amount: 999, currency: 'eur', type: 'charge', source: 'ch_strayCharge' })
      const altered = fake.state.balanceTransactions.find((b) => b.source === charge)
      if (altered != null) altered.amount = (altered.amount as number) + 1
      await app.services.paymentsStripeLedger.record(ctx, { kind: 'capture', status: 'succeeded', amount: 700, currency: 'EUR', gatewayObjectId: 'ch_ghostCharge', chargeId: 'ch_ghostCharge', occurredAt: new Date() })
      // 3. run it from the admin API; the job performs it.
      const started = await app.inject({ method: 'POST', url: '/admin/payments-stripe/reconciliation-runs', headers: admin, payload: { from, to: new Date(Date.now() + 3600_000).toISOString() } })
      t.equal(started.statusCode, 202, started.body)
      const runId = started.json().id as string
      const run = await eventually(async () => { const r = (await app.inject({ method: 'GET', url: `/admin/payments-stripe/reconciliation-runs/${runId}`, headers: admin })).json(); return r.status === 'completed' ? r : null })
      t.equal(run.mismatchCount, 3)
      t.equal(run.matchedCount, 3, 'the 2500 capture, its refund, the dispute')
      const listed = await app.inject({ method: 'GET', url: `/admin/payments-stripe/reconciliation-mismatches?runId=${runId}`, headers: admin })
      t.equal(listed.statusCode, 200)
      const byObject = Object.fromEntries(listed.json().items.map((i: { gatewayObjectId: string, outcome: string }) => [i.gatewayObjectId, i.outcome]))
      t.same(byObject, { ch_strayCharge: 'missing_in_ledger', [charge]: 'amount_mismatch', ch_ghostCharge: 'missing_at_stripe' })
      const mismatch = listed.json().items.find((i: { outcome: string }) => i.outcome === 'amount_mismatch')
      t.match(mismatch, { ledgerAmount: 5000, stripeAmount: 5001, currency: 'EUR', balanceTransactionId: altered?.id })
      t.equal(listed.json().items.find((i: { outcome: string }) => i.outcome === 'missing_in_ledger').balanceTransactionId, stray.id)
      // 4. fees became ledger rows; running the job again changes nothing.
      t.ok((await db('payments_stripe_ledger').where({ kind: 'fee' })).length >= 2, 'fee rows recorded')
      const before = await db('payments_stripe_ledger').count({ n: '*' }).first()
      await app.services.paymentsStripeReconciliation.perform(ctx, runId)
      t.same(await db('payments_stripe_ledger').count({ n: '*' }).first(), before)
      // 5. the daily schedule's path: the UTC day before `now`.
      const daily = await app.services.paymentsStripeReconciliation.reconcilePreviousDay(ctx, new Date(Date.now() + 86400_000))
      t.equal(daily.status, 'completed')
      t.equal(new Date(daily.periodEnd).getTime() - new Date(daily.periodStart).getTime(), 86400_000)
    })

    t.test('reports: daily totals per currency/kind/status, refunds, disputes, streamed CSV', async (t) => {
      const totals = await app.inject({ method: 'GET', url: '/admin/payments-stripe/reports/daily-totals', headers: admin })
      t.equal(totals.statusCode, 200)
      const today = new Date().toISOString().slice(0, 10)
      const capture = totals.json().items.find((i: { day: string, currency: string, kind: string }) => i.day === today && i.currency === 'EUR' && i.kind === 'capture')
      t.ok(capture != null && capture.amount >= 7500, 'EUR captures summed')
      t.ok(totals.json().items.some((i: { currency: string }) => i.currency === 'JPY'))
      const refunds = await app.inject({ method: 'GET', url: '/admin/payments-stripe/refunds', headers: admin })
      t.same(refunds.json().items.map((e: { amount: number }) => e.amount), [1000])
      const disputes = await app.inject({ method: 'GET', url: '/admin/payments-stripe/disputes?limit=5', headers: admin })
      t.match(disputes.json().items, [{ kind: 'dispute', status: 'opened', amount: 2000 }])
      const csv = await app.inject({ method: 'GET', url: '/admin/payments-stripe/ledger-entries.csv', headers: admin })
      t.equal(csv.statusCode, 200)
      t.match(csv.headers['content-type'], /^text\/csv/)
      const lines = csv.body.trim().split('\n')
      t.equal(lines[0], 'occurred_at,kind,status,amount,currency,order_id,payment_id,payment_intent_id,charge_id,gateway_object_id,balance_transaction_id,id')
      t.equal(lines.length - 1, Number((await db('payments_stripe_ledger').count({ n: '*' }).first() as { n: string }).n))
      const bad = await app.inject({ method: 'GET', url: '/admin/payments-stripe/ledger-entries.csv?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', headers: admin })
      t.equal(bad.statusCode, 400)
      t.equal(bad.json().code, 'PAYMENTS_STRIPE_INVALID_PERIOD')
      t.equal((await app.inject({ method: 'GET', url: '/admin/payments-stripe/refunds' })).statusCode, 401)
    })

    t.test('/openapi.json is valid and documents every route of the plugin with its tag and operationId', async (t) => {
      const res = await app.inject({ method: 'GET', url: '/openapi.json' })
      const doc = res.json() as { paths: Record<string, Record<string, { operationId?: string, tags?: string[] }>> }
      const result = await new Validator().validate(doc)
      t.equal(result.valid, true, JSON.stringify(result.errors ?? null).slice(0, 500))
      const ours = Object.entries(doc.paths).filter(([path]) => path.includes('payments-stripe') || path === '/hooks/stripe')
      t.same(ours.map(([path, ops]) => `${path} ${Object.keys(ops).sort().join(',')}`).sort(), [
        '/admin/payments-stripe/disputes get', '/admin/payments-stripe/ledger-entries get', '/admin/payments-stripe/ledger-entries.csv get',
        '/admin/payments-stripe/reconciliation-mismatches get', '/admin/payments-stripe/reconciliation-runs get,post',
        '/admin/payments-stripe/reconciliation-runs/{runId} get', '/admin/payments-stripe/refunds get', '/admin/payments-stripe/reports/daily-totals get',
        '/hooks/stripe post', '/store/payments-stripe/payment-methods get,post', '/store/payments-stripe/payment-methods/{paymentMethodId} delete',
      ])
      for (const [path, ops] of ours) {
        for (const [method, op] of Object.entries(ops)) {
          t.same(op.tags, ['payments-stripe'], `${method} ${path} tag`)
          t.ok(op.operationId, `${method} ${path} operationId`)
        }
      }
    })

    t.test('secrets never appear in logs, errors or API answers', async (t) => {
      const forged = await deliver(app, { id: 'evt_x', object: 'event', type: 'payment_intent.succeeded', created: 1, data: { object: {} } }, 'whsec_wrong')
      const openapi = await app.inject({ method: 'GET', url: '/openapi.json' })
      const settings = await app.inject({ method: 'GET', url: '/admin/settings', headers: admin })
      for (const secret of [fake.secretKey, webhookSecret]) {
        for (const [what, text] of [['logs', logs.text()], ['webhook error', forged.body], ['openapi', openapi.body], ['settings', settings.body]] as const) {
          t.notOk(text.includes(secret), `${what} do not contain ${secret.slice(0, 8)}…`)
        }
      }
      t.ok(logs.lines.length > 20, 'logs were captured')
      // A rejected key: the error that reaches clients and logs names no key (the client alone, so
      // that one app at a time lives on the embedded engine).
      const wrongKey = 'sk_test_wrong_key_must_not_leak_42'
      const client = createStripeClientService(app.services, { name: 'payments-stripe', log: app.log, config: Value.Default(PaymentsStripeConfig, { secretKey: wrongKey, apiHost: '127.0.0.1', apiPort: fake.port, apiProtocol: 'http', maxNetworkRetries: 0 }) as PaymentsStripeConfig })
      const error = await client.call(async (stripe) => await stripe.customers.create({})).catch((e: unknown) => e) as Error & { code?: string }
      t.equal(error.code, 'PAYMENTS_STRIPE_UNAVAILABLE')
      t.notOk(JSON.stringify({ ...error, message: error.message, cause: error.cause }).includes(wrongKey))
      // A bad option at boot: the boot error names the field, never the value.
      const boot = await buildApp({ env: false, config: { plugins: [ordersStandIn, [paymentsStripe, { secretKey: wrongKey, apiPort: 'not-a-port' }]] } }).catch((e: unknown) => e) as Error
      t.match(boot.message, /payments-stripe/)
      t.notOk(boot.message.includes(wrongKey))
    })
  })
}
