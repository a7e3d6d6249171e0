import type Stripe from 'stripe'

/** The id of an expandable field (a string, an expanded object, or null). */
export function idOf (value: string | { id: string } | null | undefined): string | null {
  if (value == null) return null
  return typeof value === 'string' ? value : value.id
}

/** The event types this plugin acts on; others are stored (deduped) and ignored. */
export const handledEventTypes = [
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'payment_intent.canceled',
  'payment_intent.amount_capturable_updated',
  'charge.refunded',
  'charge.dispute.created',
  'charge.dispute.closed',
] as const
export type HandledEventType = typeof handledEventTypes[number]

export function isHandled (type: string): type is HandledEventType {
  return (handledEventTypes as readonly string[]).includes(type)
}

/**
 * What we keep of an event: ids, amounts and statuses, never the whole object (a charge carries
 * the cardholder's name, email and address, which this plugin has no reason to store).
 */
export interface EventFacts {
  objectId: string
  paymentIntentId: string | null
  chargeId: string | null
  amount: number
  currency: string
  status: string | null
  amountCapturable: number | null
  amountReceived: number | null
  amountRefunded: number | null
  failureCode: string | null
  failureMessage: string | null
  orderId: string | null
  paymentId: string | null
  reason: string | null
}

type Metadata = Record<string, string> | null | undefined

function owner (metadata: Metadata): { orderId: string | null, paymentId: string | null } {
  return { orderId: metadata?.order_id ?? null, paymentId: metadata?.payment_id ?? null }
}

/** Extracts the facts of a handled event; null when its object is not what the type promises. */
export function factsOf (event: Stripe.Event): EventFacts | null {
  const object = event.data.object as unknown as Record<string, unknown>
  const base = { amountCapturable: null, amountReceived: null, amountRefunded: null, failureCode: null, failureMessage: null, reason: null }
  if (event.type.startsWith('payment_intent.') && object.object === 'payment_intent') {
    const pi = object as unknown as Stripe.PaymentIntent
    return {
      ...base,
      objectId: pi.id, paymentIntentId: pi.id, chargeId: idOf(pi.latest_charge), amount: pi.amount, currency: pi.currency, status: pi.status,
      amountCapturable: pi.amount_capturable, amountReceived: pi.amount_received,
      failureCode: pi.last_payment_error?.decline_code ?? pi.last_payment_error?.code ?? null,
      // Stripe's decline messages are written for the buyer; anything else stays out.
      failureMessage: pi.last_payment_error?.type === 'card_error' ? (pi.last_payment_error.message ?? null) : null,
      ...owner(pi.metadata),
    }
  }
  if (event.type === 'charge.refunded' && object.object === 'charge') {
    const charge = object as unknown as Stripe.Charge
    return {
      ...base,
      objectId: charge.id, paymentIntentId: idOf(charge.payment_intent), chargeId: charge.id, amount: charge.amount, currency: charge.currency, status: charge.status,
      amountRefunded: charge.amount_refunded, ...owner(charge.metadata),
    }
  }
  if (event.type.startsWith('charge.dispute.') && object.object === 'dispute') {
    const dispute = object as unknown as Stripe.Dispute
    return {
      ...base,
      objectId: dispute.id, paymentIntentId: idOf(dispute.payment_intent), chargeId: idOf(dispute.charge), amount: dispute.amount, currency: dispute.currency, status: dispute.status,
      reason: dispute.reason, orderId: null, paymentId: null,
    }
  }
  return null
}
