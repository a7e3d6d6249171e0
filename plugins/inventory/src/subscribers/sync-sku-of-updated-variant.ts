import type { SubscriberHandler } from '@comptoir/core'
import type { CatalogEventPayload } from '@comptoir/plugin-catalog'

/** Keeps the item's SKU (used by stock imports and the admin search) equal to the catalog's. Idempotent. */
export const syncSkuOfUpdatedVariant: SubscriberHandler<CatalogEventPayload<'catalog.variant.updated'>> = async (ctx, event, { services }) => {
  if (event.payload.changed.includes('sku')) await services.inventoryItems.syncSku(ctx, event.payload.variantId, event.payload.sku)
}
