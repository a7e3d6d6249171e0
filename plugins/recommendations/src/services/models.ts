import { inTransaction, type Cradle, type Ctx, type PluginScope } from '@comptoir/core'
import { modelNames, type ModelName, type RecommendationsConfig } from '../config.js'
import type { ModelStatus } from '../schemas.js'
import { boughtTogetherCtes, forYouHistoryCte, forYouNeighbourCtes, forYouScoreCtes, kindWeight, liveSource } from './model-sql.js'

/** Trending keeps this many products per scope (the store, each category). */
const trendingKeep = 50
/** For-you keeps each item's this many most similar items (item-based CF's usual neighbourhood). */
export const neighbours = 50
/** A feature shared by more products than this (a price band of half the catalog) adds nothing to tell them apart, and would make pairs quadratic. */
const maxFeatureProducts = 1000

const defaultMinutes = { boughtTogether: 1440, similar: 1440, trending: 60, forYou: 360 }
const intervalKey = { 'bought-together': 'boughtTogether', similar: 'similar', trending: 'trending', 'for-you': 'forYou' } as const

const tables: Record<ModelName, string> = {
  'bought-together': 'recommendations_bought_together',
  similar: 'recommendations_similar',
  trending: 'recommendations_trending',
  'for-you': 'recommendations_for_you',
}

function countOf (result: unknown): number {
  return (result as { rowCount?: number | null }).rowCount ?? 0
}

/** One model's last build. */
export interface ModelBuild { model: ModelName, builtAt: string, rows: number, durationMs: number }

/**
 * Rebuilds the precomputed models, each as one set-wise INSERT … SELECT (no row goes through
 * JavaScript) inside one transaction with the DELETE of the old rows: readers see the old model
 * until the commit, then the new one, never a half-built table.
 */
