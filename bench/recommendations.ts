/**
 * bench/recommendations: model quality on planted patterns (hold-out hit rate and precision at 10
 * of each model against popularity), rebuild time at two sizes, and the storefront endpoint's
 * latency against a bare Fastify + pg server running the same indexed SELECT, in the same run.
 *
 *   node --conditions=comptoir-source --import tsx bench/recommendations.ts [--products 10000] [--customers 20000] [--orders 100000] [--duration 10]
 *
 * Fills recommendations' own tables in a dedicated PostgreSQL schema (DATABASE_URL, else the local
 * `test` database) with generate_series, as the subscribers would leave them: N published products
 * in 50 categories (200 each, vendor, type, tags, price), customers in 50 segments each preferring
 * one category (80% of their picks), even products planted with their odd neighbour (bought
 * together half the time), orders over a year. Then:
 *   - rebuilds every model at 10% of the orders, then at all of them (time per model);
 *   - holds out each customer's last order: hit rate / precision / recall @10 per model;
 *   - GET /store/products/:handle/recommendations (bought-together) at 1 connection (p50/p99) and
 *     at 50 (req/s, p50/p99), against the bare server;
 *   - anonymous sessions (`sessions`, 5 views each in their segment's category, as analytics'
 *     events leave them): the share of a session's picks in its category against trending's, and
 *     GET /store/recommendations?kind=for-you with x-session-id at 1 and 50 connections; the
 *     product endpoint with a placement of 3 pins at 1 connection.
 */
import autocannon, { type Request } from 'autocannon'
import Fastify, { type FastifyInstance } from 'fastify'
import pg from 'pg'
import { buildApp, systemActor } from '@comptoir/core'
import catalog from '@comptoir/plugin-catalog'
import customers from '@comptoir/plugin-customers'
import inventory from '@comptoir/plugin-inventory'
import orders from '@comptoir/plugin-orders'
import recommendations, { modelNames } from '@comptoir/plugin-recommendations'
import { flag, base, timed } from './support.js'

const productCount = flag('products', 10_000)
const customerCount = flag('customers', 20_000)
const orderCount = flag('orders', 100_000)
const duration = flag('duration', 10)
const sessionCount = flag('sessions', 20_000)
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const schema = `bench_recommendations_${Date.now().toString(36)}`
const perCategory = Math.max(1, Math.floor(productCount / 50))

// The same read the service runs for kind=bought-together (services/picks.ts), positional.
const pickSql = `
  select product_id, handle, title, amount, score from (
    select p.product_id, p.handle, p.title, pr.amount, m.score,
           row_number() over (partition by coalesce(p.category_ids[1], p.product_id) order by m.score desc, p.product_id) as in_category
    from recommendations_products s
    join (select product_id, related_id as pick_id, score from recommendations_bought_together) m on m.product_id = s.product_id
    join recommendations_products p on p.product_id = m.pick_id and p.status = 'published' and p.in_stock
    join recommendations_product_prices pr on pr.product_id = p.product_id and pr.currency = $2
    left join recommendations_exclusions x on x.product_id = p.product_id
    where s.handle = $1 and s.status = 'published' and m.pick_id <> s.product_id and x.product_id is null
      and not exists (select 1 from recommendations_placement_rules r where r.placement = '' and r.product_id = p.product_id)
  ) ranked where in_category <= 3 order by score desc, product_id limit 10`

