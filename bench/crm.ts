/**
 * bench/crm: segment evaluation, the RFM and engagement jobs at scale, and the timeline endpoint's
 * latency against a bare Fastify + pg server running the same SQL, in the same run.
 *
 *   node --conditions=comptoir-source --import tsx bench/crm.ts [--customers 100000] [--orders 300000] [--duration 10]
 *
 * Fills crm's own tables in a dedicated PostgreSQL schema (DATABASE_URL, else the local `test`
 * database) with generate_series: N customer profiles (consent, country, groups, 10% tagged) and
 * M orders over two years (90% EUR, 10% USD). Then times, on the service:
 *   - the RFM job, then the engagement job (set-wise UPDATEs over every profile);
 *   - three typical segments, first evaluation (everyone joins) and re-evaluation (no change),
 *     against the bare count(*) of the same member query (what the rules alone cost);
 *   - GET /admin/crm/customers/:id/timeline?limit=20 at 1 connection (p50/p99) for a customer with
 *     500 entries, against a bare server running the same keyset SELECT.
 */
import autocannon from 'autocannon'
import Fastify, { type FastifyInstance } from 'fastify'
import pg from 'pg'
import { buildApp, systemActor } from '@comptoir/core'
import catalog from '@comptoir/plugin-catalog'
import crm, { type SegmentRule } from '@comptoir/plugin-crm'
import customers from '@comptoir/plugin-customers'
import inventory from '@comptoir/plugin-inventory'
import orders from '@comptoir/plugin-orders'
import { flag, base, timed } from './support.js'

const customerCount = flag('customers', 100_000)
const orderCount = flag('orders', 300_000)
const duration = flag('duration', 10)
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const schema = `bench_crm_${Date.now().toString(36)}`

const segments: Array<{ name: string, rules: SegmentRule[] }> = [
  { name: 'big spenders (EUR >= 500.00)', rules: [{ field: 'totalSpent', op: 'gte', amount: 50_000, currency: 'EUR' }] },
  { name: 'lapsed repeat buyers', rules: [{ field: 'orderCount', op: 'gte', value: 2 }, { field: 'lastOrderAt', op: 'before', daysAgo: 180 }] },
  { name: 'FR champions, marketing ok', rules: [{ field: 'marketingConsent', value: true }, { field: 'country', countries: ['FR'] }, { field: 'recency', op: 'gte', value: 4 }, { field: 'frequency', op: 'gte', value: 4 }] },
]

const timelineSql = `select id, customer_id, source, type, channel, direction, subject, body, author_type, author_id, order_id, ticket_id, data, occurred_at
  from crm_timeline_entries where customer_id = $1 order by occurred_at desc, id desc limit 21`

