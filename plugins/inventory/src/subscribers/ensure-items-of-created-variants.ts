import type { SubscriberHandler } from '@comptoir/core'
import type { CatalogEventPayload } from '@comptoir/plugin-catalog'

/**
 * A catalog bulk write (seed, CSV import) announces its new variants in batches: one statement
 * gives them all an item with the store's defaults. Idempotent: a redelivery finds them and adds none.
 */
export const ensureItemsOfCreatedVariants: SubscriberHandler<CatalogEventPayload<'catalog.variants.created'>> = async (ctx, event, { services }) => {
  await services.inventoryItems.ensureMany(ctx, event.payload.variants)
}
