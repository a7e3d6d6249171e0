import t from 'tap'
import Stripe from 'stripe'
import { startFakeStripe } from './fake-stripe/server.js'

// The fake must behave like Stripe where Comptoir relies on it: these run the real SDK against it.
const fake = await startFakeStripe()
t.teardown(() => fake.close())
const stripe = fake.client()

/** What a promise rejected with (the SDK's error object). */
async function rejection (promise: Promise<unknown>): Promise<unknown> {
  return await promise.then(() => new Error('resolved'), (error: unknown) => error)
}

t.test('a manual-capture intent confirmed with pm_card_visa waits for capture, then captures partially', async (t) => {
  const pi = await stripe.paymentIntents.create({ amount: 5000, currency: 'eur', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true, automatic_payment_methods: { enabled: true, allow_redirects: 'never' } })
  t.equal(pi.status, 'requires_capture')
  t.equal(pi.amount_capturable, 5000)
  t.match(pi.client_secret, /^pi_\w+_secret_/)
  const captured = await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 4000 })
  t.equal(captured.status, 'succeeded')
  t.equal(captured.amount_received, 4000)
  const txns = await stripe.balanceTransactions.list({ source: captured.latest_charge as string })
  t.equal(txns.data.length, 1)
  t.equal(txns.data[0]?.amount, 4000)
  t.equal(txns.data[0]?.fee, Math.round(4000 * 29 / 1000) + 30)
  await t.rejects(stripe.paymentIntents.capture(pi.id), { type: 'StripeInvalidRequestError', code: 'payment_intent_unexpected_state' })
})

t.test('pm_card_chargeDeclined answers 402 card_declined with the intent', async (t) => {
  const error = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_chargeDeclined', confirm: true, automatic_payment_methods: { enabled: true, allow_redirects: 'never' } }).catch((e: unknown) => e)
  t.ok(error instanceof Stripe.errors.StripeCardError)
  const card = error as InstanceType<typeof Stripe.errors.StripeCardError>
  t.equal(card.statusCode, 402)
  t.equal(card.code, 'card_declined')
  t.equal(card.decline_code, 'generic_decline')
  t.equal(card.payment_intent?.status, 'requires_payment_method')
  t.equal(fake.eventsOf('payment_intent.payment_failed').at(-1)?.id != null, true)
})

t.test('server-side confirm without return_url needs redirects disallowed, as in Stripe', async (t) => {
  t.match(await rejection(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true })), { type: 'StripeInvalidRequestError', param: 'return_url' })
  const ok = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, return_url: 'https://shop.example/return' })
  t.equal(ok.status, 'succeeded', 'automatic capture by default')
})

t.test('parameters are checked against the spec subset: unknown, wrong type, bad enum', async (t) => {
  const base = { amount: 1000, currency: 'usd' }
  await t.rejects(stripe.paymentIntents.create({ ...base, nonsense: 'x' } as unknown as Stripe.PaymentIntentCreateParams), { type: 'StripeInvalidRequestError', code: 'parameter_unknown', param: 'nonsense' })
  t.match(await rejection(stripe.paymentIntents.create({ ...base, capture_method: 'later' } as unknown as Stripe.PaymentIntentCreateParams)), { type: 'StripeInvalidRequestError', param: 'capture_method' })
  await t.rejects(stripe.paymentIntents.create({ ...base, amount: '12.5' } as unknown as Stripe.PaymentIntentCreateParams), { type: 'StripeInvalidRequestError', code: 'parameter_invalid_integer' })
  await t.rejects(stripe.paymentIntents.create({ currency: 'usd' } as unknown as Stripe.PaymentIntentCreateParams), { type: 'StripeInvalidRequestError', code: 'parameter_missing', param: 'amount' })
  t.match(await rejection(stripe.paymentIntents.create({ ...base, payment_method_types: ['card'] } as unknown as Stripe.PaymentIntentCreateParams)), { type: 'StripeInvalidRequestError', param: 'payment_method_types' })
})

t.test('Idempotency-Key: same request replays the first answer, another request is an idempotency_error', async (t) => {
  const params = { amount: 700, currency: 'eur', capture_method: 'manual' as const }
  const first = await stripe.paymentIntents.create(params, { idempotencyKey: 'order-1-authorize' })
  const again = await stripe.paymentIntents.create(params, { idempotencyKey: 'order-1-authorize' })
  t.equal(again.id, first.id)
  t.equal(fake.state.paymentIntents.size >= 1, true)
  t.match(await rejection(stripe.paymentIntents.create({ ...params, amount: 701 }, { idempotencyKey: 'order-1-authorize' })), { type: 'StripeIdempotencyError' })
  const sent = fake.requests.filter((r) => r.idempotencyKey === 'order-1-authorize')
  t.equal(sent.length, 3)
})

