import { Type, type Static } from '@comptoir/core'

/** Events this plugin emits (outbox). */
export const paymentsStripeEvents = {
  /** A verified Stripe event was stored; its subscriber applies it (retried until it succeeds). */
  'payments-stripe.webhook-event.received': Type.Object({
    webhookEventId: Type.String({ format: 'uuid' }),
    stripeEventId: Type.String({ maxLength: 255 }),
    type: Type.String({ maxLength: 100 }),
  }, { additionalProperties: false }),
  /** A reconciliation run finished; `mismatchCount` > 0 deserves a look. */
  'payments-stripe.reconciliation.completed': Type.Object({
    runId: Type.String({ format: 'uuid' }),
    matchedCount: Type.Integer(),
    mismatchCount: Type.Integer(),
  }, { additionalProperties: false }),
}

export type PaymentsStripeEventName = keyof typeof paymentsStripeEvents
export type WebhookEventReceived = Static<typeof paymentsStripeEvents['payments-stripe.webhook-event.received']>
