import type { SubscriberHandler } from '@comptoir/core'
import type { CatalogEventPayload } from '@comptoir/plugin-catalog'

/** A deleted variant takes its item, levels and reservations with it; the ledger keeps the history. Idempotent. */
export const dropStockOfDeletedVariant: SubscriberHandler<CatalogEventPayload<'catalog.variant.deleted'>> = async (ctx, event, { services }) => {
  await services.inventoryItems.dropVariant(ctx, event.payload.variantId)
}