async function bareServer (): Promise<FastifyInstance> {
  const pool = new pg.Pool({ connectionString: url, max: 10, options: `-c search_path=${schema},public` })
  const app = Fastify({ logger: false })
  app.addHook('onClose', async () => { await pool.end() })
  app.get<{ Params: { customerId: string } }>('/timeline/:customerId', async (request) => {
    const { rows } = await pool.query(timelineSql, [request.params.customerId])
    return { items: rows.slice(0, 20), nextCursor: rows.length > 20 ? 'more' : null }
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  return app
}

async function main (): Promise<void> {
  const app = await buildApp({
    env: false, migrate: true, runJobs: false, logger: false,
    config: { plugins: [catalog, customers, inventory, orders, crm], database: { url, schema, poolMax: 10 }, http: { rateLimit: { max: 100_000_000 } }, log: { level: 'warn' } },
  })
  const ctx = app.comptoir.systemCtx(systemActor)
  const knex = app.comptoir.database.knex
  let bare: FastifyInstance | null = null
  try {
    // 1. Data, straight into crm's tables (the subscribers' projection), as the events would leave it.
    const [, fillMs] = await timed(async () => {
      await knex.raw(`insert into crm_profiles (customer_id, marketing_consent, country, group_ids)
        select gen_random_uuid(), random() < 0.6, (array['FR','FR','FR','DE','BE','ES','IT','GB'])[1 + floor(random() * 8)::int],
               case when random() < 0.2 then array['00000000-0000-4000-8000-000000000001'::uuid] else '{}'::uuid[] end
        from generate_series(1, ?)`, [customerCount])
      // Each order picks its customer once (a random() in the join condition would be re-drawn per row pair).
      await knex.raw(`with c as (select customer_id, row_number() over () as n from crm_profiles),
          picks as materialized (select g, 1 + floor(random() * ?)::int as n from generate_series(1, ?) g)
        insert into crm_orders (order_id, customer_id, number, total_amount, currency, placed_at)
        select gen_random_uuid(), c.customer_id, '#' || picks.g, (500 + floor(random() * random() * 60000))::bigint,
               case when random() < 0.9 then 'EUR' else 'USD' end, now() - (random() * 730 || ' days')::interval
        from picks join c on c.n = picks.n`, [customerCount, orderCount])
      await knex.raw(`insert into crm_tags (customer_id, tag) select customer_id, 'vip' from crm_profiles where random() < 0.1`)
      await knex.raw('analyze')
    })
    const orders = Number((await knex('crm_orders').count({ n: '*' }))[0]?.n)
    console.log(`filled ${customerCount} profiles / ${orders} orders in schema ${schema} (${(fillMs / 1000).toFixed(1)} s)\n`)

    // 2. The scoring jobs' work, set-wise.
    const [rfm, rfmMs] = await timed(async () => await app.services.crmScores.computeRfm(ctx))
    const [, engagementMs] = await timed(async () => await app.services.crmScores.computeEngagement(ctx))
    console.log(`RFM job:         ${rfmMs.toFixed(0).padStart(6)} ms (${rfm.scored} customers scored)`)
    console.log(`engagement job:  ${engagementMs.toFixed(0).padStart(6)} ms (${customerCount} profiles)\n`)

    // 3. Segments: first evaluation (all join), re-evaluation (no change), bare count of the member query.
    console.log('segment                         | members | first eval ms | re-eval ms | bare count ms | re-eval / bare')
    console.log('--------------------------------|---------|---------------|------------|---------------|---------------')
    const { membersQuery } = await import('../plugins/crm/src/services/segment-sql.js')
    for (const segment of segments) {
      const [created, firstMs] = await timed(async () => await app.services.crmSegments.create(ctx, segment))
      const [, againMs] = await timed(async () => await app.services.crmSegments.evaluate(ctx, created.id))
      const query = await membersQuery(knex, segment.rules, 'all')
      const [, bareMs] = await timed(async () => await knex.raw(`select count(*) from (${query.sql}) m`, query.bindings))
      console.log(`${segment.name.padEnd(32)}| ${String(created.memberCount).padStart(7)} | ${firstMs.toFixed(0).padStart(13)} | ${againMs.toFixed(0).padStart(10)} | ${bareMs.toFixed(0).padStart(13)} | ${(againMs / Math.max(bareMs, 1)).toFixed(2)}`)
    }

    // 4. The timeline of one real customer with 500 entries, at one connection.
    const { customerId } = await app.services.customersAccounts.register(ctx, { email: 'bench@example.com', password: 'correct horse battery staple' })
    await knex.raw(`insert into crm_timeline_entries (customer_id, source, type, subject, body, occurred_at)
      select ?, case when g % 3 = 0 then 'staff' else 'system' end, case when g % 3 = 0 then 'note' else 'order.placed' end, 'Entry ' || g, 'Body of entry ' || g,
             date_trunc('milliseconds', now() - (g || ' hours')::interval) from generate_series(1, 500) g`, [customerId])
    await knex.raw('analyze crm_timeline_entries')
    const { secret } = await app.services.auth.createApiKey(ctx, { name: 'bench', roles: ['owner'] })
    await app.listen({ port: 0, host: '127.0.0.1' })
    bare = await bareServer()
    const targets: Array<[string, string, Record<string, string>]> = [
      ['comptoir', `${base(app)}/admin/crm/customers/${customerId}/timeline?limit=20`, { authorization: `Bearer ${secret}` }],
      ['bare', `${base(bare)}/timeline/${customerId}`, {}],
    ]
    const figures: Array<{ rps: number, p50: number, p99: number, errors: number }> = []
    for (const [, target, headers] of targets) {
      await autocannon({ url: target, headers, connections: 1, duration: 2 })
      const r = await autocannon({ url: target, headers, connections: 1, duration })
      figures.push({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.non2xx + r.errors })
    }
    console.log(`\ntimeline, 20 of 500 entries, 1 connection, ${duration} s (after a 2 s warm-up)`)
    targets.forEach(([name], i) => {
      const f = figures[i]!
      console.log(`  ${name.padEnd(9)} ${f.rps.toFixed(0).padStart(6)} req/s   p50 ${String(f.p50).padStart(3)} ms   p99 ${String(f.p99).padStart(3)} ms   errors ${f.errors}`)
    })
    console.log(`  ratio to bare: ${(figures[0]!.rps / figures[1]!.rps).toFixed(2)} req/s`)
  } finally {
    await bare?.close()
    if (process.env.CRM_BENCH_KEEP == null) await knex.raw('drop schema ?? cascade', [schema]).catch(() => {})
    await app.close()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
