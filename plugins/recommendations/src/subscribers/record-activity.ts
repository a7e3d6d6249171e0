import type { SubscriberHandler } from '@comptoir/core'

/**
 * The part of analytics' payloads (`AnalyticsEventPayload<'analytics.products.viewed'>`) read here,
 * written out rather than imported: recommendations neither needs analytics installed nor built.
 */
interface ActivityPayload {
  sessionId: string
  customerId: string | null
  items: Array<{ productId: string, occurredAt: string, quantity?: number }>
}

// Subscribed by name: without analytics installed these never come, and recommendations learns from orders alone.

/** analytics.products.viewed: the session's (and its customer's) product views. Idempotent on the event id. */
export const recordViews: SubscriberHandler<ActivityPayload> = async (ctx, event, { services }) => {
  await services.recommendationsSignals.once(ctx, event.id, 'products-viewed', async (tx) => {
    await services.recommendationsSignals.recordActivity(tx, { sessionId: event.payload.sessionId, customerId: event.payload.customerId, kind: 'view', items: event.payload.items })
  })
}

/** analytics.products.added-to-cart: the session's add-to-carts, by quantity. Idempotent on the event id. */
export const recordCartAdds: SubscriberHandler<ActivityPayload> = async (ctx, event, { services }) => {
  await services.recommendationsSignals.once(ctx, event.id, 'products-added-to-cart', async (tx) => {
    await services.recommendationsSignals.recordActivity(tx, { sessionId: event.payload.sessionId, customerId: event.payload.customerId, kind: 'cart', items: event.payload.items })
  })
}