t.test('refunds: partial then the rest; more than remains is refused', async (t) => {
  const pi = await stripe.paymentIntents.create({ amount: 3000, currency: 'eur', payment_method: 'pm_card_visa', confirm: true, automatic_payment_methods: { enabled: true, allow_redirects: 'never' } })
  const first = await stripe.refunds.create({ payment_intent: pi.id, amount: 1000 })
  t.equal(first.status, 'succeeded')
  t.equal(first.amount, 1000)
  await t.rejects(stripe.refunds.create({ payment_intent: pi.id, amount: 2001 }), { type: 'StripeInvalidRequestError', code: 'amount_too_large' })
  const rest = await stripe.refunds.create({ payment_intent: pi.id })
  t.equal(rest.amount, 2000)
  const charge = await stripe.charges.retrieve(pi.latest_charge as string)
  t.equal(charge.amount_refunded, 3000)
  t.equal(charge.refunded, true)
  const list = await stripe.refunds.list({ charge: charge.id })
  t.equal(list.data.length, 2)
})

t.test('cancel releases an authorization; a canceled intent cannot be captured', async (t) => {
  const pi = await stripe.paymentIntents.create({ amount: 900, currency: 'gbp', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true, automatic_payment_methods: { enabled: true, allow_redirects: 'never' } })
  const canceled = await stripe.paymentIntents.cancel(pi.id)
  t.equal(canceled.status, 'canceled')
  await t.rejects(stripe.paymentIntents.capture(pi.id), { code: 'payment_intent_unexpected_state' })
})

t.test('balance transactions: created range filter and auto-pagination over several pages', async (t) => {
  const other = await startFakeStripe()
  t.teardown(() => other.close())
  const client = other.client()
  for (let i = 0; i < 7; i++) other.injectBalanceTransaction({ amount: 100 + i, currency: 'eur', type: 'charge', source: `ch_test${i}` })
  const past = other.injectBalanceTransaction({ amount: 999, currency: 'eur', type: 'charge', source: 'ch_old' })
  past.created = 1_000_000
  const now = Math.floor(Date.now() / 1000)
  const all = await client.balanceTransactions.list({ created: { gte: now - 60, lt: now + 60 }, limit: 3 }).autoPagingToArray({ limit: 100 })
  t.equal(all.length, 7)
  t.same(new Set(all.map((x) => x.amount)), new Set([100, 101, 102, 103, 104, 105, 106]))
  const old = await client.balanceTransactions.list({ created: { lt: 2_000_000 } })
  t.same(old.data.map((x) => x.id), [past.id])
})

t.test('a wrong API key is a 401 that never echoes the key', async (t) => {
  const wrong = new Stripe('sk_test_wrong_secret_value', { host: '127.0.0.1', port: fake.port, protocol: 'http', maxNetworkRetries: 0 })
  const error = await wrong.customers.create({}).catch((e: unknown) => e) as InstanceType<typeof Stripe.errors.StripeError>
  t.equal(error.type, 'StripeAuthenticationError')
  t.notMatch(error.message, /wrong_secret_value/)
})

t.test('customers, SetupIntents and payment methods: attach, list, detach', async (t) => {
  const customer = await stripe.customers.create({ metadata: { customer_id: 'c1' } })
  const si = await stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_visa', confirm: true, usage: 'off_session', automatic_payment_methods: { enabled: true, allow_redirects: 'never' } })
  t.equal(si.status, 'succeeded')
  const listed = await stripe.customers.listPaymentMethods(customer.id)
  t.equal(listed.data.length, 1)
  t.equal(listed.data[0]?.card?.last4, '4242')
  await stripe.paymentMethods.detach(listed.data[0]?.id as string)
  t.equal((await stripe.customers.listPaymentMethods(customer.id)).data.length, 0)
})

t.test('the plugin reads the key and the API address from STRIPE_* env when its options are silent', async (t) => {
  const { connectionOf, PaymentsStripeConfig } = await import('../src/config.js')
  type Options = import('../src/config.js').PaymentsStripeConfig
  const { createStripeClientService } = await import('../src/services/client.js')
  const { default: Value } = await import('typebox/value')
  const env = { STRIPE_SECRET_KEY: fake.secretKey, STRIPE_WEBHOOK_SECRET: 'whsec_env', STRIPE_API_HOST: '127.0.0.1', STRIPE_API_PORT: String(fake.port), STRIPE_API_PROTOCOL: 'http' }
  const defaults = Value.Default(PaymentsStripeConfig, {}) as Options
  t.same(connectionOf(defaults, env), { secretKey: fake.secretKey, webhookSecret: 'whsec_env', host: '127.0.0.1', port: fake.port, protocol: 'http' })
  t.same(connectionOf({ ...defaults, secretKey: 'sk_test_option', apiPort: 1234 }, env).port, 1234, 'options win over env')
  t.equal(connectionOf(defaults, { STRIPE_SECRET_KEY: '' }).secretKey, null, 'empty is unset')
  const saved = { ...process.env }
  Object.assign(process.env, env)
  t.teardown(() => { for (const key of Object.keys(env)) { if (saved[key] == null) Reflect.deleteProperty(process.env, key); else process.env[key] = saved[key] } })
  const client = createStripeClientService({} as Parameters<typeof createStripeClientService>[0], { name: 'payments-stripe', log: undefined as never, config: { ...defaults, maxNetworkRetries: 0 } })
  const customer = await client.call(async (stripe) => await stripe.customers.create({ metadata: { customer_id: 'env' } }))
  t.match(customer.id, /^cus_/)
  t.ok(fake.state.customers.has(customer.id), 'reached the fake through env')
})
