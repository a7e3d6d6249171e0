import type { Cradle, Ctx } from '@comptoir/core'
import type { Exclusion, ExclusionPage } from '../schemas.js'

interface ExclusionRow { product_id: string, reason: string | null, created_at: Date | string }
const toExclusion = (r: ExclusionRow): Exclusion => ({ productId: r.product_id, reason: r.reason, createdAt: new Date(r.created_at).toISOString() })

/** Products the merchant never wants recommended: every read path leaves them out at once. */
export function createExclusionService (_cradle: Cradle) {
  return {
    /** Excludes a product (idempotent: excluding it again updates the reason). Any product id is accepted, even one not yet projected. */
    async exclude (ctx: Ctx, productId: string, reason: string | null): Promise<Exclusion> {
      const [row] = await ctx.db('recommendations_exclusions').insert({ product_id: productId, reason })
        .onConflict('product_id').merge(['reason']).returning(['product_id', 'reason', 'created_at']) as ExclusionRow[]
      return toExclusion(row!)
    },

    /** Recommends the product again (nothing happens if it was not excluded). */
    async include (ctx: Ctx, productId: string): Promise<void> {
      await ctx.db('recommendations_exclusions').where({ product_id: productId }).delete()
    },

    /** Excluded products in product id order, a page at a time (the cursor is the last id). */
    async list (ctx: Ctx, query: { limit?: number, cursor?: string }): Promise<ExclusionPage> {
      const limit = query.limit ?? 50
      const q = ctx.db('recommendations_exclusions').select('product_id', 'reason', 'created_at').orderBy('product_id').limit(limit + 1)
      if (query.cursor != null) void q.where('product_id', '>', query.cursor)
      const rows = await q as ExclusionRow[]
      const items = rows.slice(0, limit).map(toExclusion)
      return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.productId : null }
    },
  }
}

export type ExclusionService = ReturnType<typeof createExclusionService>
