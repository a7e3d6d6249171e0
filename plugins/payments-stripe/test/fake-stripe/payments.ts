import {
  buildBalanceTransaction, buildCardPaymentMethod, buildCharge, buildEvent, buildPaymentIntent, buildRefund, cardFee,
  invalidRequest, notFound, now, StripeFailure, type StripeObject,
} from './objects.js'

/** Everything the fake Stripe holds, in memory, per server instance. */
export interface FakeState {
  paymentIntents: Map<string, StripeObject>
  charges: Map<string, StripeObject>
  refunds: Map<string, StripeObject>
  customers: Map<string, StripeObject>
  paymentMethods: Map<string, StripeObject>
  setupIntents: Map<string, StripeObject>
  disputes: Map<string, StripeObject>
  balanceTransactions: StripeObject[]
  events: StripeObject[]
}

export function createState (): FakeState {
  return { paymentIntents: new Map(), charges: new Map(), refunds: new Map(), customers: new Map(), paymentMethods: new Map(), setupIntents: new Map(), disputes: new Map(), balanceTransactions: [], events: [] }
}

const testTokens = new Set(['pm_card_visa', 'pm_card_chargeDeclined', 'pm_card_authenticationRequired', 'pm_card_riskLevelElevated'])

export function emitEvent (state: FakeState, type: string, object: StripeObject, previous?: Record<string, unknown>): void {
  state.events.push(buildEvent(type, object, previous))
}

/** A `pm_card_*` test token becomes a fresh PaymentMethod, as in Stripe test mode. */
export function resolvePaymentMethod (state: FakeState, idOrToken: string): StripeObject {
  if (testTokens.has(idOrToken)) {
    const pm = buildCardPaymentMethod(idOrToken, {})
    state.paymentMethods.set(pm.id, pm)
    return pm
  }
  const pm = state.paymentMethods.get(idOrToken)
  if (pm == null) throw notFound('PaymentMethod', idOrToken, 'payment_method')
  return pm
}

export function getIntent (state: FakeState, id: string): StripeObject {
  const pi = state.paymentIntents.get(id)
  if (pi == null) throw notFound('payment_intent', id, 'intent')
  return pi
}

export function createPaymentIntent (state: FakeState, p: Record<string, unknown>): StripeObject {
  const amount = p.amount as number
  const currency = p.currency as string
  if (amount < 1) throw invalidRequest('This value must be greater than or equal to 1.', { param: 'amount', code: 'parameter_invalid_integer' })
  if (!/^[a-z]{3}$/.test(currency)) throw invalidRequest(`Invalid currency: ${currency}.`, { param: 'currency' })
  if (p.payment_method_types != null) throw invalidRequest('Received unknown parameter: payment_method_types', { param: 'payment_method_types', code: 'parameter_unknown' })
  if (p.customer != null && !state.customers.has(p.customer as string)) throw notFound('customer', p.customer as string, 'customer')
  const apm = p.automatic_payment_methods as { enabled: boolean, allow_redirects?: string } | undefined
  const pi = buildPaymentIntent({
    amount,
    currency,
    capture_method: p.capture_method ?? 'automatic_async',
    confirmation_method: p.confirmation_method ?? 'automatic',
    customer: p.customer ?? null,
    description: p.description ?? null,
    metadata: p.metadata ?? {},
    receipt_email: p.receipt_email ?? null,
    setup_future_usage: p.setup_future_usage ?? null,
    automatic_payment_methods: apm ?? { enabled: true, allow_redirects: 'always' },
    payment_method: null,
    status: 'requires_payment_method',
  })
  state.paymentIntents.set(pi.id, pi)
  emitEvent(state, 'payment_intent.created', pi)
  if (p.payment_method != null) {
    pi.payment_method = resolvePaymentMethod(state, p.payment_method as string).id
    pi.status = 'requires_confirmation'
  }
  if (p.confirm === true) return confirmPaymentIntent(state, pi.id, { return_url: p.return_url, off_session: p.off_session })
  return pi
}

