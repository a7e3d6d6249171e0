import t from 'tap'
import { createTestDatabases } from '@comptoir/core/testing'
import analytics from '@comptoir/plugin-analytics'
import recommendations from '../src/index.js'
import { eventually, randomUUID, recommendationsApp, testEngines } from './helpers.js'

const dbs = createTestDatabases(t)

// With analytics installed: its view and add-to-cart events feed recommendations (subscribed by
// name), anonymous sessions get personal picks, and placements pin and exclude. One app per engine.
for (const engine of testEngines()) {
  t.test(engine, async (t) => {
    const shop = await recommendationsApp(dbs, t, engine, {}, [[analytics, { rateLimit: { max: 10_000 }, sinkLagSeconds: 0 }]])
    const { app, admin, ctx, buy, product, picks, rebuild } = shop
    const knex = app.comptoir.database.knex
    const ids = (body: { items: Array<{ productId: string }> }): string[] => body.items.map((i) => i.productId)
    const session = (): string => shop.name('sid').slice(0, 60)
    const send = async (sid: string, events: unknown[], headers: Record<string, string> = {}): Promise<void> => {
      const res = await app.inject({ method: 'POST', url: '/store/events', headers: { 'x-session-id': sid, ...headers }, payload: { events } })
      t.equal(res.statusCode, 200, res.body)
      await app.services.analyticsSinks.emitSignals(ctx) // what analytics.ship-to-sinks does every minute
    }
    const view = (productId: string): Record<string, unknown> => ({ eventId: randomUUID(), type: 'product_view', productId })
    const rowsOf = async (sid: string): Promise<Array<{ product_id: string, kind: string, quantity: number, customer_id: string | null }>> =>
      await knex('recommendations_interactions').where({ session_id: sid }).orderBy(['kind', 'product_id']).select('product_id', 'kind', 'quantity', 'customer_id')

    t.test('storefront views and add-to-carts reach recommendations through analytics\' events: one row per session, product and kind, counted', async (t) => {
      const [a, b] = [await product(), await product()]
      const sid = session()
      await send(sid, [view(a.id), view(a.id), view(b.id), { eventId: randomUUID(), type: 'add_to_cart', productId: a.id, quantity: 3 }])
      const rows = await eventually(async () => { const r = await rowsOf(sid); return r.length === 3 ? r : null }, 'the relayed signals')
      t.same(rows, [
        { product_id: a.id, kind: 'cart', quantity: 3, customer_id: null },
        ...[a, b].sort((x, y) => x.id.localeCompare(y.id)).map((p) => ({ product_id: p.id, kind: 'view', quantity: p === a ? 2 : 1, customer_id: null })),
      ].sort((x, y) => x.kind.localeCompare(y.kind) || x.product_id.localeCompare(y.product_id)))
      // A redelivered event (same id) changes nothing; a later batch adds up.
      const event = { id: randomUUID(), name: 'analytics.products.viewed', occurredAt: new Date().toISOString(), payload: { sessionId: sid, customerId: null, items: [{ eventId: randomUUID(), productId: b.id, variantId: null, occurredAt: new Date().toISOString() }] } }
      const handler = recommendations.subscribers!['analytics.products.viewed']!
      await handler(ctx, event, { services: app.services as never })
      await handler(ctx, event, { services: app.services as never })
      t.equal((await rowsOf(sid)).find((r) => r.product_id === b.id && r.kind === 'view')?.quantity, 2)
    })

    t.test('views count in trending at their weight: a product only viewed trends, below one bought', async (t) => {
      const category = await shop.category()
      const [bought, viewed, nothing] = [await product({ categoryIds: [category] }), await product({ categoryIds: [category] }), await product({ categoryIds: [category] })]
      await buy(randomUUID(), [bought.id], 0)
      const sid = session()
      await send(sid, [view(viewed.id), view(viewed.id)])
      await eventually(async () => (await rowsOf(sid)).length === 1 ? true : null, 'the views')
      await rebuild('trending')
      const body = (await picks(`/store/recommendations?kind=trending&categoryId=${category}`)).body
      t.same(ids(body), [bought.id, viewed.id], 'never seen: not trending')
      t.notOk(ids(body).includes(nothing.id))
      t.ok(Math.abs(body.items[1]!.score - 0.2) < 0.01, 'two views at 0.1 each, hardly decayed')
    })

    t.test('an anonymous session gets personal picks from what it viewed (neighbours of the for-you model), privately cached; none without a session', async (t) => {
      const [a, b, c] = [await product(), await product(), await product()]
      for (let i = 0; i < 3; i++) await buy(randomUUID(), [a.id, b.id], 2)
      await buy(randomUUID(), [a.id, c.id], 2)
      await rebuild('for-you', 'trending')
      const sid = session()
      await send(sid, [view(a.id)])
      await eventually(async () => (await rowsOf(sid)).length === 1 ? true : null, 'the view')
      const res = await app.inject({ method: 'GET', url: '/store/recommendations?kind=for-you', headers: { cookie: `comptoir_sid=${sid}` } })
      t.equal(res.statusCode, 200, res.body)
      t.match(res.json(), { kind: 'for-you', source: 'model' })
      t.same(ids(res.json()).slice(0, 2), [b.id, c.id], 'bought with what it viewed, strongest first; the viewed product left out')
      t.notOk(ids(res.json()).includes(a.id))
      t.equal(res.headers['cache-control'], 'private, no-store', 'never a shared cache')
      const fresh = await app.inject({ method: 'GET', url: '/store/recommendations?kind=for-you', headers: { 'x-session-id': session() } })
      t.match(fresh.json(), { source: 'fallback' }, 'no history yet: trending')
      t.equal((await app.inject({ method: 'GET', url: '/store/recommendations?kind=for-you' })).statusCode, 401)
      const trending = await app.inject({ method: 'GET', url: '/store/recommendations?kind=trending', headers: { 'x-session-id': sid } })
      t.match(trending.headers['cache-control'], /^public/, 'trending stays public')
    })

    t.test('anonymous sessions expire after sessionTtlDays; customers\' views and purchases stay', async (t) => {
      const p = await product()
      const [old, recent, signedIn] = [session(), session(), session()]
      const { customerId } = await shop.customer(true)
      const at = (days: number): string => new Date(Date.now() - days * 86_400_000).toISOString()
      await app.services.recommendationsSignals.recordActivity(ctx, { sessionId: old, customerId: null, kind: 'view', items: [{ productId: p.id, occurredAt: at(31) }] })
      await app.services.recommendationsSignals.recordActivity(ctx, { sessionId: recent, customerId: null, kind: 'view', items: [{ productId: p.id, occurredAt: at(29) }] })
      await app.services.recommendationsSignals.recordActivity(ctx, { sessionId: signedIn, customerId, kind: 'cart', items: [{ productId: p.id, occurredAt: at(31) }] })
      const orderId = await buy(randomUUID(), [p.id], 400)
      const expired = await app.services.recommendationsSignals.expire(ctx)
      t.ok(expired.sessions >= 1)
      t.same(await rowsOf(old), [])
      t.equal((await rowsOf(recent)).length, 1)
      t.equal((await rowsOf(signedIn)).length, 1)
      t.ok(await knex('recommendations_interactions').where({ order_id: orderId }).first('id'), 'purchases are not the expiry\'s business')
    })

    t.test('GDPR erase removes the customer\'s views and those of sessions that carried their id', async (t) => {
      const p = await product()
      const { customerId, headers } = await shop.customer(true)
      await app.services.customersConsents.record(ctx, customerId, [{ purpose: 'analytics', granted: true }], 'storefront')
      const sid = session()
      await send(sid, [view(p.id)])
      await send(sid, [{ eventId: randomUUID(), type: 'add_to_cart', productId: p.id, quantity: 1 }], headers)
      await eventually(async () => (await rowsOf(sid)).length === 2 ? true : null, 'both signals')
      t.equal((await rowsOf(sid)).find((r) => r.kind === 'cart')?.customer_id, customerId)
      await recommendations.personalData!.erase(ctx, customerId, randomUUID())
      t.same(await rowsOf(sid), [], 'the anonymous view of their session too')
    })

    t.test('placements: pins first in order (pinned: true), exclusions never, in that placement only; the product is never pinned to itself', async (t) => {
      const category = await shop.category()
      const [x, y, z, pin1, pin2, draft] = await Promise.all([0, 1, 2, 3, 4, 5].map(async (i) => await product({ categoryIds: [category], status: i === 5 ? 'draft' : 'published' })))
      for (let i = 0; i < 3; i++) await buy(randomUUID(), [x!.id, y!.id, z!.id], 1)
      await buy(randomUUID(), [x!.id, z!.id], 1)
      await rebuild('bought-together')
      const put = await app.inject({ method: 'PUT', url: '/admin/recommendations/placements/product-page', headers: admin, payload: { pins: [pin2!.id, draft!.id, x!.id, pin1!.id], exclusions: [z!.id] } })
      t.equal(put.statusCode, 200, put.body)
      t.match(put.json(), { placement: 'product-page', pins: [pin2!.id, draft!.id, x!.id, pin1!.id], exclusions: [z!.id] })
      const url = `/store/products/${x!.handle}/recommendations?kind=bought-together`
      const placed = (await picks(`${url}&placement=product-page`)).body
      t.same(ids(placed), [pin2!.id, pin1!.id, y!.id], 'pins (minus the draft and the product itself), then the model minus the excluded')
      t.same(placed.items.map((i) => i.pinned), [true, true, false])
      t.same(ids((await picks(url)).body), [z!.id, y!.id], 'elsewhere the model as is')
      t.same(ids((await picks(`${url}&placement=product-page&limit=1`)).body), [pin2!.id])
      t.same(ids((await picks(`${url}&placement=cart`)).body), [z!.id, y!.id], 'a placement never set: no rules')
      // The admin views: one placement, the list, clearing.
      t.match((await app.inject({ method: 'GET', url: '/admin/recommendations/placements/product-page', headers: admin })).json(), { pins: [pin2!.id, draft!.id, x!.id, pin1!.id] })
      t.match((await app.inject({ method: 'GET', url: '/admin/recommendations/placements', headers: admin })).json(), { items: [{ id: 'product-page', placement: 'product-page' }], nextCursor: null })
      t.same((await app.inject({ method: 'GET', url: '/admin/recommendations/placements/home', headers: admin })).json(), { id: 'home', placement: 'home', pins: [], exclusions: [], updatedAt: null })
      const cleared = await app.inject({ method: 'PUT', url: '/admin/recommendations/placements/product-page', headers: admin, payload: {} })
      t.match(cleared.json(), { pins: [], exclusions: [] })
      t.same(ids((await picks(`${url}&placement=product-page`)).body), [z!.id, y!.id])
    })

    t.test('placements: pinning and excluding one product is a 422; a bad key or body a 400; writes need recommendations:write', async (t) => {
      const p = randomUUID()
      const both = await app.inject({ method: 'PUT', url: '/admin/recommendations/placements/home', headers: admin, payload: { pins: [p], exclusions: [p] } })
      t.equal(both.statusCode, 422)
      t.match(both.json(), { code: 'RECOMMENDATIONS_PLACEMENT_CONFLICT', productIds: [p] })
      t.same((await app.inject({ method: 'GET', url: '/admin/recommendations/placements/home', headers: admin })).json().pins, [], 'nothing changed')
      t.equal((await app.inject({ method: 'PUT', url: '/admin/recommendations/placements/Not_A_Key', headers: admin, payload: {} })).statusCode, 400)
      t.equal((await app.inject({ method: 'PUT', url: '/admin/recommendations/placements/home', headers: admin, payload: { pins: ['x'] } })).statusCode, 400)
      t.equal((await app.inject({ method: 'GET', url: '/store/recommendations?kind=trending&placement=Bad!' })).statusCode, 400)
      t.equal((await app.inject({ method: 'PUT', url: '/admin/recommendations/placements/home', payload: {} })).statusCode, 401)
      const { secret } = await app.services.auth.createApiKey(ctx, { name: 'reader', roles: [] })
      t.equal((await app.inject({ method: 'PUT', url: '/admin/recommendations/placements/home', headers: { authorization: `Bearer ${secret}` }, payload: {} })).statusCode, 403)
    })
  })
}