export function createModelService ({ events }: Cradle, { config }: PluginScope<RecommendationsConfig>) {
  const params = {
    halfLife: config.halfLifeDays, minSupport: config.minSupport, keep: config.keepPerProduct, historyDays: config.historyDays,
    windowDays: config.trendingWindowDays, trendingHalfLife: config.trendingHalfLifeDays, trendingKeep, currency: config.defaultCurrency, maxFeatureProducts, neighbours,
    viewWeight: config.signalWeights.view, cartWeight: config.signalWeights.cart,
  }

  // Each model is one or more INSERT … SELECT statements, run in order in the rebuild's transaction.
  const builders: Record<ModelName, string[]> = {
    'bought-together': [`with ${liveSource}, ${boughtTogetherCtes}
      insert into recommendations_bought_together (product_id, related_id, score, support)
      select product_id, related_id, score, support from bt_ranked where rank <= :keep`],

    // Content similarity: IDF-weighted cosine over category, tags, product type, vendor, option names and price band;
    // pairs must share a category, tag, type or vendor.
    similar: [`with live as (
        select p.product_id, p.category_ids, p.tags, p.product_type, p.vendor, p.option_names, pr.amount
        from recommendations_products p
        left join recommendations_product_prices pr on pr.product_id = p.product_id and pr.currency = :currency
        where p.status = 'published'
      ), features as (
        select l.product_id, 'c|' || cast(c.id as text) as f, 3.0 as w from live l cross join unnest(l.category_ids) as c(id)
        union all select l.product_id, 't|' || lower(t.tag), 1.0 from live l cross join unnest(l.tags) as t(tag)
        union all select product_id, 'p|' || lower(product_type), 2.0 from live where product_type is not null
        union all select product_id, 'v|' || lower(vendor), 1.5 from live where vendor is not null
        union all select l.product_id, 'o|' || lower(o.name), 0.5 from live l cross join unnest(l.option_names) as o(name)
        union all select product_id, 'b|' || cast(floor(ln(greatest(amount, 1)) / ln(2)) as text), 1.0 from live where amount is not null
      ), distinct_features as (
        select product_id, f, max(w) as w from features group by product_id, f
      ), frequency as (
        select f, count(*) as n from distinct_features group by f
      ), weighted as (
        select d.product_id, d.f, d.w * ln(1 + (select count(*) from live) / cast(q.n as double precision)) as w, q.n
        from distinct_features d join frequency q on q.f = d.f
      ), norms as (
        select product_id, sqrt(sum(w * w)) as n from weighted group by product_id
      ), pairs as (
        select a.product_id, b.product_id as related_id, sum(a.w * b.w) as dot, count(*) as shared
        from weighted a join weighted b on b.f = a.f and b.product_id <> a.product_id
        where a.n <= :maxFeatureProducts
        group by a.product_id, b.product_id
        -- A shared price band or option name alone does not make two products similar.
        having bool_or(a.f like 'c|%' or a.f like 't|%' or a.f like 'p|%' or a.f like 'v|%')
      ), ranked as (
        select p.product_id, p.related_id, p.shared, p.dot / (na.n * nb.n) as score,
               row_number() over (partition by p.product_id order by p.dot / (na.n * nb.n) desc, p.related_id) as rank
        from pairs p join norms na on na.product_id = p.product_id join norms nb on nb.product_id = p.related_id
      )
      insert into recommendations_similar (product_id, related_id, score, support)
      select product_id, related_id, score, shared from ranked where rank <= :keep`],

    // Trending: a purchased unit weighs 1 (a view and an add-to-cart their signalWeights), halving every trendingHalfLifeDays, inside the window.
    trending: [`with recent as (
        select product_id, sum(quantity * ${kindWeight} * exp(greatest(-700, -ln(2) * extract(epoch from (now() - occurred_at)) / 86400.0 / :trendingHalfLife))) as score
        from recommendations_interactions
        where occurred_at > now() - make_interval(days => :windowDays)
        group by product_id
      ), scoped as (
        select 'store' as scope, product_id, score from recent
        union all
        select cast(c.id as text), r.product_id, r.score
        from recent r join recommendations_products p on p.product_id = r.product_id cross join unnest(p.category_ids) as c(id)
      ), ranked as (
        select scope, product_id, score, row_number() over (partition by scope order by score desc, product_id) as rank from scoped
      )
      insert into recommendations_trending (scope, product_id, score)
      select scope, product_id, score from ranked where rank <= :trendingKeep`],

    // The item neighbours are kept: an anonymous session's picks read them at request time.
    'for-you': [`with ${liveSource}, ${forYouHistoryCte}, ${forYouNeighbourCtes}
      insert into recommendations_neighbours (product_id, related_id, score)
      select product_id, related_id, s from fy_neighbours`,
    // Fresh statistics for the rows just written: the picks' join plans on them.
    'analyze recommendations_neighbours',
    `with ${liveSource}, ${forYouHistoryCte},
      fy_neighbours as (select product_id, related_id, score as s from recommendations_neighbours),
      fy_customers as (select customer_id from recommendations_consents where profiling),
      ${forYouScoreCtes}
      insert into recommendations_for_you (customer_id, product_id, score)
      select customer_id, product_id, score from fy_ranked where rank <= :keep`],
  }

  async function builds (ctx: Ctx): Promise<ModelBuild[]> {
    const rows = await ctx.db('recommendations_model_builds').select('model', 'built_at', 'rows', 'duration_ms').orderBy('model') as Array<{ model: ModelName, built_at: Date | string, rows: number, duration_ms: number }>
    return rows.map((r) => ({ model: r.model, builtAt: new Date(r.built_at).toISOString(), rows: r.rows, durationMs: r.duration_ms }))
  }

  return {
    /** Rebuilds one model and records its build (rows, duration); emits `recommendations.model.rebuilt`. */
    async rebuild (ctx: Ctx, model: ModelName): Promise<ModelBuild> {
      const started = Date.now()
      return await inTransaction(ctx, async (tx) => {
        // Two rebuilds of one model (the schedule and "rebuild now") take turns: the second would
        // otherwise wait on the first's deleted rows, then collide with its inserted ones.
        await tx.db.raw("select pg_advisory_xact_lock(hashtext('recommendations.rebuild:' || ?))", [model])
        await tx.db(tables[model]).delete()
        if (model === 'for-you') await tx.db('recommendations_neighbours').delete()
        let rows = 0
        for (const statement of builders[model]) rows = countOf(await tx.db.raw(statement, params))
        const durationMs = Date.now() - started
        const builtAt = new Date().toISOString()
        await tx.db('recommendations_model_builds').insert({ model, built_at: builtAt, rows, duration_ms: durationMs })
          .onConflict('model').merge()
        await events.emit(tx, 'recommendations.model.rebuilt', { model, rows, durationMs })
        return { model, builtAt, rows, durationMs }
      })
    },

    /** The models whose rebuild interval (`rebuildEveryMinutes`) has passed since their last build, or never built. */
    async due (ctx: Ctx): Promise<ModelName[]> {
      const built = new Map((await builds(ctx)).map((b) => [b.model, Date.parse(b.builtAt)]))
      return modelNames.filter((model) => {
        const minutes = config.rebuildEveryMinutes[intervalKey[model]] ?? defaultMinutes[intervalKey[model]]
        // A minute of slack: the 15-minute schedule must not skip a model built 14:59 ago.
        return Date.now() - (built.get(model) ?? 0) >= (minutes - 1) * 60_000
      })
    },

    /** Each model's last build (or none yet), and how many signals there are to learn from. */
    async status (ctx: Ctx): Promise<ModelStatus> {
      const built = new Map((await builds(ctx)).map((b) => [b.model, b]))
      const [purchases] = await ctx.db('recommendations_interactions').where({ kind: 'purchase' }).count({ n: '*' }) as Array<{ n: string | number }>
      const [products] = await ctx.db('recommendations_products').where({ status: 'published' }).count({ n: '*' }) as Array<{ n: string | number }>
      return {
        items: modelNames.map((model) => {
          const b = built.get(model)
          return { model, builtAt: b?.builtAt ?? null, rows: b?.rows ?? 0, durationMs: b?.durationMs ?? null }
        }),
        signals: { purchases: Number(purchases?.n ?? 0), products: Number(products?.n ?? 0) },
      }
    },

    /** The last build of each model that has been built. */
    builds,
  }
}

export type ModelService = ReturnType<typeof createModelService>
