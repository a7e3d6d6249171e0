import type { Ctx, Static } from '@comptoir/core'
import type { CatalogEventName, CatalogEvents } from './events.js'

/** The slice of the kernel's `events` service the catalog uses. */
export interface EventSink {
  emit: (ctx: Ctx, name: string, payload: unknown) => Promise<unknown>
}

/** Emits a catalog event in ctx's transaction, with its payload type checked at compile time. */
export async function emitCatalog<N extends CatalogEventName> (events: EventSink, ctx: Ctx, name: N, payload: Static<CatalogEvents[N]>): Promise<void> {
  await events.emit(ctx, name, payload)
}
