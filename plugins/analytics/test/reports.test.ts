import t from 'tap'
import { createTestDatabases } from '@comptoir/core/testing'
import { analyticsApp, day, eventually, randomUUID, testEngines, uniqueName } from './helpers.js'

const dbs = createTestDatabases(t)

// One app per engine. Rollups are per day for the whole store, so each subtest owns its days
// (hand-made raw rows far enough back) or its currency.
for (const engine of testEngines()) {
  t.test(engine, async (t) => {
    const shop = await analyticsApp(dbs, t, engine, { consentMode: 'anonymous' })
    const { app, admin, ctx } = shop
    const knex = app.comptoir.database.knex
    const at = (days: number, time: string): string => `${day(days)}T${time}Z`
    const raw = async (session: string, rows: Array<Record<string, unknown>>, customerId: string | null = null): Promise<void> => {
      for (const row of rows) await app.services.analyticsPartitions.ensure(ctx, new Date(row.occurred_at as string))
      await knex('analytics_events').insert(rows.map((row) => ({ event_id: randomUUID(), session_id: session, customer_id: customerId, ...row })))
    }
    const rollup = async (from: number, to: number): Promise<void> => { await app.services.analyticsRollups.compute(ctx, { from: day(from), to: day(to) }) }
    const report = async (path: string, query: string): Promise<Record<string, unknown>> => {
      const res = await app.inject({ method: 'GET', url: `/admin/analytics/${path}?${query}`, headers: admin })
      t.equal(res.statusCode, 200, res.body)
      return res.json()
    }
    const placed = async (amount: number, currency: string, occurredAt: string, customerId: string | null = null): Promise<string> => {
      const orderId = randomUUID()
      await shop.deliver('orders.order.placed', { orderId, number: uniqueName('#'), customerId, amount, currency }, { occurredAt })
      return orderId
    }

    t.test('sales: gross, refunds, net and AOV to the cent against the previous period; cancelled orders count nowhere', async (t) => {
      const first = await placed(1000, 'CHF', at(-9, '10:00:00'))
      await placed(2500, 'CHF', at(-9, '11:00:00'))
      await placed(4000, 'CHF', at(-3, '09:00:00'))
      const cancelled = await placed(9999, 'CHF', at(-5, '09:00:00'))
      await placed(7000, 'CHF', at(-12, '09:00:00'))
      const refund = { orderId: first, number: '#r', customerId: null, paymentId: randomUUID(), refundId: randomUUID(), amount: 500, currency: 'CHF' }
      const refundEvent = await shop.deliver('orders.payment.refunded', refund, { occurredAt: at(-3, '12:00:00') })
      await shop.deliver('orders.payment.refunded', refund, { id: refundEvent, occurredAt: at(-3, '12:00:00') })
      await shop.deliver('orders.order.cancelled', { orderId: cancelled, number: '#c', customerId: null, reason: null })
      await rollup(-16, 0)
      const sales = await report('sales', `from=${day(-9)}&to=${day(-3)}`)
      t.same(sales.previous, { from: day(-16), to: day(-10) })
      const chf = (sales.currencies as Array<{ currency: string }>).find((c) => c.currency === 'CHF')
      t.same(chf, {
        currency: 'CHF',
        current: { orders: 3, grossAmount: 7500, refundedAmount: 500, netAmount: 7000, averageOrderAmount: 2500 },
        previous: { orders: 1, grossAmount: 7000, refundedAmount: 0, netAmount: 7000, averageOrderAmount: 7000 },
      })
      const series = (sales.series as Array<{ day: string, currency: string, grossAmount: number, netAmount: number }>).filter((s) => s.currency === 'CHF')
      t.equal(series.length, 7, 'every day of the period, empty ones included')
      t.same(series.filter((s) => s.grossAmount !== 0 || s.netAmount !== 0).map((s) => [s.day, s.grossAmount, s.netAmount]), [[day(-9), 3500, 3500], [day(-3), 4000, 3500]])
      const csv = await app.inject({ method: 'GET', url: `/admin/analytics/sales.csv?from=${day(-9)}&to=${day(-3)}`, headers: admin })
      t.equal(csv.statusCode, 200)
      t.match(csv.headers['content-type'], /^text\/csv/)
      const lines = csv.body.trim().split('\n')
      t.equal(lines[0], 'day,currency,orders,gross_amount,refunded_amount,net_amount')
      t.same(lines.filter((l) => l.includes(',CHF,') && !l.endsWith(',0,0,0,0')), [`${day(-9)},CHF,2,3500,0,3500`, `${day(-3)},CHF,1,4000,500,3500`], 'the CSV has the JSON\'s figures')
    })

    t.test('consentMode anonymous: a customer without analytics consent is stored without their id', async (t) => {
      const { headers } = await shop.customer(false)
      const session = shop.session()
      t.match((await shop.send(session, [{ eventId: randomUUID(), type: 'page_view', path: '/' }], { headers })).body, { accepted: 1, dropped: 0 })
      t.same((await knex('analytics_events').where({ session_id: session }).select('customer_id')).map((r: { customer_id: string | null }) => r.customer_id), [null])
    })

    t.test('a report range: to before from, or over 366 days, is a 422; year 0 is a 400', async (t) => {
      const back = await app.inject({ method: 'GET', url: `/admin/analytics/sales?from=${day(0)}&to=${day(-1)}`, headers: admin })
      t.equal(back.statusCode, 422)
      t.equal(back.json().code, 'ANALYTICS_INVALID_RANGE')
      t.equal((await app.inject({ method: 'GET', url: '/admin/analytics/funnel?from=2020-01-01&to=2023-01-01', headers: admin })).statusCode, 422)
      t.equal((await app.inject({ method: 'GET', url: '/admin/analytics/sales?from=0000-01-01&to=0000-01-02', headers: admin })).statusCode, 400)
    })

    t.test('RBAC: reports need analytics:read (401 without a credential, 403 without the permission)', async (t) => {
      t.equal((await app.inject({ method: 'GET', url: `/admin/analytics/sales?from=${day(-1)}&to=${day(0)}` })).statusCode, 401)
      const role = await app.services.auth.createRole(ctx, { name: uniqueName('nope').slice(0, 40).replaceAll('_', '-'), permissions: ['customers:read'] })
      const { secret } = await app.services.auth.createApiKey(ctx, { name: 'no analytics', roles: [role.name] })
      for (const path of ['sales', 'products', 'funnel', 'searches', 'campaigns', 'traffic']) {
        const res = await app.inject({ method: 'GET', url: `/admin/analytics/${path}?from=${day(-1)}&to=${day(0)}`, headers: { authorization: `Bearer ${secret}` } })
        t.equal(res.statusCode, 403, path)
      }
    })

    t.test('traffic: every answered request counted per day, route pattern and status class; flushes add up; JSON and CSV', async (t) => {
      const { analyticsTraffic } = app.services
      await analyticsTraffic.flush()
      const find = (body: Record<string, unknown>, method: string, route: string): Record<string, number> | undefined =>
        (body.routes as Array<Record<string, unknown>>).find((r) => r.method === method && r.route === route) as Record<string, number> | undefined
      const before = await report('traffic', `from=${day(0)}&to=${day(0)}&limit=100`)
      const base = { product: find(before, 'GET', '/store/products/:handle')?.requests ?? 0, unmatched: find(before, 'GET', '(unmatched)')?.clientErrors ?? 0 }
      // 1. two product reads (404: no such handle) and an unmatched path, flushed; 2. one more product read, flushed again
      for (let i = 0; i < 2; i++) t.equal((await app.inject({ method: 'GET', url: `/store/products/${uniqueName('none').toLowerCase().replace(/[^a-z0-9]+/g, '-')}` })).statusCode, 404)
      t.equal((await app.inject({ method: 'GET', url: '/no/such/path' })).statusCode, 404)
      t.ok(await analyticsTraffic.flush() >= 2, 'rows written')
      await app.inject({ method: 'GET', url: '/store/products/still-none' })
      await analyticsTraffic.flush()
      const after = await report('traffic', `from=${day(0)}&to=${day(0)}&limit=100`)
      const product = find(after, 'GET', '/store/products/:handle')!
      t.equal(product.requests - base.product, 3, 'two flushes of one key add up')
      t.equal(find(after, 'GET', '(unmatched)')!.clientErrors - base.unmatched, 1)
      t.ok(product.p99Ms >= product.p50Ms && product.maxMs >= product.averageMs && product.averageMs > 0, 'latency figures are consistent')
      t.match(after, { period: { from: day(0), to: day(0) }, series: [{ day: day(0) }] })
      t.ok((after.totals as Record<string, number>).requests >= 4)
      const csv = await app.inject({ method: 'GET', url: `/admin/analytics/traffic.csv?from=${day(0)}&to=${day(0)}&limit=100`, headers: admin })
      t.equal(csv.statusCode, 200)
      t.match(csv.body, /^method,route,requests,client_errors,server_errors,average_ms,p50_ms,p95_ms,p99_ms,max_ms\n/)
      t.match(csv.body, /\nGET,\/store\/products\/:handle,\d+,\d+,0,/)
    })

    t.test('funnel: distinct sessions per step; a purchase is a completed checkout of an order the server recorded', async (t) => {
      const orderId = await placed(3000, 'NOK', at(-40, '10:30:00'))
      const fake = randomUUID() // a checkout_completed naming an order that was never placed counts as no purchase
      const events = (...types: string[]): Array<Record<string, unknown>> => types.map((type, i) => ({
        type, occurred_at: at(-40, `10:0${i}:00`), ...(type === 'checkout_completed' ? { order_id: orderId } : {}),
        ...(type === 'product_view' || type === 'add_to_cart' ? { product_id: randomUUID() } : {}),
      }))
      await raw(shop.session(), events('page_view', 'product_view', 'add_to_cart', 'checkout_started', 'checkout_completed'))
      await raw(shop.session(), [...events('page_view', 'product_view', 'add_to_cart', 'checkout_started'), { type: 'checkout_completed', order_id: fake, occurred_at: at(-40, '11:00:00') }])
      await raw(shop.session(), events('page_view', 'product_view'))
      await raw(shop.session(), events('page_view'))
      await rollup(-40, -40)
      const funnel = await report('funnel', `from=${day(-40)}&to=${day(-40)}`)
      t.same(funnel.current, { sessions: 4, productViews: 3, addToCarts: 2, checkouts: 2, purchases: 1, conversionRate: 0.25 })
      t.same(funnel.previous, { from: day(-41), to: day(-41) })
    })

    t.test('searches: top terms case-folded with click-through; zero-result terms listed', async (t) => {
      const s1 = shop.session()
      const s2 = shop.session()
      await raw(s1, [
        { type: 'search', search_query: 'Mug', result_count: 4, occurred_at: at(-45, '09:00:00') },
        { type: 'product_view', search_query: 'mug', product_id: randomUUID(), occurred_at: at(-45, '09:01:00') },
        { type: 'search', search_query: 'mugz', result_count: 0, occurred_at: at(-45, '09:02:00') },
      ])
      await raw(s2, [
        { type: 'search', search_query: 'mug ', result_count: 4, occurred_at: at(-45, '10:00:00') },
        { type: 'search', search_query: 'mug', result_count: 4, occurred_at: at(-45, '10:05:00') },
        { type: 'search', search_query: 'mugz', result_count: 0, occurred_at: at(-45, '10:06:00') },
      ])
      await rollup(-45, -45)
      const searches = await report('searches', `from=${day(-45)}&to=${day(-45)}`)
      t.same(searches.top, [
        { query: 'mug', searches: 3, sessions: 2, zeroResultSearches: 0, clicks: 1, clickThroughRate: 0.3333 },
        { query: 'mugz', searches: 2, sessions: 2, zeroResultSearches: 2, clicks: 0, clickThroughRate: 0 },
      ])
      t.same(searches.zeroResult, [{ query: 'mugz', searches: 2 }])
    })

    t.test('campaigns: first and last touch of the checkout session, or of the signed-in customer, within 30 days', async (t) => {
      const session = shop.session()
      const landing = (utm: Record<string, string>, time: string, days = -50): Record<string, unknown> => ({ type: 'campaign_landing', occurred_at: at(days, time), ...utm })
      const linked = await placed(5000, 'SEK', at(-50, '13:00:00'))
      await raw(session, [
        landing({ utm_source: 'Google', utm_medium: 'cpc', utm_campaign: 'spring' }, '10:00:00'),
        landing({ utm_source: 'newsletter', utm_medium: 'email', utm_campaign: 'promo' }, '12:00:00'),
        { type: 'checkout_completed', order_id: linked, occurred_at: at(-50, '13:00:00') },
      ])
      const { customerId } = await shop.customer(true)
      await raw(shop.session(), [landing({ utm_source: 'facebook', utm_medium: 'social', utm_campaign: 'winter' }, '09:00:00')], customerId)
      await raw(shop.session(), [landing({ referrer: 'https://blog.example.org/post?id=1' } as Record<string, string>, '09:30:00')])
      await placed(3000, 'SEK', at(-50, '14:00:00'), customerId)
      await rollup(-50, -50)
      const items = async (model: string): Promise<unknown> => ((await report('campaigns', `from=${day(-50)}&to=${day(-50)}&model=${model}`)).items as Array<Record<string, unknown>>)
        .map((i) => [i.source, i.medium, i.campaign, i.sessions, i.orders, i.revenue])
      t.same(await items('first'), [
        ['facebook', 'social', 'winter', 1, 1, [{ currency: 'SEK', amount: 3000 }]],
        ['google', 'cpc', 'spring', 1, 1, [{ currency: 'SEK', amount: 5000 }]],
        ['blog.example.org', 'referral', '(none)', 1, 0, []],
        ['newsletter', 'email', 'promo', 1, 0, []],
      ])
      t.same(await items('last'), [
        ['facebook', 'social', 'winter', 1, 1, [{ currency: 'SEK', amount: 3000 }]],
        ['newsletter', 'email', 'promo', 1, 1, [{ currency: 'SEK', amount: 5000 }]],
        ['blog.example.org', 'referral', '(none)', 1, 0, []],
        ['google', 'cpc', 'spring', 1, 0, []],
      ])
      const csv = await app.inject({ method: 'GET', url: `/admin/analytics/campaigns.csv?from=${day(-50)}&to=${day(-50)}&model=last`, headers: admin })
      t.ok(csv.body.split('\n').includes('last,newsletter,email,promo,1,1,SEK,5000,1'), csv.body)
      const sales = await report('sales', `from=${day(-50)}&to=${day(-50)}`)
      t.same(sales.channels, [{ channel: 'email', currency: 'SEK', orders: 1, grossAmount: 5000 }, { channel: 'social', currency: 'SEK', orders: 1, grossAmount: 3000 }], 'the channel is the last touch\'s medium')
    })

    t.test('products and categories from a real checkout: units and line revenue per category; views and view-to-order conversion', async (t) => {
      const handle = uniqueName('mugs').replaceAll('_', '-')
      const category = await app.services.catalogCategories.create(ctx, { name: handle, handle })
      const product = await app.services.catalog.create(ctx, {
        title: 'Mug', handle: `${handle}-mug`, status: 'published', categoryIds: [category.id], options: [{ name: 'Size', values: ['M'] }],
        variants: [{ sku: handle.toUpperCase(), options: { Size: 'M' }, prices: [{ currency: 'EUR', amount: 1250 }] }],
      })
      const variantId = product.variants[0]!.id
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
      const created = await ok('POST', '/store/carts', { currency: 'EUR', email: `${handle}@example.com` }, {}) as { cart: { id: string }, cartToken: string }
      const cartHeaders = { 'x-cart-token': created.cartToken }
      const cartId = created.cart.id
      await ok('POST', `/store/carts/${cartId}/lines`, { variantId, quantity: 3 }, cartHeaders)
      await ok('PATCH', `/store/carts/${cartId}`, { shippingAddress: { firstName: 'Ada', lastName: 'Lovelace', line1: '1 rue de la Paix', city: 'Paris', postalCode: '75002', country: 'FR' } }, cartHeaders)
      await ok('PUT', `/store/carts/${cartId}/shipping-option`, { shippingOptionId: option.id }, cartHeaders)
      const order = await ok('POST', `/store/carts/${cartId}/complete`, { payment: { provider: 'manual' } }, { ...cartHeaders, 'idempotency-key': uniqueName('k') }) as { order?: { id: string }, id?: string }
      const orderId = order.order?.id ?? order.id
      // The relay delivers orders.order.placed after the commit.
      await eventually(async () => await knex('analytics_order_lines').where({ order_id: orderId }).first('order_id') as unknown, 'the projected order')
      const session = shop.session()
      await shop.send(session, [{ eventId: randomUUID(), type: 'product_view', productId: product.id }, { eventId: randomUUID(), type: 'add_to_cart', productId: product.id, quantity: 3 }])
      await shop.send(shop.session(), [{ eventId: randomUUID(), type: 'product_view', productId: product.id }])
      await rollup(-1, 0)
      const report1 = await report('products', `from=${day(-1)}&to=${day(0)}&limit=100`)
      t.same((report1.products as Array<{ productId: string }>).find((p) => p.productId === product.id),
        { productId: product.id, views: 2, viewingSessions: 2, addToCarts: 1, orders: 1, units: 3, conversionRate: 0.5 })
      t.same((report1.categories as Array<{ categoryId: string }>).find((c) => c.categoryId === category.id),
        { categoryId: category.id, currency: 'EUR', orders: 1, units: 3, revenueAmount: 3750 })
    })
  })
}
