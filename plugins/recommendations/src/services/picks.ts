import type { Cradle, Ctx, PluginScope } from '@comptoir/core'
import type { RecommendationsConfig } from '../config.js'
import { RecommendedProductNotFoundError } from '../errors.js'
import type { Recommendations } from '../schemas.js'

interface PickRow { product_id: string, handle: string, title: string, amount: string | number, score: number }
interface PickQuery { currency?: string, limit?: number }

/**
 * The storefront's read path: each answer is one indexed range scan of a precomputed model,
 * joined to the catalog projection so only published products priced in the currency are
 * served, never a product the merchant excluded, at most `maxPerCategory` per category (by the
 * product's first category).
 */
export function createPickService (_cradle: Cradle, { config }: PluginScope<RecommendationsConfig>) {
  const diverse = (inner: string, where = ''): string => `
    select product_id, handle, title, amount, score from (
      select p.product_id, p.handle, p.title, pr.amount, m.score,
             row_number() over (partition by coalesce(p.category_ids[1], p.product_id) order by m.score desc, p.product_id) as in_category
      ${inner}
      join recommendations_products p on p.product_id = m.pick_id and p.status = 'published' and p.in_stock
      join recommendations_product_prices pr on pr.product_id = p.product_id and pr.currency = :currency
      left join recommendations_exclusions x on x.product_id = p.product_id
      ${where === '' ? 'where' : `${where} and`} x.product_id is null
    ) ranked where in_category <= :maxPerCategory order by score desc, product_id limit :limit`

  const related = (table: string): string => diverse(`
      from recommendations_products s
      join (select product_id, related_id as pick_id, score from ${table}) m on m.product_id = s.product_id`,
  "where s.handle = :handle and s.status = 'published' and m.pick_id <> s.product_id")

  const queries = {
    'bought-together': related('recommendations_bought_together'),
    similar: related('recommendations_similar'),
    // Fallback for a product: trending in its first category (store-wide when it has none).
    categoryTrending: diverse(`
      from recommendations_products s
      join (select scope, product_id as pick_id, score from recommendations_trending) m on m.scope = coalesce(cast(s.category_ids[1] as text), 'store')`,
    "where s.handle = :handle and s.status = 'published' and m.pick_id <> s.product_id"),
    storeTrendingBesides: diverse(`
      from recommendations_products s
      join (select product_id as pick_id, score from recommendations_trending where scope = 'store') m on m.pick_id <> s.product_id`,
    "where s.handle = :handle and s.status = 'published'"),
    trending: diverse(`
      from (select product_id as pick_id, score from recommendations_trending where scope = :scope) m`),
    // Fallback for a customer: trending, minus what they bought.
    trendingFor: diverse(`
      from (select product_id as pick_id, score from recommendations_trending t where scope = 'store'
            and not exists (select 1 from recommendations_interactions i where i.customer_id = :customerId and i.product_id = t.product_id and i.kind = 'purchase')) m`),
    'for-you': diverse(`
      from recommendations_consents c
      join (select customer_id, product_id as pick_id, score from recommendations_for_you) m on m.customer_id = c.customer_id`,
    'where c.customer_id = :customerId and c.profiling'),
  }

  async function run (ctx: Ctx, sql: string, bindings: Record<string, unknown>, query: PickQuery): Promise<Array<Recommendations['items'][number]>> {
    const currency = query.currency ?? config.defaultCurrency
    const result = await ctx.db.raw(sql, { ...bindings, currency, limit: query.limit ?? 10, maxPerCategory: config.maxPerCategory }) as { rows: PickRow[] }
    return result.rows.map((r) => ({ productId: r.product_id, handle: r.handle, title: r.title, price: { amount: Number(r.amount), currency }, score: Number(r.score) }))
  }

  async function publishedHandle (ctx: Ctx, handle: string): Promise<boolean> {
    return await ctx.db('recommendations_products').where({ handle, status: 'published' }).first('product_id') != null
  }

  return {
    /**
     * Bought-together or similar picks for a published product. While the model has nothing for
     * it, bought-together falls back to similar, and either to trending in the product's first
     * category, then store-wide (`source: 'fallback'`).
     */
    async forProduct (ctx: Ctx, handle: string, kind: 'bought-together' | 'similar', query: PickQuery): Promise<Recommendations> {
      const items = await run(ctx, queries[kind], { handle }, query)
      if (items.length > 0) return { kind, source: 'model', items }
      if (!await publishedHandle(ctx, handle)) throw new RecommendedProductNotFoundError(handle)
      const similar = kind === 'bought-together' ? await run(ctx, queries.similar, { handle }, query) : []
      if (similar.length > 0) return { kind, source: 'fallback', items: similar }
      const inCategory = await run(ctx, queries.categoryTrending, { handle }, query)
      return { kind, source: 'fallback', items: inCategory.length > 0 ? inCategory : await run(ctx, queries.storeTrendingBesides, { handle }, query) }
    },

    /** Store-wide trending, or trending in one category. */
    async trending (ctx: Ctx, categoryId: string | undefined, query: PickQuery): Promise<Recommendations> {
      return { kind: 'trending', source: 'model', items: await run(ctx, queries.trending, { scope: categoryId ?? 'store' }, query) }
    },

    /**
     * A customer's personal picks, when their profiling consent is granted; otherwise (or for a
     * cold start) store-wide trending minus what they bought (`source: 'fallback'`).
     */
    async forCustomer (ctx: Ctx, customerId: string, query: PickQuery): Promise<Recommendations> {
      const items = await run(ctx, queries['for-you'], { customerId }, query)
      if (items.length > 0) return { kind: 'for-you', source: 'model', items }
      return { kind: 'for-you', source: 'fallback', items: await run(ctx, queries.trendingFor, { customerId }, query) }
    },
  }
}

export type PickService = ReturnType<typeof createPickService>