async function bareServer (): Promise<FastifyInstance> {
  const pool = new pg.Pool({ connectionString: url, max: 10, options: `-c search_path=${schema},public` })
  const app = Fastify({ logger: false })
  app.addHook('onClose', async () => { await pool.end() })
  app.get<{ Params: { handle: string } }>('/products/:handle/recommendations', async (request) => {
    const { rows } = await pool.query(pickSql, [request.params.handle, 'EUR'])
    return {
      kind: 'bought-together', source: 'model',
      items: rows.map((r: Record<string, unknown>) => ({ productId: r.product_id, handle: r.handle, title: r.title, price: { amount: Number(r.amount), currency: 'EUR' }, score: Number(r.score) })),
    }
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  return app
}

async function main (): Promise<void> {
  const app = await buildApp({
    env: false, migrate: true, runJobs: false, logger: false,
    config: { plugins: [catalog, customers, inventory, orders, recommendations], database: { url, schema, poolMax: 10 }, http: { rateLimit: { max: 100_000_000 } }, log: { level: 'warn' } },
  })
  const ctx = app.comptoir.systemCtx(systemActor)
  const knex = app.comptoir.database.knex
  let bare: FastifyInstance | null = null
  const pid = (expr: string): string => `md5('p' || (${expr}))::uuid`
  try {
    // 1. Products and consent, as the catalog and customers subscribers would leave them.
    await knex.raw(`insert into recommendations_products (product_id, handle, title, status, vendor, product_type, tags, category_ids, option_names)
      select ${pid('i')}, 'product-' || i, 'Product ' || i, 'published', 'vendor-' || (i % 30), 'type-' || ((i / ?) % 50) || '-' || (i % 3),
             array['tag-' || (i % 100), 'tag-' || ((i * 7) % 100)], array[md5('c' || (i / ?))::uuid], array['Size']
      from generate_series(0, ? - 1) i`, [perCategory, perCategory, productCount])
    await knex.raw(`insert into recommendations_product_prices (product_id, currency, amount)
      select ${pid('i')}, 'EUR', 500 + (i * 37) % 20000 from generate_series(0, ? - 1) i`, [productCount])
    await knex.raw(`insert into recommendations_consents (customer_id, profiling) select md5('u' || c)::uuid, true from generate_series(0, ? - 1) c`, [customerCount])

    // Orders: each picks a customer, 1–3 items, 80% from the customer's preferred category; an even product brings its odd neighbour half the time.
    async function addOrders (from: number, to: number): Promise<void> {
      await knex.raw(`with o as materialized (
          select g, md5('o' || g)::uuid as order_id, floor(random() * ?)::int as c, 1 + floor(random() * 3)::int as items,
                 now() - random() * interval '360 days' as at
          from generate_series(cast(? as int), cast(? as int)) g
        ), lines as materialized (
          select o.order_id, o.c, o.at,
                 case when random() < 0.8 then (o.c % 50) * ? + floor(random() * ?)::int else floor(random() * ?)::int end as p
          from o cross join lateral generate_series(1, o.items) k
        ), planted as (
          select order_id, c, at, p from lines
          union all select order_id, c, at, p + 1 from lines where p % 2 = 0 and p + 1 < ? and random() < 0.5
        )
        insert into recommendations_interactions (customer_id, product_id, kind, order_id, quantity, occurred_at)
        select md5('u' || c)::uuid, ${pid('p')}, 'purchase', order_id, 1, at from planted
        on conflict (order_id, product_id) where kind = 'purchase' do nothing`,
      [customerCount, from, to, perCategory, perCategory, productCount, productCount])
      await knex.raw('analyze recommendations_interactions')
    }

    const firstCut = Math.floor(orderCount / 10)
    console.log(`${productCount} products in 50 categories, ${customerCount} customers in 50 segments; schema ${schema}\n`)
    console.log('orders   | model           | rows     | rebuild ms')
    console.log('---------|-----------------|----------|-----------')
    for (const [from, to] of [[1, firstCut], [firstCut + 1, orderCount]] as const) {
      await addOrders(from, to)
      if (to === orderCount && sessionCount > 0) {
        // Anonymous sessions (segment s % 50): 5 views each in their category, the last 10 days, as analytics' events leave them.
        await knex.raw(`insert into recommendations_interactions (session_id, product_id, kind, quantity, occurred_at)
          select 'bench-session-' || s, ${pid('(s % 50) * ? + floor(random() * ?)::int')}, 'view', 1, now() - random() * interval '10 days'
          from generate_series(0, ? - 1) s cross join generate_series(1, 5) k
          on conflict (session_id, product_id, kind) where kind <> 'purchase' do nothing`, [perCategory, perCategory, sessionCount])
        await knex.raw('analyze recommendations_interactions')
        console.log(`${String(to).padStart(8)} | (${sessionCount} sessions × 5 views added)`)
      }
      for (const model of modelNames) {
        const [build, ms] = await timed(async () => await app.services.recommendationsModels.rebuild(ctx, model))
        console.log(`${String(to).padStart(8)} | ${model.padEnd(15)} | ${String(build.rows).padStart(8)} | ${ms.toFixed(0).padStart(9)}`)
      }
    }
    await knex.raw('analyze')

    // 2. Offline quality: hold out each customer's last order.
    const [evaluation, evalMs] = await timed(async () => await app.services.recommendationsEvaluation.evaluate(ctx, 10))
    console.log(`\nhold-out evaluation @10 over ${evaluation.customers} customers (${(evalMs / 1000).toFixed(1)} s)`)
    console.log('model           | hit rate | precision | recall')
    for (const [name, m] of Object.entries(evaluation.models)) {
      console.log(`${name.padEnd(15)} | ${m.hitRate.toFixed(4).padStart(8)} | ${m.precision.toFixed(4).padStart(9)} | ${m.recall.toFixed(4)}`)
    }

    // 3. The read path, against the bare server.
    await app.listen({ port: 0, host: '127.0.0.1' })
    bare = await bareServer()
    const handle = 'product-42'
    const targets: Array<[string, string]> = [
      ['comptoir', `${base(app)}/store/products/${handle}/recommendations?kind=bought-together`],
      ['bare', `${base(bare)}/products/${handle}/recommendations`],
    ]
    for (const connections of [1, 50]) {
      console.log(`\nGET bought-together of ${handle}, ${connections} connection(s), ${duration} s (after a 2 s warm-up)`)
      const figures: number[] = []
      for (const [name, target] of targets) {
        await autocannon({ url: target, connections, duration: 2 })
        const r = await autocannon({ url: target, connections, duration })
        figures.push(r.requests.average)
        console.log(`  ${name.padEnd(9)} ${r.requests.average.toFixed(0).padStart(6)} req/s   p50 ${String(r.latency.p50).padStart(3)} ms   p99 ${String(r.latency.p99).padStart(3)} ms   errors ${r.non2xx + r.errors}`)
      }
      console.log(`  ratio to bare: ${(figures[0]! / figures[1]!).toFixed(2)} req/s`)
    }

    // 4. Anonymous sessions: picks in the session's own category (planted), against trending; the read path.
    if (sessionCount > 0) {
      const sample = Math.min(300, sessionCount)
      const share = async (answer: (sid: string) => Promise<{ items: Array<{ handle: string }> }>): Promise<number> => {
        let inCategory = 0
        let total = 0
        for (let s = 0; s < sample; s++) {
          const { items } = await answer(`bench-session-${s}`)
          total += items.length
          inCategory += items.filter((i) => Math.floor(Number(i.handle.slice('product-'.length)) / perCategory) === s % 50).length
        }
        return total > 0 ? inCategory / total : 0
      }
      const sessionShare = await share(async (sid) => await app.services.recommendations.forSession(ctx, sid, { limit: 10 }))
      const trendingShare = await share(async () => await app.services.recommendations.trending(ctx, undefined, { limit: 10 }))
      console.log(`
session picks @10 over ${sample} sessions: ${(100 * sessionShare).toFixed(1)}% in the session's category (trending: ${(100 * trendingShare).toFixed(1)}%)`)
      const sessionTarget = `${base(app)}/store/recommendations?kind=for-you`
      for (const connections of [1, 50]) {
        let n = 0
        const options = { url: sessionTarget, connections, duration, requests: [{ setupRequest: (r: Request): Request => ({ ...r, headers: { 'x-session-id': `bench-session-${n++ % sessionCount}` } }) }] }
        await autocannon({ ...options, duration: 2 })
        const r = await autocannon(options)
        console.log(`GET for-you (anonymous session, ${sessionCount} sessions), ${connections} connection(s): ${r.requests.average.toFixed(0)} req/s   p50 ${r.latency.p50} ms   p99 ${r.latency.p99} ms   errors ${r.non2xx + r.errors}`)
      }
      const pins = await knex('recommendations_products').orderBy('handle').limit(3).pluck('product_id') as string[]
      await app.services.recommendationsPlacements.replace(ctx, 'product-page', { pins })
      const placed = `${base(app)}/store/products/${handle}/recommendations?kind=bought-together&placement=product-page`
      await autocannon({ url: placed, connections: 1, duration: 2 })
      const r = await autocannon({ url: placed, connections: 1, duration })
      console.log(`GET bought-together of ${handle} with placement (3 pins), 1 connection: ${r.requests.average.toFixed(0)} req/s   p50 ${r.latency.p50} ms   p99 ${r.latency.p99} ms   errors ${r.non2xx + r.errors}`)
    }
  } finally {
    await bare?.close()
    if (process.env.RECOMMENDATIONS_BENCH_KEEP == null) await knex.raw('drop schema ?? cascade', [schema]).catch(() => {})
    await app.close()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
