import { defineJob, Type } from '@comptoir/core'

/**
 * `recommendations.sync-products`: re-reads the whole catalog into the projection, a page at a
 * time (installing the plugin on a store that already has products, or repairing it).
 */
export const syncProductsJob = defineJob({
  payload: Type.Object({}, { additionalProperties: false }),
  attempts: 3,
  handler: async (ctx, _payload, job) => {
    const { catalog, recommendationsSignals } = job.services
    let cursor: string | undefined
    let synced = 0
    do {
      const page = await catalog.list(ctx, { limit: 100, ...(cursor != null ? { cursor } : {}) })
      await recommendationsSignals.syncProducts(ctx, page.items.map((p) => p.id))
      synced += page.items.length
      cursor = page.nextCursor ?? undefined
    } while (cursor != null)
    return { synced }
  },
})
