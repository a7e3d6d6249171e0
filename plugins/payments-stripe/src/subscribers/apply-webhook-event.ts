import type { EventSubscriber } from '@comptoir/core'
import type { paymentsStripeEvents } from '../events.js'

/** Applies a stored Stripe event; delivery is at least once, `apply` is a no-op once processed. */
export const applyWebhookEvent: EventSubscriber<typeof paymentsStripeEvents, 'payments-stripe.webhook-event.received'> =
  async (ctx, event, { services }) => {
    await services.paymentsStripeWebhooks.apply(ctx, event.payload.webhookEventId)
  }
