import type { Cradle, Ctx, PluginScope } from '@comptoir/core'
import type { RecommendationsConfig } from '../config.js'
import { RecommendedProductNotFoundError } from '../errors.js'
import type { Recommendations } from '../schemas.js'
import { kindWeight } from './model-sql.js'

interface PickRow { product_id: string, handle: string, title: string, amount: string | number, score: number }
interface PickQuery { currency?: string, limit?: number, placement?: string }
type Item = Recommendations['items'][number]

/** The last products of a session's history its picks start from. */
const sessionSeeds = 20

/**
 * The storefront's read path: each answer is one indexed range scan of a precomputed model,
 * joined to the catalog projection so only published products priced in the currency are
 * served, never a product the merchant excluded (everywhere, or in the placement), at most
 * `maxPerCategory` per category (by the product's first category). A placement's pinned
 * products come first, in their order.
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
        and not exists (select 1 from recommendations_placement_rules r where r.placement = :placement and r.product_id = p.product_id)
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
    // An anonymous session: the neighbours of its last views and add-to-carts, minus those products themselves.
    forSession: diverse(`
      from (
        select n.related_id as pick_id, sum(h.w * n.score) as score
        from (
          select product_id, max(${kindWeight}) as w from recommendations_interactions
          where session_id = :sessionId and kind <> 'purchase' and occurred_at > now() - make_interval(days => :sessionTtlDays)
          group by product_id order by max(occurred_at) desc limit ${sessionSeeds}
        ) h join recommendations_neighbours n on n.product_id = h.product_id
        where not exists (select 1 from recommendations_interactions i where i.session_id = :sessionId and i.product_id = n.related_id and i.kind <> 'purchase')
        group by n.related_id
      ) m`),
    trendingForSession: diverse(`
      from (select product_id as pick_id, score from recommendations_trending t where scope = 'store'
            and not exists (select 1 from recommendations_interactions i where i.session_id = :sessionId and i.product_id = t.product_id and i.kind <> 'purchase')) m`),
    // A placement's pins: the same filters as any pick, the product itself left out.
    pins: `
      select p.product_id, p.handle, p.title, pr.amount, 0 as score
      from recommendations_placement_rules r
      join recommendations_products p on p.product_id = r.product_id and p.status = 'published' and p.in_stock
      join recommendations_product_prices pr on pr.product_id = p.product_id and pr.currency = :currency
      left join recommendations_exclusions x on x.product_id = p.product_id
      where r.placement = :placement and r.rule = 'pin' and x.product_id is null and p.handle <> :handle
      order by r.position, p.product_id limit :limit`,
  }

  const toItem = (currency: string, pinned: boolean) => (r: PickRow): Item =>
    ({ productId: r.product_id, handle: r.handle, title: r.title, price: { amount: Number(r.amount), currency }, score: Number(r.score), pinned })

  async function run (ctx: Ctx, sql: string, bindings: Record<string, unknown>, query: PickQuery): Promise<Item[]> {
    const currency = query.currency ?? config.defaultCurrency
    const result = await ctx.db.raw(sql, {
      ...bindings, currency, limit: query.limit ?? 10, maxPerCategory: config.maxPerCategory, placement: query.placement ?? '',
      viewWeight: config.signalWeights.view, cartWeight: config.signalWeights.cart, sessionTtlDays: config.sessionTtlDays,
    }) as { rows: PickRow[] }
    return result.rows.map(toItem(currency, false))
  }

  /**
   * The placement's pins first, then `answer`'s picks (asked for the places left) — or, without a
   * placement, `answer` alone.
   */
  async function withPins (ctx: Ctx, query: PickQuery, handle: string, answer: (query: PickQuery) => Promise<Recommendations>): Promise<Recommendations> {
    if (query.placement == null) return await answer(query)
    const limit = query.limit ?? 10
    const currency = query.currency ?? config.defaultCurrency
    const result = await ctx.db.raw(queries.pins, { currency, placement: query.placement, handle, limit }) as { rows: PickRow[] }
    const pins = result.rows.map(toItem(currency, true))
    // Pins filling the answer still ask the model (for one), so an unpublished product is still a 404.
    const rest = await answer({ ...query, limit: Math.max(1, limit - pins.length) })
    return { ...rest, items: [...pins, ...rest.items].slice(0, limit) }
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
      return await withPins(ctx, query, handle, async (query) => {
        const items = await run(ctx, queries[kind], { handle }, query)
        if (items.length > 0) return { kind, source: 'model', items }
        if (!await publishedHandle(ctx, handle)) throw new RecommendedProductNotFoundError(handle)
        const similar = kind === 'bought-together' ? await run(ctx, queries.similar, { handle }, query) : []
        if (similar.length > 0) return { kind, source: 'fallback', items: similar }
        const inCategory = await run(ctx, queries.categoryTrending, { handle }, query)
        return { kind, source: 'fallback', items: inCategory.length > 0 ? inCategory : await run(ctx, queries.storeTrendingBesides, { handle }, query) }
      })
    },

    /** Store-wide trending, or trending in one category. */
    async trending (ctx: Ctx, categoryId: string | undefined, query: PickQuery): Promise<Recommendations> {
      return await withPins(ctx, query, '', async (query) =>
        ({ kind: 'trending', source: 'model', items: await run(ctx, queries.trending, { scope: categoryId ?? 'store' }, query) }))
    },

    /**
     * A customer's personal picks, when their profiling consent is granted; otherwise (or for a
     * cold start) store-wide trending minus what they bought (`source: 'fallback'`).
     */
    async forCustomer (ctx: Ctx, customerId: string, query: PickQuery): Promise<Recommendations> {
      return await withPins(ctx, query, '', async (query) => {
        const items = await run(ctx, queries['for-you'], { customerId }, query)
        if (items.length > 0) return { kind: 'for-you', source: 'model', items }
        return { kind: 'for-you', source: 'fallback', items: await run(ctx, queries.trendingFor, { customerId }, query) }
      })
    },

    /**
     * An anonymous session's personal picks: the for-you model's item neighbours of what the
     * session viewed and put in its cart (analytics' events) in the last `sessionTtlDays`, minus
     * those products; with no history, store-wide trending (`source: 'fallback'`).
     */
    async forSession (ctx: Ctx, sessionId: string, query: PickQuery): Promise<Recommendations> {
      return await withPins(ctx, query, '', async (query) => {
        const items = await run(ctx, queries.forSession, { sessionId }, query)
        if (items.length > 0) return { kind: 'for-you', source: 'model', items }
        return { kind: 'for-you', source: 'fallback', items: await run(ctx, queries.trendingForSession, { sessionId }, query) }
      })
    },
  }
}

export type PickService = ReturnType<typeof createPickService>
