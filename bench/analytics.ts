/**
 * bench/analytics: storefront event ingestion through HTTP against a bare Fastify + pg server
 * running the same multi-row insert into the same partitioned table, in the same run; then the
 * rollup job over many raw events and the sales report's latency.
 *
 *   node --conditions=comptoir-source --import tsx bench/analytics.ts [--events 1000000] [--duration 10] [--connections 10]
 *
 * In a dedicated PostgreSQL schema (DATABASE_URL, else the local `test` database):
 *   1. POST /store/events, batches of 100 new events (unique ids, 1,000 sessions), `connections`
 *      at once for `duration` s, against the bare server (no validation, clamp, consent or hooks);
 *   2. `events` raw events over 30 days (generate_series) with 1 order per 100 events, then
 *      analytics.compute-rollups' work over those 30 days;
 *   3. GET /admin/analytics/sales over 30 days at 1 and 10 connections (p50/p99);
 *   4. GET /admin/analytics/traffic at 1 connection, and the traffic rows this run's requests left.
 * Prints events/s, the ratio, rollup time and the process's peak RSS.
 */
import { randomUUID } from 'node:crypto'
import autocannon, { type Request } from 'autocannon'
import Fastify, { type FastifyInstance } from 'fastify'
import pg from 'pg'
import { buildApp, systemActor } from '@comptoir/core'
import analytics from '@comptoir/plugin-analytics'
import catalog from '@comptoir/plugin-catalog'
import customers from '@comptoir/plugin-customers'
import inventory from '@comptoir/plugin-inventory'
import orders from '@comptoir/plugin-orders'
import { flag, base, timed } from './support.js'

const eventCount = flag('events', 1_000_000)
const duration = flag('duration', 10)
const connections = flag('connections', 10)
const batchSize = 100
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const schema = `bench_analytics_${Date.now().toString(36)}`

const products = Array.from({ length: 200 }, () => randomUUID())
const sessions = Array.from({ length: 1000 }, (_, i) => `bench-session-${i}`)

/** A batch of 100 new storefront events, as a storefront would send them. */
function batch (): { events: Array<Record<string, unknown>> } {
  const now = new Date().toISOString()
  return {
    events: Array.from({ length: batchSize }, (_, i) => {
      const productId = products[i % products.length]!
      switch (i % 5) {
        case 0: return { eventId: randomUUID(), type: 'page_view', path: '/collections/mugs', timestamp: now }
        case 1: return { eventId: randomUUID(), type: 'product_view', productId, timestamp: now }
        case 2: return { eventId: randomUUID(), type: 'search', query: 'blue mug', resultCount: 12, filters: { color: ['blue'] }, timestamp: now }
        case 3: return { eventId: randomUUID(), type: 'add_to_cart', productId, quantity: 1, timestamp: now }
        default: return { eventId: randomUUID(), type: 'campaign_landing', utmSource: 'google', utmMedium: 'cpc', utmCampaign: 'winter', timestamp: now }
      }
    }),
  }
}

// The plugin's statement (event-rows.ts) with pg placeholders: the ids claim and the insert, in one.
const columns = `occurred_at, event_id, type, path, referrer, product_id, variant_id, quantity, search_query, result_count, filters,
  utm_source, utm_medium, utm_campaign, utm_term, utm_content, order_id, amount, currency`
const bareSql = `
  with input as (select * from jsonb_to_recordset($1::jsonb) as x(occurred_at timestamptz, event_id uuid, type text, path text, referrer text,
    product_id uuid, variant_id uuid, quantity integer, search_query text, result_count integer, filters jsonb, utm_source text, utm_medium text,
    utm_campaign text, utm_term text, utm_content text, order_id uuid, amount bigint, currency char(3))),
  fresh as (insert into analytics_event_ids (session_id, event_id) select $2, event_id from input on conflict do nothing returning event_id)
  insert into analytics_events (session_id, customer_id, ip_prefix, ${columns})
  select $2, null, $3, ${columns.split(',').map((c) => `i.${c.trim()}`).join(', ')} from input i join fresh f using (event_id)`

