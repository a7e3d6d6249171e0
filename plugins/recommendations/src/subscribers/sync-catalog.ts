import type { EventSubscriber, SubscriberHandler } from '@comptoir/core'
import type { catalogEvents } from '@comptoir/plugin-catalog'
import type { CustomersEventPayload } from '@comptoir/plugin-customers'

type CatalogEvents = typeof catalogEvents

/**
 * Product and variant events re-read the product into the projection every pick is filtered
 * through: an unpublished, archived or deleted product stops being served at once, before the
 * next model rebuild. Re-reading is idempotent.
 */
export const syncProduct: SubscriberHandler<{ productId: string }> = async (ctx, event, { services }) => {
  await services.recommendationsSignals.syncProducts(ctx, [event.payload.productId])
}

/** Bulk writes (seed, CSV import): one event per batch of products. */
export const syncCreatedProducts: EventSubscriber<CatalogEvents, 'catalog.products.created'> = async (ctx, event, { services }) => {
  await services.recommendationsSignals.syncProducts(ctx, event.payload.products.map((p) => p.productId))
}

/** Bulk writes: one event per batch of variants (their prices come with them). */
export const syncCreatedVariants: EventSubscriber<CatalogEvents, 'catalog.variants.created'> = async (ctx, event, { services }) => {
  await services.recommendationsSignals.syncProducts(ctx, event.payload.variants.map((v) => v.productId))
}

/** customers.consent.changed (profiling): personalised picks follow the customer's current consent. */
export const recordProfilingConsent: SubscriberHandler<CustomersEventPayload<'customers.consent.changed'>> = async (ctx, event, { services }) => {
  if (event.payload.purpose !== 'profiling') return
  await services.recommendationsSignals.setConsent(ctx, event.payload.customerId, event.payload.granted)
}

/** inventory.stock-level.ran-out / replenished: the product's in-stock flag follows (when inventory is installed). */
export const syncStockOfVariant: SubscriberHandler<{ variantId: string }> = async (ctx, event, { services }) => {
  await services.recommendationsSignals.syncVariants(ctx, [event.payload.variantId])
}
