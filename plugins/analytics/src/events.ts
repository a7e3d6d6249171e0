import { Type, type Static } from '@comptoir/core'

const Id = Type.String({ format: 'uuid' })
const Owner = {
  sessionId: Type.String({ maxLength: 64, description: 'The anonymous session (x-session-id header or comptoir_sid cookie)' }),
  customerId: Type.Union([Id, Type.Null()], { description: 'The signed-in customer, when they consented to analytics; else null' }),
}
const Item = { eventId: Id, productId: Id, variantId: Type.Union([Id, Type.Null()]), occurredAt: Type.String({ format: 'date-time' }) }

/**
 * Every event analytics emits through the outbox: name → payload. One event per ingested batch
 * and type (not one per storefront event), carrying only the events stored for the first time, so
 * a subscriber (recommendations) learns from views and add-to-carts by event name, without
 * importing analytics.
 */
export const analyticsEvents = {
  /** Product views a session sent, newly stored. */
  'analytics.products.viewed': Type.Object({ ...Owner, items: Type.Array(Type.Object(Item), { minItems: 1, maxItems: 500 }) }),
  /** Add-to-cart events a session sent, newly stored. */
  'analytics.products.added-to-cart': Type.Object({
    ...Owner, items: Type.Array(Type.Object({ ...Item, quantity: Type.Integer({ minimum: 1 }) }), { minItems: 1, maxItems: 500 }),
  }),
} as const

export type AnalyticsEvents = typeof analyticsEvents
export type AnalyticsEventName = keyof AnalyticsEvents
/** The payload of an analytics event, for subscribers in other plugins (`import type`). */
export type AnalyticsEventPayload<N extends AnalyticsEventName> = Static<AnalyticsEvents[N]>
