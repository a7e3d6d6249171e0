import t from 'tap'
import { createTestDatabases } from '@comptoir/core/testing'
import recommendations from '../src/index.js'
import { eventually, randomUUID, recommendationsApp, testEngines } from './helpers.js'

const dbs = createTestDatabases(t)

// One app per engine; every subtest makes its own products and customers. Models are rebuilt over
// the whole database, so each assertion reads only its own products (or its own category).
for (const engine of testEngines()) {
  t.test(engine, async (t) => {
    const shop = await recommendationsApp(dbs, t, engine)
    const { app, admin, ctx, buy, product, picks, rebuild } = shop
    const knex = app.comptoir.database.knex
    const ids = (body: { items: Array<{ productId: string }> }): string[] => body.items.map((i) => i.productId)

    // First: it holds out the last order of every customer with two orders, so no other subtest's customers may have two yet.
    t.test('offline evaluation: on a known split, for-you and bought-together find the held-out product and popularity does not', async (t) => {
      const [a, b, z] = [await product(), await product(), await product()]
      for (let i = 0; i < 4; i++) {
        const customerId = randomUUID()
        await buy(customerId, [a.id], 5)
        await buy(customerId, [b.id], 1) // held out
      }
      for (let i = 0; i < 3; i++) await buy(randomUUID(), [a.id, b.id], 3)
      for (let i = 0; i < 10; i++) await buy(randomUUID(), [z.id], 3)
      const res = await app.inject({ method: 'POST', url: '/admin/recommendations/evaluations', headers: admin, payload: { k: 1 } })
      t.equal(res.statusCode, 200, res.body)
      t.same(res.json(), {
        k: 1, customers: 4,
        models: { popularity: { hitRate: 0, precision: 0, recall: 0 }, boughtTogether: { hitRate: 1, precision: 1, recall: 1 }, forYou: { hitRate: 1, precision: 1, recall: 1 } },
      })
    })

    t.test('a real checkout becomes a purchase signal through orders.order.placed; cancelling the order takes it back', async (t) => {
      const handle = shop.name('real')
      const created = await app.services.catalog.create(ctx, {
        title: 'Mug', handle, status: 'published', variants: [{ sku: handle.toUpperCase(), prices: [{ currency: 'EUR', amount: 1250 }] }],
      })
      const variantId = created.variants[0]!.id
      const locationId = (await app.services.inventoryLocations.create(ctx, { name: handle, priority: 1 })).id
      const { level } = await app.services.inventoryLevels.create(ctx, { variantId, locationId })
      await app.services.inventoryLevels.receive(ctx, level.id, { quantity: 10 })
      const ok = async (method: 'POST' | 'PATCH' | 'PUT', url: string, payload: unknown, headers: Record<string, string> = admin): Promise<Record<string, unknown>> => {
        const res = await app.inject({ method, url, headers, payload: payload as Record<string, unknown> })
        if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
        return res.json()
      }
      const zone = await ok('POST', '/admin/shipping-zones', { name: handle, countries: ['FR'] })
      const option = await ok('POST', '/admin/shipping-options', { zoneId: zone.id, name: 'Colissimo', currency: 'EUR', rateType: 'flat', flatAmount: 500 })
      const cart = await ok('POST', '/store/carts', { currency: 'EUR', email: `${handle}@example.com` }, {}) as { cart: { id: string }, cartToken: string }
      const cartHeaders = { 'x-cart-token': cart.cartToken }
      await ok('POST', `/store/carts/${cart.cart.id}/lines`, { variantId, quantity: 2 }, cartHeaders)
      await ok('PATCH', `/store/carts/${cart.cart.id}`, { shippingAddress: { firstName: 'Ada', lastName: 'Lovelace', line1: '1 rue de la Paix', city: 'Paris', postalCode: '75002', country: 'FR' } }, cartHeaders)
      await ok('PUT', `/store/carts/${cart.cart.id}/shipping-option`, { shippingOptionId: option.id }, cartHeaders)
      const placed = await ok('POST', `/store/carts/${cart.cart.id}/complete`, { payment: { provider: 'manual' } }, { ...cartHeaders, 'idempotency-key': shop.name('k') }) as { order?: { id: string }, id?: string }
      const orderId = placed.order?.id ?? placed.id
      // The relay delivers orders.order.placed after the commit.
      const row = await eventually(async () => await knex('recommendations_interactions').where({ order_id: orderId }).first('product_id', 'quantity', 'kind') as { product_id: string, quantity: number, kind: string } | undefined, 'the purchase signal')
      t.same(row, { product_id: created.id, quantity: 2, kind: 'purchase' })
      await app.services.orders.cancel(ctx, orderId!, 'changed mind')
      await eventually(async () => await knex('recommendations_interactions').where({ order_id: orderId }).first('id') == null ? true : null, 'the signal removed')
    })

    t.test('bought together: cosine over orders, pairs under the minimum support left out', async (t) => {
      const [a, b, c] = [await product(), await product(), await product()]
      for (let i = 0; i < 3; i++) await buy(null, [a.id, b.id], 2)
      await buy(null, [a.id, c.id], 2) // support 1 < minSupport 2
      await rebuild('bought-together')
      const { status, body } = await picks(`/store/products/${a.handle}/recommendations?kind=bought-together`)
      t.equal(status, 200)
      t.equal(body.source, 'model')
      t.same(ids(body), [b.id])
      t.ok(Math.abs(body.items[0]!.score - 3 / Math.sqrt(4 * 3)) < 1e-9, 'co / sqrt(n_a n_b) with equal decay')
      t.match(body.items[0], { handle: b.handle, price: { amount: 2000, currency: 'EUR' } })
      const row = await knex('recommendations_bought_together').where({ product_id: a.id, related_id: b.id }).first('support') as { support: number }
      t.equal(row.support, 3)
    })

    t.test('older orders weigh less: a pair bought long ago scores below one bought this week', async (t) => {
      const [a, recent, old] = [await product(), await product(), await product()]
      for (let i = 0; i < 2; i++) await buy(null, [a.id, recent.id], 1)
      for (let i = 0; i < 2; i++) await buy(null, [a.id, old.id], 200)
      await rebuild('bought-together')
      t.same(ids((await picks(`/store/products/${a.handle}/recommendations`)).body), [recent.id, old.id])
    })

    t.test('a cancelled order removes its signal: under the minimum support, bought-together falls back to similar', async (t) => {
      const category = await shop.category()
      const [x, y] = [await product({ categoryIds: [category] }), await product({ categoryIds: [category] })]
      const orderId = await buy(null, [x.id, y.id])
      await buy(null, [x.id, y.id])
      await rebuild('bought-together', 'similar')
      t.same(ids((await picks(`/store/products/${x.handle}/recommendations`)).body), [y.id])
      const cancelled = { id: randomUUID(), name: 'orders.order.cancelled', payload: { orderId, number: '#1', customerId: null, reason: null }, occurredAt: new Date().toISOString() }
      await recommendations.subscribers!['orders.order.cancelled']!(ctx, cancelled, { services: app.services as never })
      t.equal(await knex('recommendations_interactions').where({ order_id: orderId }).first('id'), undefined)
      await rebuild('bought-together')
      const { body } = await picks(`/store/products/${x.handle}/recommendations`)
      t.equal(body.source, 'fallback')
      t.same(ids(body), [y.id], 'the same category, from similar')
    })

    t.test('unpublished, archived and unpriced products are never served, before any rebuild; a draft product is a 404', async (t) => {
      const [p, q, r, s, unpriced] = [await product(), await product(), await product(), await product(), await product({ amount: null })]
      for (let i = 0; i < 2; i++) await buy(null, [p.id, q.id, r.id, s.id, unpriced.id])
      await rebuild('bought-together')
      t.same(ids((await picks(`/store/products/${p.handle}/recommendations`)).body).sort(), [q.id, r.id, s.id].sort())
      await app.services.catalog.unpublish(ctx, q.id)
      await app.services.catalog.archive(ctx, r.id)
      // The catalog's events re-project the products; no model rebuild is needed.
      await eventually(async () => {
        const served = ids((await picks(`/store/products/${p.handle}/recommendations`)).body)
        return served.length === 1 && served[0] === s.id ? true : null
      }, 'q and r dropped')
      const draft = await picks(`/store/products/${q.handle}/recommendations`)
      t.equal(draft.status, 404)
      t.equal(draft.body.code, 'RECOMMENDATIONS_PRODUCT_NOT_FOUND')
      t.equal((await picks(`/store/products/${shop.name('nothing')}/recommendations`)).status, 404)
    })

    t.test('with inventory, a product out of stock is not served; restocked, it is again', async (t) => {
      const [p, q] = [await product(), await product()]
      for (let i = 0; i < 2; i++) await buy(null, [p.id, q.id])
      await rebuild('bought-together')
      t.same(ids((await picks(`/store/products/${p.handle}/recommendations`)).body), [q.id], 'no stock level: counts as in stock')
      const variantId = (await app.services.catalog.get(ctx, q.id)).variants[0]!.id
      const locationId = (await app.services.inventoryLocations.create(ctx, { name: shop.name('loc'), priority: 1 })).id
      const { level } = await app.services.inventoryLevels.create(ctx, { variantId, locationId })
      await app.services.recommendationsSignals.syncProducts(ctx, [q.id])
      t.notOk(ids((await picks(`/store/products/${p.handle}/recommendations`)).body).includes(q.id), 'out of stock')
      await app.services.inventoryLevels.receive(ctx, level.id, { quantity: 50 })
      await eventually(async () => ids((await picks(`/store/products/${p.handle}/recommendations`)).body).includes(q.id) ? true : null, 'restocked: served again')
    })

    t.test('a product the merchant excludes is never served, at once; including it again brings it back', async (t) => {
      const [p, q, r] = [await product(), await product(), await product()]
      for (let i = 0; i < 2; i++) await buy(null, [p.id, q.id, r.id])
      await rebuild('bought-together')
      const excluded = await app.inject({ method: 'PUT', url: `/admin/recommendations/exclusions/${q.id}`, headers: admin, payload: { reason: 'discontinued soon' } })
      t.equal(excluded.statusCode, 200, excluded.body)
      t.match(excluded.json(), { productId: q.id, reason: 'discontinued soon' })
      t.same(ids((await picks(`/store/products/${p.handle}/recommendations`)).body), [r.id])
      const listed = await app.inject({ method: 'GET', url: '/admin/recommendations/exclusions?limit=100', headers: admin })
      t.ok(listed.json<{ items: Array<{ productId: string }> }>().items.some((e) => e.productId === q.id))
      t.equal((await app.inject({ method: 'DELETE', url: `/admin/recommendations/exclusions/${q.id}`, headers: admin })).statusCode, 204)
      t.same(ids((await picks(`/store/products/${p.handle}/recommendations`)).body).sort(), [q.id, r.id].sort())
    })

    t.test('similar products rank by shared attributes: category, tags, type and vendor beat category alone; nothing shared is never similar', async (t) => {
      const category = await shop.category()
      const [tag1, tag2, type, vendor] = [shop.name('tag'), shop.name('tag'), shop.name('type'), shop.name('vendor')]
      const base = await product({ categoryIds: [category], tags: [tag1, tag2], productType: type, vendor })
      const close = await product({ categoryIds: [category], tags: [tag1, tag2], productType: type, vendor })
      const some = await product({ categoryIds: [category], tags: [tag1] })
      const far = await product({ categoryIds: [category] })
      const unrelated = await product({ tags: [shop.name('tag')], amount: 987_654 })
      await rebuild('similar')
      const { body } = await picks(`/store/products/${base.handle}/recommendations?kind=similar&limit=50`)
      const served = ids(body)
      t.same(served.filter((id) => [close.id, some.id, far.id, unrelated.id].includes(id)), [close.id, some.id, far.id])
      t.notOk(served.includes(base.id), 'never itself')
      // Nothing similar (shares no category, tag, type or vendor): trending in its category, here store-wide.
      for (let i = 0; i < 5; i++) await buy(null, [far.id], 0.01)
      await rebuild('trending')
      const lone = (await picks(`/store/products/${unrelated.handle}/recommendations?kind=similar&limit=50`)).body
      t.equal(lone.source, 'fallback')
      t.ok(ids(lone).includes(far.id) && !ids(lone).includes(unrelated.id), 'trending, never itself')
    })

    t.test('trending per category: decayed counts inside the window, purchases older than the window left out', async (t) => {
      const category = await shop.category()
      const [t1, t2, t3] = [await product({ categoryIds: [category] }), await product({ categoryIds: [category] }), await product({ categoryIds: [category] })]
      for (let i = 0; i < 3; i++) await buy(null, [t1.id], 10)
      for (let i = 0; i < 2; i++) await buy(null, [t2.id], 0.01)
      for (let i = 0; i < 5; i++) await buy(null, [t3.id], 20) // outside the 14-day window
      await rebuild('trending')
      const { status, body } = await picks(`/store/recommendations?kind=trending&categoryId=${category}`)
      t.equal(status, 200)
      t.same(ids(body), [t2.id, t1.id])
      t.ok(Math.abs(body.items[1]!.score - 3 * 2 ** (-10 / 3)) < 1e-3, 'halves every 3 days')
    })

    t.test('for you: item-based CF from the customer\'s purchases, minus what they bought; consent off or cold start fall back to trending', async (t) => {
      const [a, b, c] = [await product(), await product(), await product()]
      for (let i = 0; i < 2; i++) await buy(randomUUID(), [a.id, b.id], 2)
      await buy(randomUUID(), [a.id, c.id], 2)
      const withConsent = await shop.customer(true)
      await buy(withConsent.customerId, [a.id], 1)
      const without = await shop.customer(false)
      await buy(without.customerId, [a.id], 1)
      const cold = await shop.customer(true)
      await rebuild('for-you', 'trending')
      const mine = await picks('/store/recommendations?kind=for-you', withConsent.headers)
      t.equal(mine.status, 200)
      t.match(mine.body, { kind: 'for-you', source: 'model' })
      t.same(ids(mine.body), [b.id, c.id])
      const noConsent = await picks('/store/recommendations?kind=for-you', without.headers)
      t.equal(noConsent.body.source, 'fallback', 'no profiling consent: no personal picks')
      t.notOk(ids(noConsent.body).includes(a.id), 'what they bought is not offered again')
      t.equal((await knex('recommendations_for_you').where({ customer_id: without.customerId }).first('product_id')), undefined)
      t.equal((await picks('/store/recommendations?kind=for-you', cold.headers)).body.source, 'fallback')
      const anonymous = await picks('/store/recommendations?kind=for-you')
      t.equal(anonymous.status, 401)
      // Withdrawing consent through customers removes the picks at once.
      await app.services.customersConsents.record(ctx, withConsent.customerId, [{ purpose: 'profiling', granted: false }], 'storefront')
      await eventually(async () => (await picks('/store/recommendations?kind=for-you', withConsent.headers)).body.source === 'fallback' ? true : null, 'consent withdrawn')
    })

    t.test('rebuild now: the route enqueues the job and returns its id; the job rebuilds; status shows the build', async (t) => {
      const before = Date.now()
      const res = await app.inject({ method: 'POST', url: '/admin/recommendations/rebuilds', headers: admin, payload: { models: ['trending', 'similar'] } })
      t.equal(res.statusCode, 202, res.body)
      t.match(res.json(), { jobId: String, models: ['trending', 'similar'] })
      const status = await eventually(async () => {
        const body = (await app.inject({ method: 'GET', url: '/admin/recommendations/models', headers: admin })).json<{ items: Array<{ model: string, builtAt: string | null }> }>()
        const built = body.items.filter((m) => ['trending', 'similar'].includes(m.model) && m.builtAt != null && Date.parse(m.builtAt) >= before - 5)
        return built.length === 2 ? body : null
      }, 'the rebuilt models')
      t.match(status, { signals: { purchases: Number, products: Number } })
      t.ok(await knex('comptoir_outbox').where({ name: 'recommendations.model.rebuilt' }).first('id'), 'the rebuild is announced')
    })

    t.test('the sync-products job re-projects the whole catalog (a store that had products before the plugin)', async (t) => {
      const p = await product({ tags: ['resync'] })
      await knex('recommendations_product_prices').where({ product_id: p.id }).delete()
      await knex('recommendations_products').where({ product_id: p.id }).delete()
      const job = recommendations.jobs!['recommendations.sync-products']!
      const result = await job.handler(ctx, {}, { id: randomUUID(), name: 'recommendations.sync-products', attempt: 1, services: app.services as never, progress: async () => {} }) as { synced: number }
      t.ok(result.synced >= 1)
      t.match(await knex('recommendations_products').where({ product_id: p.id }).first('handle', 'status', 'tags'), { handle: p.handle, status: 'published', tags: ['resync'] })
    })

    t.test('two rebuilds of one model at once take turns and both succeed', async (t) => {
      const [a, b] = [await product(), await product()]
      for (let i = 0; i < 2; i++) await buy(null, [a.id, b.id])
      const builds = await Promise.all([0, 1].map(async () => await app.services.recommendationsModels.rebuild(ctx, 'bought-together')))
      t.equal(builds[0]!.rows, builds[1]!.rows)
      t.same(ids((await picks(`/store/products/${a.handle}/recommendations`)).body), [b.id])
    })

    t.test('admin routes need a credential (401) and the permission (403); bad input is a 400', async (t) => {
      t.equal((await app.inject({ method: 'GET', url: '/admin/recommendations/models' })).statusCode, 401)
      const { secret } = await app.services.auth.createApiKey(ctx, { name: 'no roles', roles: [] })
      const none = { authorization: `Bearer ${secret}` }
      t.equal((await app.inject({ method: 'GET', url: '/admin/recommendations/models', headers: none })).statusCode, 403)
      t.equal((await app.inject({ method: 'POST', url: '/admin/recommendations/rebuilds', headers: none, payload: {} })).statusCode, 403)
      t.equal((await app.inject({ method: 'PUT', url: `/admin/recommendations/exclusions/${randomUUID()}`, headers: none, payload: {} })).statusCode, 403)
      t.equal((await app.inject({ method: 'POST', url: '/admin/recommendations/rebuilds', headers: admin, payload: { models: ['everything'] } })).statusCode, 400)
      t.equal((await app.inject({ method: 'GET', url: '/store/recommendations?kind=trending&categoryId=nope' })).statusCode, 400)
      t.equal((await app.inject({ method: 'GET', url: '/store/products/Bad_Handle/recommendations' })).statusCode, 400)
    })

    t.test('GDPR: export lists the customer\'s interactions and picks; erase leaves nothing tied to them', async (t) => {
      const [a, b] = [await product(), await product()]
      for (let i = 0; i < 2; i++) await buy(randomUUID(), [a.id, b.id], 2)
      const { customerId } = await shop.customer(true)
      const orderId = await buy(customerId, [a.id], 1)
      await rebuild('for-you')
      const exported = await recommendations.personalData!.export(ctx, customerId) as { interactions: unknown[], personalPicks: Array<{ productId: string }>, profilingConsent: boolean }
      t.match(exported, { interactions: [{ productId: a.id, kind: 'purchase', orderId }], profilingConsent: true })
      t.same(exported.personalPicks.map((p) => p.productId), [b.id])
      await recommendations.personalData!.erase(ctx, customerId, randomUUID())
      for (const table of ['recommendations_interactions', 'recommendations_for_you', 'recommendations_consents']) {
        t.equal(await knex(table).where({ customer_id: customerId }).first('customer_id'), undefined, table)
      }
      t.ok(await knex('recommendations_interactions').where({ order_id: orderId }).whereNull('customer_id').first('id'), 'the basket stays, anonymous')
    })
  })
}