/** Server-side confirm: the test card decides the outcome (succeeds, declines, or asks for 3-D Secure). */
export function confirmPaymentIntent (state: FakeState, id: string, p: Record<string, unknown>): StripeObject {
  const pi = getIntent(state, id)
  if (p.payment_method != null) pi.payment_method = resolvePaymentMethod(state, p.payment_method as string).id
  if (!['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(pi.status as string)) {
    throw invalidRequest(`This PaymentIntent's status is ${String(pi.status)}, but it must be one of requires_payment_method, requires_confirmation or requires_action to be confirmed.`, { code: 'payment_intent_unexpected_state' })
  }
  if (pi.payment_method == null) throw invalidRequest('You cannot confirm this PaymentIntent because it\'s missing a payment method.', { code: 'payment_intent_unexpected_state' })
  const apm = pi.automatic_payment_methods as { enabled: boolean, allow_redirects?: string } | null
  if (p.return_url == null && apm?.enabled === true && apm.allow_redirects !== 'never') {
    throw invalidRequest('This PaymentIntent is configured to accept payment methods enabled in your Dashboard. Because some of these payment methods might redirect your customer off of your page, you must provide a `return_url`. If you don\'t want to accept redirect-based payment methods, set `automatic_payment_methods[enabled]` to `true` and `automatic_payment_methods[allow_redirects]` to `never` when creating Setup Intents and Payment Intents.', { param: 'return_url' })
  }
  const pm = state.paymentMethods.get(pi.payment_method as string) as StripeObject
  const token = pm.test_token as string | undefined
  if (token === 'pm_card_chargeDeclined') return declinePayment(state, pi, pm)
  if (token === 'pm_card_authenticationRequired' && pi.status !== 'requires_action') {
    pi.status = 'requires_action'
    pi.next_action = { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect' } }
    emitEvent(state, 'payment_intent.requires_action', pi)
    return pi
  }
  const amount = pi.amount as number
  const manual = pi.capture_method === 'manual'
  const charge = buildCharge({
    amount, currency: pi.currency, payment_intent: pi.id, payment_method: pm.id, customer: pi.customer,
    captured: !manual, amount_captured: manual ? 0 : amount, amount_refunded: 0, refunded: false, paid: true, status: 'succeeded',
    metadata: pi.metadata, disputed: false, failure_code: null, failure_message: null,
    // Radar, as test mode answers: the elevated-risk test card is authorized with a raised level.
    outcome: radarOutcome(token),
    payment_method_details: { type: 'card', card: pm.card },
  })
  state.charges.set(charge.id, charge)
  pi.latest_charge = charge.id
  pi.next_action = null
  emitEvent(state, 'charge.succeeded', charge)
  if (manual) {
    pi.status = 'requires_capture'
    pi.amount_capturable = amount
    emitEvent(state, 'payment_intent.amount_capturable_updated', pi)
  } else {
    settleCharge(state, charge, amount)
    pi.status = 'succeeded'
    pi.amount_received = amount
    emitEvent(state, 'payment_intent.succeeded', pi)
  }
  return pi
}

function radarOutcome (token: string | undefined): Record<string, unknown> {
  const elevated = token === 'pm_card_riskLevelElevated'
  return {
    type: 'authorized', network_status: 'approved_by_network', reason: null, seller_message: 'Payment complete.',
    risk_level: elevated ? 'elevated' : 'normal', risk_score: elevated ? 67 : 12,
  }
}

function declinePayment (state: FakeState, pi: StripeObject, pm: StripeObject): never {
  const charge = buildCharge({ amount: pi.amount, currency: pi.currency, payment_intent: pi.id, payment_method: pm.id, captured: false, amount_captured: 0, paid: false, status: 'failed', failure_code: 'card_declined', failure_message: 'Your card was declined.' })
  state.charges.set(charge.id, charge)
  const error = { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.', charge: charge.id }
  pi.status = 'requires_payment_method'
  pi.latest_charge = charge.id
  pi.last_payment_error = { ...error, payment_method: pm }
  pi.payment_method = null
  emitEvent(state, 'charge.failed', charge)
  emitEvent(state, 'payment_intent.payment_failed', pi)
  throw new StripeFailure(402, { ...error, payment_intent: structuredClone(pi) })
}

/** Captured money lands in the balance: one `charge` balance transaction net of the fee. */
function settleCharge (state: FakeState, charge: StripeObject, amount: number): void {
  charge.captured = true
  charge.amount_captured = amount
  const txn = buildBalanceTransaction({ amount, currency: charge.currency as string, type: 'charge', source: charge.id, fee: cardFee(amount), description: charge.description as string | null })
  state.balanceTransactions.push(txn)
  charge.balance_transaction = txn.id
  emitEvent(state, 'charge.captured', charge)
}

export function capturePaymentIntent (state: FakeState, id: string, p: Record<string, unknown>): StripeObject {
  const pi = getIntent(state, id)
  if (pi.status !== 'requires_capture') {
    throw invalidRequest(`This PaymentIntent could not be captured because it has a status of ${String(pi.status)}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`, { code: 'payment_intent_unexpected_state' })
  }
  const capturable = pi.amount_capturable as number
  const amount = (p.amount_to_capture as number | undefined) ?? capturable
  if (amount < 1 || amount > capturable) throw invalidRequest(`The amount_to_capture must be between 1 and ${capturable}.`, { param: 'amount_to_capture', code: 'amount_too_large' })
  const charge = state.charges.get(pi.latest_charge as string) as StripeObject
  settleCharge(state, charge, amount)
  pi.status = 'succeeded'
  pi.amount_capturable = 0
  pi.amount_received = amount
  emitEvent(state, 'payment_intent.succeeded', pi)
  return pi
}

export function cancelPaymentIntent (state: FakeState, id: string, p: Record<string, unknown>): StripeObject {
  const pi = getIntent(state, id)
  if (!['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action'].includes(pi.status as string)) {
    throw invalidRequest(`You cannot cancel this PaymentIntent because it has a status of ${String(pi.status)}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.`, { code: 'payment_intent_unexpected_state' })
  }
  pi.status = 'canceled'
  pi.canceled_at = now()
  pi.cancellation_reason = p.cancellation_reason ?? null
  pi.amount_capturable = 0
  emitEvent(state, 'payment_intent.canceled', pi)
  return pi
}

export function createRefund (state: FakeState, p: Record<string, unknown>): StripeObject {
  let charge: StripeObject | undefined
  if (p.payment_intent != null) {
    const pi = getIntent(state, p.payment_intent as string)
    charge = pi.latest_charge != null ? state.charges.get(pi.latest_charge as string) : undefined
    if (pi.status !== 'succeeded' || charge == null) throw invalidRequest(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, { code: 'charge_not_refundable' })
  } else if (p.charge != null) {
    charge = state.charges.get(p.charge as string)
    if (charge == null) throw notFound('charge', p.charge as string, 'charge')
  } else {
    throw invalidRequest('One of the following params should be provided for this request: payment_intent or charge.')
  }
  const remaining = (charge.amount_captured as number) - (charge.amount_refunded as number)
  const amount = (p.amount as number | undefined) ?? remaining
  if (amount < 1 || amount > remaining) {
    throw invalidRequest(`Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`, { param: 'amount', code: 'amount_too_large' })
  }
  const refund = buildRefund({ amount, currency: charge.currency, charge: charge.id, payment_intent: charge.payment_intent, reason: p.reason ?? null, metadata: p.metadata ?? {}, status: 'succeeded' })
  const txn = buildBalanceTransaction({ amount: -amount, currency: charge.currency as string, type: 'refund', source: refund.id })
  state.balanceTransactions.push(txn)
  refund.balance_transaction = txn.id
  state.refunds.set(refund.id, refund)
  charge.amount_refunded = (charge.amount_refunded as number) + amount
  charge.refunded = charge.amount_refunded === charge.amount_captured
  emitEvent(state, 'refund.created', refund)
  emitEvent(state, 'charge.refunded', charge)
  return refund
}
