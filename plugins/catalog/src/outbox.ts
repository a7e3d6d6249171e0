import type { Ctx, Static } from '@comptoir/core'
import { maxBatch, type CatalogEventName, type CatalogEvents } from './events.js'

/** The slice of the kernel's `events` service the catalog uses. */
export interface EventSink {
  emit: (ctx: Ctx, name: string, payload: unknown) => Promise<unknown>
}

/** Emits a catalog event in ctx's transaction, with its payload type checked at compile time. */
export async function emitCatalog<N extends CatalogEventName> (events: EventSink, ctx: Ctx, name: N, payload: Static<CatalogEvents[N]>): Promise<void> {
  await events.emit(ctx, name, payload)
}

/**
 * Emits what a bulk write created as batch events (`catalog.products.created`,
 * `catalog.variants.created`), at most maxBatch ids each: one outbox row, and one delivery per
 * subscriber, for a whole batch instead of one per product and variant.
 */
export async function emitCreatedBatch (events: EventSink, ctx: Ctx,
  products: Static<CatalogEvents['catalog.products.created']>['products'],
  variants: Static<CatalogEvents['catalog.variants.created']>['variants']): Promise<void> {
  for (let i = 0; i < products.length; i += maxBatch) {
    await emitCatalog(events, ctx, 'catalog.products.created', { products: products.slice(i, i + maxBatch) })
  }
  for (let i = 0; i < variants.length; i += maxBatch) {
    await emitCatalog(events, ctx, 'catalog.variants.created', { variants: variants.slice(i, i + maxBatch) })
  }
}
