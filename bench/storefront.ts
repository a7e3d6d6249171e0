/**
 * bench/storefront: the demo store as a user runs it in production against a bare Fastify 5 + pg
 * server, on PostgreSQL with 10k products.
 *
 *   npm run bench:storefront [-- --products 10000 --duration 10]     (after npm run build)
 *
 * 1. Seeds N products with `comptoir seed` in the schema `bench_storefront` (`_<N>` for another N) of DATABASE_URL
 *    (else the local `test` database), or reuses it when it already holds them.
 * 2. Starts the store as a separate process from the built output (`node core/bin/comptoir.js
 *    start --no-jobs`, bench/storefront.config.ts: the demo store, request logging at info, the
 *    per-IP rate limit lifted): cold start to /health/ready and idle RSS; then the same with
 *    LOG_LEVEL=warn to price request logging.
 * 3. Runs autocannon at c50 and c1 on first page, deep page (cursor), product detail, category
 *    page and search, on the store and on the bare server (one SQL statement per request, same tables).
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process'
import { openSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import autocannon from 'autocannon'
import Fastify, { type FastifyInstance } from 'fastify'
import pg from 'pg'
import { flag } from './support.js'

const products = flag('products', 10_000)
const duration = flag('duration', 10)
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const schema = products === 10_000 ? 'bench_storefront' : `bench_storefront_${products}`
const root = fileURLToPath(new URL('../', import.meta.url))
const bin = fileURLToPath(new URL('../core/bin/comptoir.js', import.meta.url))
const config = fileURLToPath(new URL('./storefront.config.ts', import.meta.url))
const storeEnv = { ...process.env, DATABASE_URL: url, DATABASE_SCHEMA: schema, NODE_ENV: 'production', REDIS_URL: '', STRIPE_SECRET_KEY: '' }

// ---- the bare server: each page in one statement, from the same tables --------------------------
const item = `p.id, p.handle, p.title, p.vendor, p.product_type as "productType", p.tags, p.published_at as "publishedAt", p.created_at as "createdAt",
  to_char(p.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as key,
  (select json_build_object('url', i.url, 'alt', i.alt) from catalog_images i where i.product_id = p.id order by i.position, i.id limit 1) as thumbnail,
  (select json_build_object('min', min(e.amount), 'max', max(e.amount), 'currency', 'EUR') from catalog_variants v
    join catalog_effective_prices e on e.variant_id = v.id and e.currency = 'EUR' where v.product_id = p.id) as price,
  (select json_agg(json_build_object('id', v.id, 'sku', v.sku)) from catalog_variants v where v.product_id = p.id) as variants`
const page = (where: string, order = 'p.created_at desc, p.id desc'): string =>
  `select coalesce(json_agg(x), '[]') as items from (select ${item} from catalog_products p where p.status = 'published' ${where} order by ${order} limit 21) x`
const inCategory = `and exists (select 1 from catalog_product_categories pc join catalog_categories c on c.id = pc.category_id where pc.product_id = p.id and c.path like $1)`
const detail = `select json_build_object('id', p.id, 'handle', p.handle, 'title', p.title, 'description', p.description,
  'options', (select json_agg(json_build_object('name', o.name, 'values', o.values) order by o.position) from catalog_product_options o where o.product_id = p.id),
  'variants', (select json_agg(json_build_object('id', v.id, 'sku', v.sku, 'option1', v.option1, 'option2', v.option2, 'price', e.amount, 'compareAt', e.compare_at_amount) order by v.position, v.id)
    from catalog_variants v left join catalog_effective_prices e on e.variant_id = v.id and e.currency = 'EUR' where v.product_id = p.id),
  'images', (select json_agg(json_build_object('id', i.id, 'url', i.url, 'alt', i.alt) order by i.position, i.id) from catalog_images i where i.product_id = p.id),
  'categories', (select json_agg(json_build_object('id', c.id, 'handle', c.handle, 'name', c.name)) from catalog_product_categories pc join catalog_categories c on c.id = pc.category_id where pc.product_id = p.id)
  ) as product from catalog_products p where p.handle = $1 and p.status = 'published'`

async function bareServer (): Promise<FastifyInstance> {
  const pool = new pg.Pool({ connectionString: url, max: 10, options: `-c search_path=${schema},public` })
  const app = Fastify({ logger: false })
  app.addHook('onClose', async () => { await pool.end() })
  const send = (rows: Array<{ items: Array<{ id: string, key: string }> }>): unknown => {
    const items = rows[0]?.items ?? []
    const last = items[19]
    return { items: items.slice(0, 20), nextCursor: items.length > 20 && last != null ? `${last.key}|${last.id}` : null }
  }
  app.get<{ Querystring: { after?: string, path?: string, q?: string } }>('/products', async (request) => {
    const { after, path, q } = request.query
    if (q != null) {
      const terms = q.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '').map((w) => `'${w.replaceAll("'", '')}':*`).join(' & ')
      return send((await pool.query(page("and p.search_vector @@ to_tsquery('simple', $1)", "ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', p.search_vector, to_tsquery('simple', $1)) desc, p.id desc"), [terms])).rows)
    }
    if (path != null) return send((await pool.query(page(inCategory), [`${path}%`])).rows)
    if (after != null) {
      const [key, id] = after.split('|')
      return send((await pool.query(page('and (p.created_at, p.id) < ($1, $2)'), [key, id])).rows)
    }
    return send((await pool.query(page(''))).rows)
  })
  app.get<{ Params: { handle: string } }>('/products/:handle', async (request, reply) => {
    const { rows } = await pool.query(detail, [request.params.handle])
    return rows[0] == null ? await reply.code(404).send({}) : rows[0].product
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  return app
}

// ---- the store as a separate process ------------------------------------------------------------
async function seedIfNeeded (): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const found = await client.query(`select count(*)::int as n from pg_tables where schemaname = $1 and tablename = 'catalog_products'`, [schema])
  const have = found.rows[0].n === 1 ? (await client.query(`select count(*)::int as n from "${schema}".catalog_products`)).rows[0].n as number : 0
  await client.end()
  if (have >= products) {
    // Migrations added since the seed are applied here, so the cold start does not include them.
    await promisify(execFile)(process.execPath, [bin, 'migrate', 'up', '--config', config], { cwd: root, env: { ...storeEnv, LOG_LEVEL: 'warn' } })
    console.log(`reusing schema ${schema} (${have} products)`)
    return
  }
  const started = Date.now()
  await promisify(execFile)(process.execPath, [bin, 'seed', '--products', String(products), '--config', config],
    { cwd: root, env: { ...storeEnv, COMPTOIR_AUTO_MIGRATE: 'true', LOG_LEVEL: 'warn' }, maxBuffer: 1 << 26 })
  console.log(`seeded ${products} products in schema ${schema} (${((Date.now() - started) / 1000).toFixed(1)} s, comptoir seed)`)
}

interface Store { child: ChildProcess, base: string, coldStartMs: number, coldStartCpuMs: number, rssMb: () => number, cpuMs: () => number }

async function startStore (port: number, logLevel: string): Promise<Store> {
  const started = performance.now()
  const log = openSync(`/tmp/bench-storefront-${logLevel}.log`, 'w')
  const child = spawn(process.execPath, [bin, 'start', '--no-jobs', '--config', config], {
    cwd: root, env: { ...storeEnv, PORT: String(port), LOG_LEVEL: logLevel }, stdio: ['ignore', log, log],
  })
  const base = `http://127.0.0.1:${port}`
  for (;;) {
    if (child.exitCode != null) throw new Error(`the store exited (${child.exitCode}): see /tmp/bench-storefront-${logLevel}.log`)
    const ready = await fetch(`${base}/health/ready`).then((r) => r.ok, () => false)
    if (ready) break
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  const coldStartMs = performance.now() - started
  const rssMb = (): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid ?? 0}/status`, 'utf8'))?.[1] ?? 0) / 1024
  // utime + stime of the process in ms (clock ticks of 10 ms): CPU spent, whatever else the machine runs.
  const cpuMs = (): number => { const f = readFileSync(`/proc/${child.pid ?? 0}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []; return (Number(f[11]) + Number(f[12])) * 10 }
  return { child, base, coldStartMs, coldStartCpuMs: cpuMs(), rssMb, cpuMs }
}

async function stop (store: Store): Promise<void> {
  if (store.child.exitCode != null || store.child.signalCode != null) return
  const exited = new Promise((resolve) => store.child.once('exit', resolve))
  store.child.kill('SIGTERM')
  await exited
}

// ---- measuring ----------------------------------------------------------------------------------
interface Figures { rps: number, p50: number, p99: number, errors: number }

async function measure (target: string, connections: number): Promise<Figures> {
  await autocannon({ url: target, connections, duration: 2 }) // warm-up
  const r = await autocannon({ url: target, connections, duration })
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.non2xx + r.errors }
}

async function json<T> (target: string): Promise<T> {
  const res = await fetch(target)
  if (!res.ok) throw new Error(`${target}: ${res.status} ${await res.text()}`)
  return await res.json() as T
}

async function main (): Promise<void> {
  await seedIfNeeded()
  const bare = await bareServer()
  const plain = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}`
  let store = await startStore(39_000 + Math.floor(Math.random() * 1000), 'info')
  try {
    await new Promise((resolve) => setTimeout(resolve, 3000))
    const idleRss = store.rssMb()
    const ours = store.base
    // A cursor halfway down, reached page by page as a client would; a product, a category and a word that exist.
    let cursor: string | null = null
    for (let i = 0; i < Math.floor(products / 2 / 100); i++) cursor = (await json<{ nextCursor: string | null }>(`${ours}/store/products?limit=100${cursor != null ? `&cursor=${cursor}` : ''}`)).nextCursor
    let after: string | null = null
    for (let i = 0; i < Math.floor(products / 2 / 20); i++) after = (await json<{ nextCursor: string | null }>(`${plain}/products${after != null ? `?after=${encodeURIComponent(after)}` : ''}`)).nextCursor
    const first = await json<{ items: Array<{ handle: string, title: string }> }>(`${ours}/store/products?limit=20`)
    const handle = first.items[7]?.handle ?? ''
    const word = (first.items[3]?.title ?? 'linen').split(' ')[0]?.toLowerCase() ?? 'linen'
    const categories = await json<{ items: Array<{ handle: string, path?: string }> }>(`${ours}/store/categories?limit=100`)
    const category = categories.items.find((c) => c.handle === 'apparel') ?? categories.items[0]
    const pgc = new pg.Client({ connectionString: url, options: `-c search_path=${schema},public` })
    await pgc.connect()
    const path = (await pgc.query('select path from catalog_categories where handle = $1', [category?.handle])).rows[0]?.path as string
    await pgc.end()
    const targets: Array<[string, string, string]> = [
      ['first page', `${ours}/store/products?limit=20`, `${plain}/products`],
      ['deep page (cursor)', `${ours}/store/products?limit=20&cursor=${cursor ?? ''}`, `${plain}/products?after=${encodeURIComponent(after ?? '')}`],
      ['product detail', `${ours}/store/products/${handle}`, `${plain}/products/${handle}`],
      [`category ${category?.handle ?? ''}`, `${ours}/store/products?limit=20&category=${category?.handle ?? ''}`, `${plain}/products?path=${encodeURIComponent(path)}`],
      [`search q=${word}`, `${ours}/store/products?limit=20&q=${word}`, `${plain}/products?q=${word}`],
      [`search q=${word} +facets`, `${ours}/store/search?limit=20&q=${word}`, `${plain}/products?q=${word}`],
    ]
    for (const [, a, b] of targets) { await json(a); await json(b) }
    console.log(`\nautocannon ${duration} s per run (after 2 s warm-up); load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} at start\n`)
    console.log('target                   | conns | comptoir req/s   p50   p99 | bare req/s   p50   p99 | ratio')
    console.log('-------------------------|-------|----------------------------|------------------------|------')
    // Search with facets last, on its own: under c50 its statements outlast the run and would weigh on the next ones.
    const facets = targets.pop() as [string, string, string]
    const row = async ([name, a, b]: [string, string, string], connections: number): Promise<Figures> => {
      const x = await measure(a, connections)
      const y = await measure(b, connections)
      const cell = (f: Figures, w: number): string => `${f.rps.toFixed(0).padStart(w)} ${String(f.p50).padStart(5)} ${String(f.p99).padStart(5)}${f.errors > 0 ? ` (${f.errors} errors)` : ''}`
      console.log(`${name.padEnd(25)}| ${String(connections).padStart(5)} | ${cell(x, 14)} | ${cell(y, 10)} | ${(x.rps / y.rps).toFixed(2)}`)
      return x
    }
    for (const connections of [50, 1]) for (const target of targets) await row(target, connections)
    // Request logging: the first page at c50 at info (this store), then at warn (a second store), back to back.
    // CPU per request as well as req/s: on a loaded machine the CPU time moves much less.
    const perRequest = async (s: Store): Promise<[Figures, number]> => {
      const before = s.cpuMs()
      const r = await autocannon({ url: `${s.base}/store/products?limit=20`, connections: 50, duration })
      return [{ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.non2xx + r.errors }, (s.cpuMs() - before) / Math.max(r.requests.total, 1)]
    }
    const [loud, loudCpu] = await perRequest(store)
    const cold = store.coldStartMs
    const coldCpu = store.coldStartCpuMs
    await stop(store)
    store = await startStore(40_000 + Math.floor(Math.random() * 1000), 'warn')
    // Warmed as long as the first store was before its figure (JIT, serializers compiled on first response).
    for (const [, a] of targets) await autocannon({ url: a.replace(ours, store.base), connections: 50, duration: 2 })
    await autocannon({ url: `${store.base}/store/products?limit=20`, connections: 50, duration })
    const [quiet, quietCpu] = await perRequest(store)
    await row([facets[0], facets[1].replace(ours, store.base), facets[2]], 1)
    await row([facets[0], facets[1].replace(ours, store.base), facets[2]], 50)
    console.log(`\nrequest logging: first page c50 ${loud.rps.toFixed(0)} req/s at info, ${quiet.rps.toFixed(0)} at warn (${((1 - loud.rps / quiet.rps) * 100).toFixed(1)} % cost);` +
      ` store CPU per request ${loudCpu.toFixed(2)} ms at info, ${quietCpu.toFixed(2)} ms at warn (${((loudCpu / quietCpu - 1) * 100).toFixed(1)} % more)`)
    console.log(`cold start to /health/ready: ${cold.toFixed(0)} ms, ${coldCpu} ms CPU (info); ${store.coldStartMs.toFixed(0)} ms, ${store.coldStartCpuMs} ms CPU (warn); idle RSS ${idleRss.toFixed(0)} MB`)
    console.log('goals: first and deep page >= 0.6 x bare at c50, p50 <= 2 ms at c1; detail >= 0.5 x bare; cold start < 1.5 s; idle RSS < 150 MB')
  } finally {
    await stop(store).catch(() => {})
    await bare.close()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
