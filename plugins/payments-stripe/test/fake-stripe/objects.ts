import { randomBytes } from 'node:crypto'
import { fixture } from './spec.js'

/** Stripe-looking ids: prefix + 24 base62-ish characters. */
export function stripeId (prefix: string): string {
  return `${prefix}_${randomBytes(18).toString('base64url').replace(/[-_]/g, 'x').slice(0, 24)}`
}

export type StripeObject = Record<string, unknown> & { id: string, object: string }

/** A Stripe error body and its HTTP status. */
export class StripeFailure extends Error {
  constructor (readonly status: number, readonly body: { type: string, message: string, code?: string, param?: string, decline_code?: string, payment_intent?: unknown, charge?: string }) {
    super(body.message)
  }
}

export function invalidRequest (message: string, extra: { code?: string, param?: string } = {}): StripeFailure {
  return new StripeFailure(400, { type: 'invalid_request_error', message, ...extra })
}

export function notFound (kind: string, id: string, param: string): StripeFailure {
  return new StripeFailure(404, { type: 'invalid_request_error', code: 'resource_missing', param, message: `No such ${kind}: '${id}'` })
}

export function now (): number { return Math.floor(Date.now() / 1000) }

/** Each builder starts from Stripe's fixture so responses have the documented shape. */
export function buildPaymentIntent (fields: Record<string, unknown>): StripeObject {
  const id = stripeId('pi')
  return {
    ...fixture('payment_intent'),
    id,
    client_secret: `${id}_secret_${randomBytes(12).toString('hex')}`,
    created: now(),
    canceled_at: null,
    last_payment_error: null,
    next_action: null,
    latest_charge: null,
    amount_capturable: 0,
    amount_received: 0,
    automatic_payment_methods: null,
    processing: null,
    shipping: null,
    transfer_data: null,
    metadata: {},
    ...fields,
  } as unknown as StripeObject
}

export function buildCharge (fields: Record<string, unknown>): StripeObject {
  return {
    ...fixture('charge'),
    id: stripeId('ch'),
    created: now(),
    balance_transaction: null,
    metadata: {},
    ...fields,
  } as unknown as StripeObject
}

export function buildRefund (fields: Record<string, unknown>): StripeObject {
  return { ...fixture('refund'), id: stripeId('re'), created: now(), metadata: {}, ...fields } as unknown as StripeObject
}

/** Stripe's standard card pricing in the fake: 2.9 % + 30 minor units, integer. */
export function cardFee (amount: number): number {
  return Math.round(amount * 29 / 1000) + 30
}

export function buildBalanceTransaction (fields: { amount: number, currency: string, type: string, source: string, fee?: number, description?: string | null }): StripeObject {
  const fee = fields.fee ?? 0
  const created = now()
  return {
    ...fixture('balance_transaction'),
    id: stripeId('txn'),
    created,
    available_on: created + 2 * 86400,
    status: 'pending',
    reporting_category: fields.type === 'refund' ? 'refund' : fields.type === 'adjustment' ? 'dispute' : 'charge',
    description: fields.description ?? null,
    fee_details: fee > 0 ? [{ amount: fee, application: null, currency: fields.currency, description: 'Stripe processing fees', type: 'stripe_fee' }] : [],
    ...fields,
    fee,
    net: fields.amount - fee,
  } as unknown as StripeObject
}

export function buildCustomer (fields: Record<string, unknown>): StripeObject {
  return { ...fixture('customer'), id: stripeId('cus'), created: now(), discount: null, currency: null, metadata: {}, ...fields } as unknown as StripeObject
}

/** The test card a `pm_card_*` token stands for. */
export function buildCardPaymentMethod (token: string, fields: Record<string, unknown>): StripeObject {
  const base = fixture('payment_method')
  const card = { ...(base.card as Record<string, unknown>), last4: token === 'pm_card_chargeDeclined' ? '0002' : token === 'pm_card_authenticationRequired' ? '3184' : '4242' }
  return { ...base, id: stripeId('pm'), created: now(), customer: null, metadata: {}, card, test_token: token, ...fields } as unknown as StripeObject
}

export function buildSetupIntent (fields: Record<string, unknown>): StripeObject {
  const id = stripeId('seti')
  return { ...fixture('setup_intent'), id, client_secret: `${id}_secret_${randomBytes(12).toString('hex')}`, created: now(), last_setup_error: null, next_action: null, metadata: {}, ...fields } as unknown as StripeObject
}

export function buildDispute (fields: Record<string, unknown>): StripeObject {
  return { ...fixture('dispute'), id: stripeId('dp'), created: now(), balance_transactions: [], metadata: {}, ...fields } as unknown as StripeObject
}

export function buildEvent (type: string, object: StripeObject, previous?: Record<string, unknown>): StripeObject {
  return {
    ...fixture('event'),
    id: stripeId('evt'),
    api_version: '2026-10-28.endive',
    created: now(),
    type,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object: structuredClone(object), ...(previous != null ? { previous_attributes: previous } : {}) },
  } as unknown as StripeObject
}

/** A Stripe list envelope. */
export function list (url: string, data: unknown[], hasMore: boolean): Record<string, unknown> {
  return { object: 'list', url, has_more: hasMore, data }
}
