import { defineJob, Type } from '@comptoir/core'
import { modelNames } from '../config.js'

/**
 * `recommendations.sync-products`: re-reads the whole catalog into the projection, a page at a
 * time (installing the plugin on a store that already has products, or repairing it); with
 * `rebuild`, then queues the rebuild of every model (the seed of a large catalog does).
 */
export const syncProductsJob = defineJob({
  payload: Type.Object({ rebuild: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
  attempts: 3,
  handler: async (ctx, payload, job) => {
    const { catalog, jobs, recommendationsSignals } = job.services
    let cursor: string | undefined
    let synced = 0
    do {
      const page = await catalog.list(ctx, { limit: 100, ...(cursor != null ? { cursor } : {}) })
      await recommendationsSignals.syncProducts(ctx, page.items.map((p) => p.id))
      synced += page.items.length
      cursor = page.nextCursor ?? undefined
    } while (cursor != null)
    if (payload.rebuild === true) await jobs.enqueue(ctx, 'recommendations.rebuild-models', { models: [...modelNames] })
    return { synced }
  },
})
