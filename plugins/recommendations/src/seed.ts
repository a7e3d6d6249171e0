import { randomUUID } from 'node:crypto'
import type { Ctx, PluginManifest } from '@comptoir/core'
import { modelNames } from './config.js'

type SeedApp = Parameters<NonNullable<PluginManifest['seed']>>[1]

/** Products up to which the seed projects them, plants demo baskets and builds the models itself. */
const inlineBuildLimit = 2000

/** A small seeded generator (mulberry32): the same demo every time, and no module state. */
function random (seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6D2B79F5) | 0
    let x = Math.imul(a ^ (a >>> 15), 1 | a)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Projects the demo catalog, then eight weeks of demo baskets over it (products of one category
 * bought together more often, a few fixed pairs), and builds every model, so the storefront's
 * picks are meaningful on the first start. Like analytics' demo orders, these baskets live only
 * in recommendations' tables: the orders plugin does not list them.
 */
export async function seedRecommendations (ctx: Ctx, app: SeedApp): Promise<void> {
  const { catalog, recommendationsSignals, recommendationsModels } = app.services
  if (await ctx.db('recommendations_model_builds').first('model') != null) return // seeded already
  const ids: string[] = []
  let cursor: string | undefined
  do {
    const page = await catalog.list(ctx, { limit: 100, ...(cursor != null ? { cursor } : {}) })
    ids.push(...page.items.map((p) => p.id))
    cursor = page.nextCursor ?? undefined
  } while (cursor != null)
  if (ids.length > inlineBuildLimit) {
    // A generated catalog (`comptoir seed --products 10000`): the projection and the models are the
    // jobs' work (about a minute at 10k products), and no demo baskets: picks come from real orders.
    await app.services.jobs.enqueue(ctx, 'recommendations.sync-products', { rebuild: true })
    return
  }
  await recommendationsSignals.syncProducts(ctx, ids)
  const products = await ctx.db('recommendations_products').where({ status: 'published' }).orderBy('handle')
    .select('product_id', 'category_ids') as Array<{ product_id: string, category_ids: string[] }>
  if (products.length >= 2) {
    const next = random(16)
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!
    const byCategory = new Map<string, string[]>()
    for (const p of products) {
      const key = p.category_ids[0] ?? 'none'
      byCategory.set(key, [...(byCategory.get(key) ?? []), p.product_id])
    }
    const groups = [...byCategory.values()]
    const customers = Array.from({ length: 40 }, () => randomUUID())
    const now = Date.now()
    for (let n = 0; n < 300; n++) {
      const group = pick(groups)
      const basket = new Set([pick(group), pick(next() < 0.7 ? group : products.map((p) => p.product_id))])
      // Planted pair: the first two products in handle order often go together.
      if (next() < 0.2) { basket.add(products[0]!.product_id); basket.add(products[1]!.product_id) }
      await recommendationsSignals.recordPurchase(ctx, {
        orderId: randomUUID(), customerId: next() < 0.8 ? pick(customers) : null,
        occurredAt: new Date(now - Math.floor(next() * 56 * 86_400_000)).toISOString(),
        lines: [...basket].map((productId) => ({ productId, quantity: 1 + Math.floor(next() * 2) })),
      })
    }
  }
  for (const model of modelNames) await recommendationsModels.rebuild(ctx, model)
}