async function bareServer (): Promise<FastifyInstance> {
  const pool = new pg.Pool({ connectionString: url, max: 10, options: `-c search_path=${schema},public` })
  const app = Fastify({ logger: false, bodyLimit: 1_048_576 })
  app.addHook('onClose', async () => { await pool.end() })
  app.post<{ Body: { events: Array<Record<string, unknown>> } }>('/events', async (request) => {
    const rows = request.body.events.map((e) => ({
      occurred_at: e.timestamp, event_id: e.eventId, type: e.type, path: e.path, product_id: e.productId, quantity: e.quantity,
      search_query: e.query, result_count: e.resultCount, filters: e.filters, utm_source: e.utmSource, utm_medium: e.utmMedium, utm_campaign: e.utmCampaign,
    }))
    const result = await pool.query(bareSql, [JSON.stringify(rows), request.headers['x-session-id'], '127.0.0.0'])
    return { accepted: result.rowCount }
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  return app
}

async function ingest (target: string): Promise<{ eventsPerSecond: number, p99: number, errors: number }> {
  let n = 0
  const options = {
    url: target, method: 'POST' as const, connections, duration,
    requests: [{
      setupRequest: (request: Request): Request => ({
        ...request, body: JSON.stringify(batch()), headers: { 'content-type': 'application/json', 'x-session-id': sessions[n++ % sessions.length]! },
      }),
    }],
  }
  await autocannon({ ...options, duration: 2 })
  const r = await autocannon(options)
  return { eventsPerSecond: (r.requests.average * batchSize), p99: r.latency.p99, errors: r.non2xx + r.errors }
}

async function main (): Promise<void> {
  const app = await buildApp({
    env: false, migrate: true, runJobs: false, logger: false,
    config: {
      plugins: [catalog, customers, inventory, orders, [analytics, { rateLimit: { max: 100_000_000 } }]],
      database: { url, schema, poolMax: 10 }, http: { rateLimit: { max: 100_000_000 } }, log: { level: 'warn' },
    },
  })
  const ctx = app.comptoir.systemCtx(systemActor)
  const knex = app.comptoir.database.knex
  let bare: FastifyInstance | null = null
  try {
    // 1. Ingestion, comptoir then bare, into the same table.
    await app.listen({ port: 0, host: '127.0.0.1' })
    bare = await bareServer()
    const comptoirIngest = await ingest(`${base(app)}/store/events`)
    const bareIngest = await ingest(`${base(bare)}/events`)
    console.log(`ingestion, batches of ${batchSize}, ${connections} connections, ${duration} s (after a 2 s warm-up)`)
    for (const [name, f] of [['comptoir', comptoirIngest], ['bare', bareIngest]] as const) {
      console.log(`  ${name.padEnd(9)} ${f.eventsPerSecond.toFixed(0).padStart(7)} events/s   p99 ${String(f.p99).padStart(4)} ms   errors ${f.errors}`)
    }
    console.log(`  ratio to bare: ${(comptoirIngest.eventsPerSecond / bareIngest.eventsPerSecond).toFixed(2)}\n`)

    // 2. Raw events over the last 30 days, straight into the table, and 1 order per 100 events.
    const [, fillMs] = await timed(async () => {
      await app.services.analyticsPartitions.ensure(ctx, new Date(Date.now() - 31 * 86_400_000))
      await knex.raw(`insert into analytics_events (occurred_at, event_id, session_id, type, product_id, search_query, result_count, utm_source, utm_medium, utm_campaign)
        select now() - make_interval(secs => random() * 30 * 86400), gen_random_uuid(), 's' || (g / 8), t.type,
          case when t.type in ('product_view', 'add_to_cart') then ('00000000-0000-4000-8000-' || lpad((g % 500)::text, 12, '0'))::uuid end,
          case when t.type = 'search' then (array['mug','teapot','cup','kettle','samovar'])[1 + g % 5] end,
          case when t.type = 'search' then (g % 7) end,
          case when t.type = 'campaign_landing' then (array['google','newsletter','instagram'])[1 + g % 3] end,
          case when t.type = 'campaign_landing' then (array['cpc','email','social'])[1 + g % 3] end,
          case when t.type = 'campaign_landing' then 'winter' end
        from generate_series(1, ?) g
        cross join lateral (select (array['page_view','page_view','product_view','product_view','search','add_to_cart','checkout_started','campaign_landing'])[1 + g % 8] as type) t`, [eventCount])
      await knex.raw(`insert into analytics_orders (order_id, currency, total_amount, placed_at)
        select gen_random_uuid(), case when g % 10 = 0 then 'USD' else 'EUR' end, 500 + (g * 37) % 20000, now() - make_interval(secs => random() * 30 * 86400)
        from generate_series(1, ?) g`, [Math.floor(eventCount / 100)])
      await knex.raw(`insert into analytics_order_lines (order_id, product_id, category_ids, quantity, total_amount)
        select order_id, ('00000000-0000-4000-8000-' || lpad((abs(hashtext(order_id::text)) % 500)::text, 12, '0'))::uuid, '{}', 1, total_amount - 500 from analytics_orders`)
      await knex.raw(`insert into analytics_events (occurred_at, event_id, session_id, type, order_id)
        select placed_at, gen_random_uuid(), 's' || (abs(hashtext(order_id::text)) % ?), 'checkout_completed', order_id from analytics_orders`, [Math.floor(eventCount / 8)])
      await knex.raw('analyze')
    })
    const raw = Number((await knex('analytics_events').count({ n: '*' }))[0]?.n)
    console.log(`filled ${raw} raw events (${Math.floor(eventCount / 100)} orders) over 30 days in schema ${schema} (${(fillMs / 1000).toFixed(1)} s)`)
    const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
    const [, rollupMs] = await timed(async () => await app.services.analyticsRollups.compute(ctx, { from: day(-30), to: day(0) }))
    console.log(`rollup job, 31 days: ${(rollupMs / 1000).toFixed(1)} s (${(raw / (rollupMs / 1000)).toFixed(0)} raw events/s)\n`)

    // 3. The dashboard's sales report over 30 days.
    const { secret } = await app.services.auth.createApiKey(ctx, { name: 'bench', roles: ['owner'] })
    const headers = { authorization: `Bearer ${secret}` }
    for (const connections of [1, 10]) {
      const target = { url: `${base(app)}/admin/analytics/sales?from=${day(-29)}&to=${day(0)}`, headers, connections }
      await autocannon({ ...target, duration: 2 })
      const r = await autocannon({ ...target, duration })
      console.log(`GET /admin/analytics/sales (30 days vs previous 30), ${connections} connection(s): ${r.requests.average.toFixed(0)} req/s   p50 ${r.latency.p50} ms   p99 ${r.latency.p99} ms   errors ${r.non2xx + r.errors}`)
    }
    // 4. The traffic report, over what this run's HTTP requests left (the observer's counts, flushed).
    await app.services.analyticsTraffic.flush()
    const traffic = { url: `${base(app)}/admin/analytics/traffic?from=${day(-1)}&to=${day(0)}`, headers, connections: 1 }
    await autocannon({ ...traffic, duration: 2 })
    const t = await autocannon({ ...traffic, duration })
    await app.services.analyticsTraffic.flush()
    const report = await app.services.analyticsReports.traffic(ctx, { from: day(-1), to: day(0) })
    console.log(`GET /admin/analytics/traffic, 1 connection: ${t.requests.average.toFixed(0)} req/s   p50 ${t.latency.p50} ms   p99 ${t.latency.p99} ms   errors ${t.non2xx + t.errors}`)
    for (const route of report.routes.slice(0, 3)) console.log(`  traffic row: ${route.method} ${route.route}: ${route.requests} requests, p50 ${route.p50Ms} ms, p99 ${route.p99Ms} ms`)
    console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`)
  } finally {
    await bare?.close()
    if (process.env.ANALYTICS_BENCH_KEEP == null) await knex.raw('drop schema ?? cascade', [schema]).catch(() => {})
    await app.close()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
