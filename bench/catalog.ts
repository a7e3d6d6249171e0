/**
 * bench/catalog: the catalog's storefront against a bare Fastify + pg server running the same SQL.
 *
 *   node --conditions=comptoir-source --import tsx bench/catalog.ts [--products 10000] [--duration 10] [--connections 50]
 *
 * Seeds N products (about 3 variants each, EUR and USD prices) in a dedicated PostgreSQL schema
 * (DATABASE_URL, else the local `test` database), then runs autocannon on (a) the first page of the
 * product list, (b) a deep page reached by cursor, (c) a search with a misspelled word and facets,
 * on Comptoir and on the bare server in the same run, and prints req/s, p50, p99 and the ratios.
 */
import autocannon from 'autocannon'
import Fastify, { type FastifyInstance } from 'fastify'
import pg from 'pg'
import { buildApp, systemActor } from '@comptoir/core'
import catalog, { generateCatalog } from '@comptoir/plugin-catalog'
import { flag, base } from './support.js'

const products = flag('products', 10_000)
const duration = flag('duration', 10)
const connections = flag('connections', 50)
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const schema = `bench_catalog_${Date.now().toString(36)}`
const query = 'merino sweter'

// ---- the bare server: the same statements the catalog runs, written by hand -------------------
const createdKey = `to_char(p.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
const pageSql = (where: string, limitParam: string): string => `select p.id, p.handle, p.title, p.vendor, p.product_type, p.tags, p.published_at, p.created_at,
  ${createdKey} as created_key from catalog_products p where p.status = 'published' ${where} order by p.created_at desc, p.id desc limit ${limitParam}`
const thumbsSql = `select distinct on (product_id) product_id, url, alt from catalog_images where product_id = any($1::uuid[]) order by product_id, position, id`
const rangesSql = `select v.product_id, min(e.amount) as min, max(e.amount) as max, (array_agg(e.compare_at_amount order by e.amount, v.id))[1] as compare_at
  from catalog_variants v join catalog_effective_prices e on e.variant_id = v.id and e.currency = $1 where v.product_id = any($2::uuid[]) group by v.product_id`
const wordsSql = `select t.term, exists (select 1 from catalog_search_words w where w.word like t.term || '%') as known,
  array(select w.word from catalog_search_words w where length(t.term) > 2 and w.word % t.term order by similarity(w.word, t.term) desc, w.word limit 3) as similar
  from unnest($1::text[]) as t(term)`
const searchSql = `select p.id, p.handle, p.title, p.vendor, p.product_type, p.tags, p.published_at, p.created_at,
  (ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', p.search_vector, to_tsquery('simple', $1)) * 1000000)::bigint as rank
  from catalog_products p where p.status = 'published' and p.search_vector @@ to_tsquery('simple', $1) order by rank desc, p.id desc limit 21`
const facetsSql = `with hits as (select p.id from catalog_products p where p.status = 'published' and p.search_vector @@ to_tsquery('simple', $1)),
  pp as (select h.id, min(e.amount) as price from hits h join catalog_variants v on v.product_id = h.id join catalog_effective_prices e on e.variant_id = v.id and e.currency = 'EUR' group by h.id),
  rng as (select max(price)::numeric / 5 as raw from pp),
  mag as (select raw, case when raw is null or raw <= 1 then 1::numeric else power(10::numeric, floor(log(10, raw))) end as m from rng),
  w as (select greatest(1, (m * case when raw / m <= 1 then 1 when raw / m <= 2 then 2 when raw / m <= 5 then 5 else 10 end))::bigint as width from mag),
  hit_paths as materialized (select pc.product_id, c.path from hits h join catalog_product_categories pc on pc.product_id = h.id join catalog_categories c on c.id = pc.category_id),
  cats as (select a.id, a.handle, a.name, count(distinct hp.product_id)::int as count from hit_paths hp
    join catalog_categories a on hp.path like a.path || '%' group by a.id, a.handle, a.name order by count desc, a.name limit 100),
  opts as (select o.name, x.value, count(distinct h.id)::int as count from hits h join catalog_product_options o on o.product_id = h.id join catalog_variants v on v.product_id = h.id
    cross join lateral (select case o.position when 1 then v.option1 when 2 then v.option2 else v.option3 end as value) x where x.value is not null group by o.name, x.value),
  buckets as (select (floor(pp.price / w.width) * w.width)::bigint as lo, w.width, count(*)::int as count from pp cross join w group by 1, 2)
  select (select json_agg(cats) from cats) as categories, (select json_agg(opts) from opts) as options, (select json_agg(buckets order by buckets.lo) from buckets) as prices`

async function bareServer (): Promise<FastifyInstance> {
  const pool = new pg.Pool({ connectionString: url, max: 10, options: `-c search_path=${schema},public` })
  const app = Fastify({ logger: false })
  app.addHook('onClose', async () => { await pool.end() })
  async function hydrate (rows: Array<{ id: string }>): Promise<unknown[]> {
    const ids = rows.slice(0, 20).map((r) => r.id)
    const [thumbs, ranges] = await Promise.all([pool.query(thumbsSql, [ids]), pool.query(rangesSql, ['EUR', ids])])
    const thumbBy = new Map(thumbs.rows.map((t: { product_id: string }) => [t.product_id, t]))
    const rangeBy = new Map(ranges.rows.map((r: { product_id: string }) => [r.product_id, r]))
    return rows.slice(0, 20).map((r) => ({ ...r, thumbnail: thumbBy.get(r.id) ?? null, price: rangeBy.get(r.id) ?? null }))
  }
  app.get<{ Querystring: { after?: string } }>('/products', async (request) => {
    const after = request.query.after?.split('|')
    const { rows } = after == null
      ? await pool.query(pageSql('', '$1'), [21])
      : await pool.query(pageSql('and (p.created_at, p.id) < ($1, $2)', '$3'), [after[0], after[1], 21])
    const last = rows[19] as { created_key: string, id: string } | undefined
    return { items: await hydrate(rows), nextCursor: rows.length > 20 && last != null ? `${last.created_key}|${last.id}` : null }
  })
  app.get<{ Querystring: { q: string } }>('/search', async (request) => {
    const terms = request.query.q.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '')
    const { rows: words } = await pool.query(wordsSql, [terms])
    const tsquery = (words as Array<{ term: string, known: boolean, similar: string[] }>)
      .map((w) => w.known || w.similar.length === 0 ? `'${w.term}':*` : `('${w.term}':* | ${w.similar.map((s) => `'${s}'`).join(' | ')})`).join(' & ')
    const [page, facets] = await Promise.all([pool.query(searchSql, [tsquery]), pool.query(facetsSql, [tsquery])])
    return { items: await hydrate(page.rows), facets: facets.rows[0] }
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  return app
}

// ---- measuring --------------------------------------------------------------------------------
interface Figures { rps: number, p50: number, p975: number, p99: number, errors: number }

async function measure (target: string): Promise<Figures> {
  await autocannon({ url: target, connections, duration: 2 }) // warm-up
  const result = await autocannon({ url: target, connections, duration })
  return { rps: result.requests.average, p50: result.latency.p50, p975: result.latency.p97_5, p99: result.latency.p99, errors: result.non2xx + result.errors }
}

async function main (): Promise<void> {
  const app = await buildApp({
    env: false, migrate: true, runJobs: false, logger: false,
    config: { plugins: [catalog], database: { url, schema, poolMax: 10 }, http: { rateLimit: { max: 100_000_000 } }, log: { level: 'warn' } },
  })
  let bare: FastifyInstance | null = null
  try {
    const started = Date.now()
    const seeded = await generateCatalog(app.comptoir.systemCtx(systemActor), app.services, { products, seed: 1, emitEvents: false })
    await app.comptoir.database.knex.raw('analyze')
    console.log(`seeded ${seeded.products} products / ${seeded.variants} variants in schema ${schema} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
    await app.listen({ port: 0, host: '127.0.0.1' })
    bare = await bareServer()
    const comptoir = base(app)
    const plain = base(bare)

    // A cursor halfway down the list, reached page by page as a client would (the bare server pages by 20).
    let cursor: string | null = null
    for (let page = 0; page < Math.floor(products / 2 / 100); page++) {
      const res = await fetch(`${comptoir}/store/products?limit=100${cursor != null ? `&cursor=${cursor}` : ''}`)
      cursor = (await res.json() as { nextCursor: string | null }).nextCursor
    }
    let after: string | null = null
    for (let page = 0; page < Math.floor(products / 2 / 20); page++) {
      const res = await fetch(`${plain}/products${after != null ? `?after=${encodeURIComponent(after)}` : ''}`)
      after = (await res.json() as { nextCursor: string | null }).nextCursor
    }
    const targets: Array<[string, string, string]> = [
      ['list, first page', `${comptoir}/store/products?limit=20`, `${plain}/products`],
      ['list, deep page (cursor)', `${comptoir}/store/products?limit=20&cursor=${cursor ?? ''}`, `${plain}/products?after=${encodeURIComponent(after ?? '')}`],
      [`search "${query}" + facets`, `${comptoir}/store/search?q=${encodeURIComponent(query)}&limit=20`, `${plain}/search?q=${encodeURIComponent(query)}`],
    ]
    const check = await (await fetch(targets[2]?.[1] ?? '')).json() as { items: unknown[] }
    console.log(`search finds ${check.items.length} products on the first page`)
    console.log(`\nautocannon: ${connections} connections, ${duration} s each (after a 2 s warm-up)\n`)
    console.log('target                         | server   |   req/s |  p50 ms | p97.5 ms |  p99 ms | errors | ratio to bare')
    console.log('-------------------------------|----------|---------|---------|----------|---------|--------|--------------')
    for (const [name, ours, theirs] of targets) {
      const a = await measure(ours)
      const b = await measure(theirs)
      const row = (server: string, f: Figures, ratio: string): string =>
        `${name.padEnd(31)}| ${server.padEnd(9)}| ${f.rps.toFixed(0).padStart(7)} | ${String(f.p50).padStart(7)} | ${String(f.p975).padStart(8)} | ${String(f.p99).padStart(7)} | ${String(f.errors).padStart(6)} | ${ratio}`
      console.log(row('comptoir', a, `${(a.rps / b.rps).toFixed(2)} req/s, ${(a.p99 / Math.max(b.p99, 1)).toFixed(2)} p99`))
      console.log(row('bare', b, '1.00'))
    }
    console.log('\ngoals: list >= 0.5 of bare req/s with p99 < 25 ms; search p95 < 50 ms at 100k products')
  } finally {
    await bare?.close()
    await app.comptoir.database.knex.raw('drop schema ?? cascade', [schema]).catch(() => {})
    await app.close()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
