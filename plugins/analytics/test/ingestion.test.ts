import t from 'tap'
import { migrateDown, migrateUp } from '@comptoir/core'
import { createTestDatabases } from '@comptoir/core/testing'
import analytics, { type RawEvent } from '../src/index.js'
import { analyticsApp, randomUUID, testEngines, uniqueName } from './helpers.js'

const dbs = createTestDatabases(t)

// One app per engine; every subtest uses its own sessions and customers.
for (const engine of testEngines()) {
  t.test(engine, async (t) => {
    const shop = await analyticsApp(dbs, t, engine, { rateLimit: { max: 25 }, sinkLagSeconds: 0 })
    const { app, send } = shop
    const knex = app.comptoir.database.knex
    const rowsOf = async (session: string): Promise<Array<Record<string, unknown>>> => await knex('analytics_events').where({ session_id: session }).orderBy('occurred_at')

    t.test('bad events are reported by index with pointers; the good ones in the batch are stored', async (t) => {
      const session = shop.session()
      const productId = randomUUID()
      const res = await send(session, [
        { eventId: randomUUID(), type: 'page_view', path: '/' },
        { eventId: randomUUID(), type: 'purchase', amount: 1 },
        { eventId: randomUUID(), type: 'search', query: 'mug' },
        'not an event',
        { eventId: 'nope', type: 'teleport' },
        { eventId: randomUUID(), type: 'product_view', productId, extra: 1 },
        { eventId: randomUUID(), type: 'search', query: 'mug', resultCount: 3, filters: { color: ['red'] } },
      ])
      t.equal(res.status, 200)
      t.equal(res.body.accepted, 2)
      t.same(res.body.rejected, [
        { index: 1, errors: [{ pointer: '/body/events/1/type', detail: 'purchases are recorded by the server from the order; send checkout_completed with the orderId instead' }] },
        { index: 2, errors: [{ pointer: '/body/events/2/resultCount', detail: 'is required' }] },
        { index: 3, errors: [{ pointer: '/body/events/3', detail: 'must be an object' }] },
        { index: 4, errors: [{ pointer: '/body/events/4/type', detail: 'must be one of page_view, product_view, search, add_to_cart, remove_from_cart, checkout_started, checkout_completed, campaign_landing' }] },
        { index: 5, errors: [{ pointer: '/body/events/5/extra', detail: 'is not an accepted field' }] },
      ])
      t.same((await rowsOf(session)).map((r) => [r.type, r.search_query ?? r.path]), [['page_view', '/'], ['search', 'mug']])
      t.equal((await send(session, Array.from({ length: 501 }, () => ({})))).status, 400, 'more than 500 is refused whole')
    })

    t.test('an event id sent again is stored once, in the same batch or a retried one', async (t) => {
      const session = shop.session()
      const events = [{ eventId: randomUUID(), type: 'page_view', path: '/a' }, { eventId: randomUUID(), type: 'checkout_started' }]
      t.match((await send(session, [...events, events[0]])).body, { accepted: 2, duplicates: 1 })
      t.match((await send(session, events)).body, { accepted: 0, duplicates: 2 })
      t.equal((await rowsOf(session)).length, 2)
    })

    t.test('new product views and add-to-carts are emitted by the ship job as one outbox event per type and session, once; a retried batch emits nothing', async (t) => {
      const session = shop.session()
      const [productId, variantId] = [randomUUID(), randomUUID()]
      const view = { eventId: randomUUID(), type: 'product_view', productId }
      const cart = { eventId: randomUUID(), type: 'add_to_cart', productId, variantId, quantity: 2 }
      const outbox = async (): Promise<Array<{ name: string, payload: Record<string, unknown> }>> =>
        (await knex('comptoir_outbox').whereIn('name', ['analytics.products.viewed', 'analytics.products.added-to-cart']).orderBy('name').select('name', 'payload') as Array<{ name: string, payload: string | Record<string, unknown> }>)
          .map((r) => ({ name: r.name, payload: typeof r.payload === 'string' ? JSON.parse(r.payload) as Record<string, unknown> : r.payload }))
          .filter((r) => r.payload.sessionId === session)
      const emit = async (): Promise<number> => await app.services.analyticsSinks.emitSignals(shop.ctx)
      t.match((await send(session, [view, cart, { eventId: randomUUID(), type: 'page_view', path: '/' }])).body, { accepted: 3 })
      t.same(await outbox(), [], 'ingestion itself writes no outbox row')
      t.ok(await emit() >= 2)
      t.equal(await emit(), 0, 'a second run has nothing new')
      const emitted = await outbox()
      t.same(emitted.map((e) => e.name), ['analytics.products.added-to-cart', 'analytics.products.viewed'])
      t.match(emitted[0]!.payload, { sessionId: session, customerId: null, items: [{ eventId: cart.eventId, productId, variantId, quantity: 2 }] })
      t.match(emitted[1]!.payload, { sessionId: session, customerId: null, items: [{ eventId: view.eventId, productId, variantId: null }] })
      t.equal((emitted[1]!.payload.items as unknown[]).length, 1)
      // 2. the same batch again (a retry): stored once, emitted once; a new view alone: one more event
      t.match((await send(session, [view, cart])).body, { accepted: 0, duplicates: 2 })
      await emit()
      t.equal((await outbox()).length, 2)
      t.match((await send(session, [{ ...view, eventId: randomUUID() }])).body, { accepted: 1 })
      await emit()
      t.equal((await outbox()).length, 3)
    })

    t.test('client clocks are corrected by sentAt and clamped to [now − 24 h, now]', async (t) => {
      const session = shop.session()
      const now = Date.now()
      const ids = [randomUUID(), randomUUID(), randomUUID()]
      await send(session, [
        { eventId: ids[0], type: 'page_view', path: '/future', timestamp: new Date(now + 365 * 86_400_000).toISOString() },
        { eventId: ids[1], type: 'page_view', path: '/old', timestamp: new Date(now - 5 * 86_400_000).toISOString() },
      ])
      // A client clock one hour fast: the event 10 minutes before sending happened 10 minutes ago.
      await send(session, [{ eventId: ids[2], type: 'page_view', path: '/skewed', timestamp: new Date(now + 3_600_000 - 600_000).toISOString() }], { sentAt: new Date(now + 3_600_000).toISOString() })
      const at = Object.fromEntries((await rowsOf(session)).map((r) => [r.path as string, new Date(r.occurred_at as Date).getTime()]))
      t.ok(Math.abs(at['/future']! - now) < 60_000, 'the future is now')
      t.ok(Math.abs(at['/old']! - (now - 24 * 3_600_000)) < 60_000, 'older than 24 h is 24 h ago')
      t.ok(Math.abs(at['/skewed']! - (now - 600_000)) < 60_000, 'skew removed')
    })

    t.test('the session comes from x-session-id or the comptoir_sid cookie; none is a 400', async (t) => {
      const none = await app.inject({ method: 'POST', url: '/store/events', payload: { events: [{ eventId: randomUUID(), type: 'checkout_started' }] } })
      t.equal(none.statusCode, 400)
      t.equal(none.json().code, 'ANALYTICS_SESSION_REQUIRED')
      const session = shop.session()
      const cookie = await app.inject({ method: 'POST', url: '/store/events', headers: { cookie: `theme=dark; comptoir_sid=${session}` }, payload: { events: [{ eventId: randomUUID(), type: 'checkout_started' }] } })
      t.equal(cookie.json().accepted, 1)
      t.equal((await rowsOf(session)).length, 1)
    })

    t.test('a signed-in customer: stored with their id when they consent, dropped when not (consentMode drop)', async (t) => {
      const yes = await shop.customer(true)
      const no = await shop.customer(false)
      const s1 = shop.session()
      const s2 = shop.session()
      t.match((await send(s1, [{ eventId: randomUUID(), type: 'page_view', path: '/' }], { headers: yes.headers })).body, { accepted: 1, dropped: 0 })
      t.match((await send(s2, [{ eventId: randomUUID(), type: 'page_view', path: '/' }], { headers: no.headers })).body, { accepted: 0, dropped: 1 })
      t.same((await rowsOf(s1)).map((r) => r.customer_id), [yes.customerId])
      t.equal((await rowsOf(s2)).length, 0)
      t.equal((await rowsOf(s1))[0]!.ip_prefix, '127.0.0.0', 'the IP is truncated')
      // Withdrawal: past events stay, detached from the customer.
      await shop.deliver('customers.consent.changed', { customerId: yes.customerId, purpose: 'analytics', granted: false })
      t.same((await rowsOf(s1)).map((r) => r.customer_id), [null])
    })

    t.test('purchases come only from orders.order.placed: one raw purchase per order, redelivery included', async (t) => {
      const orderId = randomUUID()
      const payload = { orderId, number: '#1', customerId: null, amount: 4200, currency: 'EUR' }
      const id = await shop.deliver('orders.order.placed', payload)
      await shop.deliver('orders.order.placed', payload, { id })
      const rows = await knex('analytics_events').where({ order_id: orderId, type: 'purchase' })
      t.equal(rows.length, 1)
      t.equal(Number(rows[0].amount), 4200)
      t.equal(Number((await knex('analytics_orders').where({ order_id: orderId }).count({ n: '*' }))[0]!.n), 1)
    })

    t.test('partitions: the month before, this month and 3 ahead exist; retention drops old months whole', async (t) => {
      const { analyticsPartitions } = app.services
      const month = (offset: number): string => {
        const d = new Date()
        const index = d.getUTCFullYear() * 12 + d.getUTCMonth() + offset
        return `analytics_events_y${Math.floor(index / 12)}m${String((index % 12) + 1).padStart(2, '0')}`
      }
      const names = await analyticsPartitions.list(shop.ctx)
      for (const offset of [-1, 0, 1, 2, 3]) t.ok(names.includes(month(offset)), month(offset))
      t.same(await analyticsPartitions.ensure(shop.ctx), [], 'nothing missing: nothing created')
      // Three years back, as an old store would have them, with a row in one.
      const old = new Date(Date.now() - 3 * 365 * 86_400_000)
      t.equal((await analyticsPartitions.ensure(shop.ctx, old)).length, 5)
      await knex('analytics_events').insert({ occurred_at: old, event_id: randomUUID(), session_id: uniqueName('old'), type: 'page_view' })
      await app.services.jobs.enqueue(shop.ctx, 'analytics.drop-expired-partitions', {})
      const after = await eventually(async () => { const list = await analyticsPartitions.list(shop.ctx); return list.length === names.length ? list : null })
      t.same(after, names, 'the job dropped the old months (13 kept by default), not the current ones')
      t.equal(Number((await knex('analytics_events').where('occurred_at', '<', new Date(Date.now() - 2 * 365 * 86_400_000)).count({ n: '*' }))[0]!.n), 0)
    })

    t.test('the rate limit is per session: the 26th batch of one session is a 429, another session goes on', async (t) => {
      const session = shop.session()
      const batch = async (s: string): Promise<number> => (await send(s, [{ eventId: randomUUID(), type: 'checkout_started' }])).status
      for (let i = 0; i < 25; i++) t.equal(await batch(session), 200)
      const limited = await app.inject({ method: 'POST', url: '/store/events', headers: { 'x-session-id': session }, payload: { events: [{ eventId: randomUUID(), type: 'checkout_started' }] } })
      t.equal(limited.statusCode, 429)
      t.equal(limited.json().code, 'CORE_RATE_LIMITED')
      t.equal(await batch(shop.session()), 200)
    })

    t.test('GDPR: export lists the customer\'s events and their session\'s; erase deletes them and keeps the order anonymous', async (t) => {
      const { customerId, headers } = await shop.customer(true)
      const session = shop.session()
      await send(session, [{ eventId: randomUUID(), type: 'page_view', path: '/before-sign-in' }])
      await send(session, [{ eventId: randomUUID(), type: 'search', query: 'teapot', resultCount: 0 }], { headers })
      const orderId = randomUUID()
      await shop.deliver('orders.order.placed', { orderId, number: '#2', customerId, amount: 1000, currency: 'EUR' })
      const exported = await app.inject({ method: 'GET', url: `/admin/customers/${customerId}/export`, headers: shop.admin })
      t.equal(exported.statusCode, 200, exported.body)
      const mine = exported.json().plugins.analytics
      t.same(mine.events.map((e: { type: string }) => e.type).sort(), ['page_view', 'purchase', 'search'])
      t.same(mine.orders.map((o: { orderId: string, totalAmount: number }) => [o.orderId, o.totalAmount]), [[orderId, 1000]])
      const erased = await app.inject({ method: 'POST', url: `/admin/customers/${customerId}/erase`, headers: shop.admin })
      t.equal(erased.statusCode, 200, erased.body)
      t.equal((await rowsOf(session)).length, 0)
      t.equal(Number((await knex('analytics_events').where({ customer_id: customerId }).count({ n: '*' }))[0]!.n), 0)
      t.match(await knex('analytics_orders').where({ order_id: orderId }).first('customer_id', 'total_amount'), { customer_id: null })
    })

    t.test('the sink port: every raw event shipped once, in order; a page whose ship failed is offered again', async (t) => {
      const received: RawEvent[] = []
      let down = true
      app.services.analyticsSinks.register({ name: uniqueName('sink'), ship: async (events) => { if (down) { down = false; throw new Error('sink down') } received.push(...events) } })
      const session = shop.session()
      const ids = [randomUUID(), randomUUID()]
      await send(session, [{ eventId: ids[0], type: 'search', query: 'kettle', resultCount: 2 }, { eventId: ids[1], type: 'page_view', path: '/kettles' }])
      await t.rejects(app.services.analyticsSinks.shipAll(shop.ctx), /sink down/)
      await app.services.analyticsSinks.shipAll(shop.ctx, 7)
      const total = Number((await knex('analytics_events').count({ n: '*' }))[0]!.n)
      t.equal(received.length, total, 'everything stored, across pages of 7')
      t.equal(new Set(received.map((e) => e.eventId)).size, total, 'once each')
      t.same(received.filter((e) => e.sessionId === session).map((e) => [e.eventId, e.type, e.searchQuery]).sort(), [[ids[0], 'search', 'kettle'], [ids[1], 'page_view', null]].sort())
      await app.services.analyticsSinks.shipAll(shop.ctx)
      t.equal(received.length, total, 'a run with nothing new ships nothing')
    })

    // Last: it empties analytics' tables.
    t.test('the migrations roll back (the partitioned table and its partitions included) and apply again', async (t) => {
      const owners = [{ name: 'analytics', folder: analytics.migrations as URL }]
      await migrateDown(knex, owners)
      t.notOk(await knex.schema.hasTable('analytics_events'), 'down drops the raw table')
      t.same(await knex.raw("select count(*)::int as n from pg_class where relname like 'analytics\\_%' and relkind in ('r', 'p') and relnamespace = current_schema()::regnamespace").then((r: { rows: Array<{ n: number }> }) => r.rows[0]!.n), 0, 'and every partition')
      await migrateUp(knex, owners)
      t.ok((await app.services.analyticsPartitions.list(shop.ctx)).length >= 5, 'up creates the partitions again')
    })
  })
}

async function eventually<T> (check: () => Promise<T | null>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await check()
    if (value != null) return value
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error('timed out')
}
