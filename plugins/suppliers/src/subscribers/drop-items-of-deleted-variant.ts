import type { SubscriberHandler } from '@comptoir/core'
import type { CatalogEventPayload } from '@comptoir/plugin-catalog'

/** A deleted variant is no longer bought: its supplier items go; purchase order lines keep their history. Idempotent. */
export const dropItemsOfDeletedVariant: SubscriberHandler<CatalogEventPayload<'catalog.variant.deleted'>> = async (ctx, event, { services }) => {
  await services.suppliersItems.dropVariant(ctx, event.payload.variantId)
}
