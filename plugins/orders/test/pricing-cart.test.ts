import t from 'tap'
import { randomUUID } from 'node:crypto'
import { createTestDatabases, testEngines } from '@comptoir/core/testing'
import { inTransaction, type JobInfo } from '@comptoir/core'
import { cartJobs, seedPricing } from '../src/carts/index.js'
import { address, cartsApp, type CartsTestApp } from './helpers-carts.js'

const dbs = createTestDatabases(t)

for (const engine of testEngines()) {
  t.test(engine, async (t) => {
    // One app per engine for the whole file: every test makes its own carts and products.
    const s: CartsTestApp = await cartsApp(dbs, t, engine, { maxLineQuantity: 10, maxLines: 3 })
    const knex = s.app.comptoir.database.knex
    const { call, admin } = s

    // First: the seed checks an empty store (it skips when zones exist).
    t.test('the demo seed adds zones, options and tax rates once', async (t) => {
      await inTransaction(s.ctx, async (tx) => { await seedPricing(tx, s.app) })
      const zones = (await call('GET', '/admin/shipping-zones', admin)).json().items
      await inTransaction(s.ctx, async (tx) => { await seedPricing(tx, s.app) })
      t.equal((await call('GET', '/admin/shipping-zones', admin)).json().items.length, zones.length, 'a second run adds nothing')
      t.ok(zones.some((z: { name: string, options: unknown[] }) => z.name === 'Europe' && z.options.length === 2))
      t.equal((await call('GET', '/admin/tax-rates?country=FR', admin)).json().items[0].rateBps, 2000)
    })

    t.test('shipping options follow the address zone and currency; tax follows country and region', async (t) => {
      const zone = (await call('POST', '/admin/shipping-zones', s.admin, { name: `Zone ${Math.random()}`, countries: ['CH', 'LI'] })).json()
      const standard = (await call('POST', '/admin/shipping-options', s.admin, { zoneId: zone.id, name: 'Standard', currency: 'EUR', rateType: 'flat', flatAmount: 500, freeOverAmount: 5000 })).json()
      await call('POST', '/admin/shipping-options', s.admin, { zoneId: zone.id, name: 'Dollar', currency: 'USD', rateType: 'flat', flatAmount: 500 })
      const heavy = (await call('POST', '/admin/shipping-options', s.admin, { zoneId: zone.id, name: 'Light only', currency: 'EUR', rateType: 'weight', weightRates: [{ upToGrams: 1000, amount: 300 }], position: 1 })).json()
      await call('POST', '/admin/tax-rates', s.admin, { country: 'CH', name: 'MWST', rateBps: 2000 })
      await call('POST', '/admin/tax-rates', s.admin, { country: 'CH', region: 'Ticino', name: 'MWST Ticino', rateBps: 1000 })
      const { variantIds: [a] } = await s.product([{ prices: { EUR: 2000 }, weightGrams: 600 }])
      const g = await s.guest()
      await call('POST', `/store/carts/${g.cartId}/lines`, g.headers, { variantId: a, quantity: 2 })
      t.same((await call('GET', `/store/carts/${g.cartId}/shipping-options`, g.headers)).json().items, [], 'no address, no options')
      let res = await call('PUT', `/store/carts/${g.cartId}/shipping-option`, g.headers, { shippingOptionId: standard.id })
      t.match(res.json(), { status: 409, code: 'ORDERS_SHIPPING_OPTION_UNAVAILABLE', reason: 'no_shipping_address' })
      await call('PATCH', `/store/carts/${g.cartId}`, g.headers, { shippingAddress: address('CH') })
      const options = (await call('GET', `/store/carts/${g.cartId}/shipping-options`, g.headers)).json().items
      t.same(options.map((o: { name: string, amount: number }) => [o.name, o.amount]), [['Standard', 500]], 'EUR only, and 1.2 kg is too heavy for the light option')
      t.equal(options[0].taxAmount, 100)
      res = await call('PUT', `/store/carts/${g.cartId}/shipping-option`, g.headers, { shippingOptionId: heavy.id })
      t.match(res.json(), { code: 'ORDERS_SHIPPING_OPTION_UNAVAILABLE', reason: 'too_heavy' })
      res = await call('PUT', `/store/carts/${g.cartId}/shipping-option`, g.headers, { shippingOptionId: standard.id })
      t.match(res.json(), { shippingOption: { id: standard.id, amount: 500, taxAmount: 100 }, taxRateBps: 2000, totals: { subtotal: 4000, shipping: 500, tax: 900, total: 5400 } })
      res = await call('PATCH', `/store/carts/${g.cartId}`, g.headers, { shippingAddress: address('CH', 'ticino') })
      t.match(res.json(), { taxRateBps: 1000, totals: { tax: 450, total: 4950 } }, 'a region rate wins, matched case-insensitively')
      await call('PATCH', `/store/carts/${g.cartId}/lines/${res.json().lines[0].id}`, g.headers, { quantity: 3 })
      res = await call('GET', `/store/carts/${g.cartId}`, g.headers)
      t.match(res.json(), { totals: { subtotal: 6000, shipping: 0 }, shippingOption: { amount: 0 } }, 'free over 50 EUR')
      res = await call('PATCH', `/store/carts/${g.cartId}`, g.headers, { shippingAddress: address('NO') })
      t.match(res.json(), { shippingOption: null, taxRateBps: 0, totals: { shipping: 0, tax: 0 } }, 'an option outside the new address zone no longer applies')
      res = await call('PUT', `/store/carts/${g.cartId}/shipping-option`, g.headers, { shippingOptionId: null })
      t.equal((await knex('orders_carts').where({ id: g.cartId }).first()).shipping_option_id, null)
    })
    t.test('a registered shipping option provider is offered, priced and selected like an own option; an option no longer offered clears', async (t) => {
      const offered = { id: randomUUID(), zoneId: randomUUID(), name: 'Carrier Express', currency: 'EUR', rateType: 'flat' as const, flatAmount: 900,
        weightRates: null, freeOverAmount: null, active: true, position: 0, createdAt: new Date().toISOString(), updatedAt: new Date().toISOString() }
      let live = true
      s.app.services.ordersShippingProviders.register({
        id: 'test-carriers',
        async optionsFor (_ctx, query) { return live && query.country === 'IS' && query.currency === 'EUR' ? [offered] : [] },
      })
      t.throws(() => { s.app.services.ordersShippingProviders.register({ id: 'test-carriers', async optionsFor () { return [] } }) }, /already registered/)
      const { variantIds: [a] } = await s.product([{ prices: { EUR: 2000 } }])
      const g = await s.guest()
      await call('POST', `/store/carts/${g.cartId}/lines`, g.headers, { variantId: a, quantity: 1 })
      await call('PATCH', `/store/carts/${g.cartId}`, g.headers, { shippingAddress: address('IS') })
      t.same((await call('GET', `/store/carts/${g.cartId}/shipping-options`, g.headers)).json().items.map((o: { id: string, amount: number }) => [o.id, o.amount]), [[offered.id, 900]])
      let res = await call('PUT', `/store/carts/${g.cartId}/shipping-option`, g.headers, { shippingOptionId: offered.id })
      t.match(res.json(), { shippingOption: { id: offered.id, name: 'Carrier Express', amount: 900 }, totals: { subtotal: 2000, shipping: 900 } })
      live = false
      res = await call('GET', `/store/carts/${g.cartId}`, g.headers)
      t.match(res.json(), { shippingOption: null, totals: { shipping: 0 } }, 'no longer offered: no option')
      const zone = (await call('POST', '/admin/shipping-zones', admin, { name: 'Iceland', countries: ['IS'] })).json()
      const own = (await call('POST', '/admin/shipping-options', admin, { zoneId: zone.id, name: 'Post', currency: 'EUR', rateType: 'flat', flatAmount: 100 })).json()
      await call('PUT', `/store/carts/${g.cartId}/shipping-option`, g.headers, { shippingOptionId: own.id })
      t.equal((await call('DELETE', `/admin/shipping-options/${own.id}`, admin)).statusCode, 204)
      t.equal((await knex('orders_carts').where({ id: g.cartId }).first()).shipping_option_id, null, 'deleting an own option still clears the carts that chose it')
    })

    t.test('prices including tax extract the tax instead of adding it', async (t) => {
      const { variantIds: [a] } = await s.product([{ prices: { EUR: 1200 } }])
      await call('POST', '/admin/tax-rates', s.admin, { country: 'GR', name: 'FPA', rateBps: 2200 })
      const g = await s.guest()
      await call('PATCH', `/store/carts/${g.cartId}`, g.headers, { shippingAddress: address('GR') })
      await call('POST', `/store/carts/${g.cartId}/lines`, g.headers, { variantId: a, quantity: 1 })
      t.match((await call('GET', `/store/carts/${g.cartId}`, g.headers)).json(), { taxInclusive: false, totals: { tax: 264, total: 1464 } })
      await s.setTaxInclusive(true)
      t.teardown(async () => { await s.setTaxInclusive(false) })
      t.match((await call('GET', `/store/carts/${g.cartId}`, g.headers)).json(), { taxInclusive: true, totals: { tax: 216, total: 1200 } }, '1200 × 22/122 = 216.39 → 216')
    })
    t.test('promotion codes apply, explain why they do not, and come off', async (t) => {
      const { variantIds: [a] } = await s.product([{ prices: { EUR: 3000 } }])
      const code = `SAVE${Math.floor(Math.random() * 1e6)}`
      await call('POST', '/admin/promotions', s.admin, { code, kind: 'percentage', percentBps: 1000 })
      await call('POST', '/admin/promotions', s.admin, { code: `${code}MIN`, kind: 'fixed', amount: 500, currency: 'EUR', minSubtotalAmount: 5000 })
      await call('POST', '/admin/promotions', s.admin, { code: `${code}OLD`, kind: 'percentage', percentBps: 500, endsAt: new Date(Date.now() - 1000).toISOString() })
      await call('POST', '/admin/promotions', s.admin, { code: `${code}USD`, kind: 'fixed', amount: 500, currency: 'USD' })
      const g = await s.guest()
      await call('POST', `/store/carts/${g.cartId}/lines`, g.headers, { variantId: a, quantity: 1 })
      let res = await call('POST', `/store/carts/${g.cartId}/promotions`, g.headers, { code: code.toLowerCase() })
      t.equal(res.statusCode, 200)
      t.match(res.json(), { promotions: [{ code, discountAmount: 300, applicable: true }], totals: { discount: 300, total: 2700 } }, 'codes are case-insensitive')
      t.match((await call('POST', `/store/carts/${g.cartId}/promotions`, g.headers, { code: 'NOPE-NOPE' })).json(), { status: 404, code: 'ORDERS_PROMOTION_NOT_FOUND' })
      t.match((await call('POST', `/store/carts/${g.cartId}/promotions`, g.headers, { code: `${code}MIN` })).json(), { status: 409, code: 'ORDERS_PROMOTION_NOT_APPLICABLE', reason: 'minimum_subtotal_not_met' })
      t.match((await call('POST', `/store/carts/${g.cartId}/promotions`, g.headers, { code: `${code}OLD` })).json(), { code: 'ORDERS_PROMOTION_NOT_APPLICABLE', reason: 'ended' })
      t.match((await call('POST', `/store/carts/${g.cartId}/promotions`, g.headers, { code: `${code}USD` })).json(), { code: 'ORDERS_PROMOTION_NOT_APPLICABLE', reason: 'currency_mismatch' })
      await call('PATCH', `/store/carts/${g.cartId}/lines/${res.json().lines[0].id}`, g.headers, { quantity: 2 })
      res = await call('POST', `/store/carts/${g.cartId}/promotions`, g.headers, { code: `${code}MIN` })
      t.match(res.json(), { totals: { subtotal: 6000, discount: 1100 }, promotions: [{ discountAmount: 600 }, { discountAmount: 500 }] }, 'codes apply in the order added')
      res = await call('DELETE', `/store/carts/${g.cartId}/promotions/${code}`, g.headers)
      t.match(res.json(), { promotions: [{ code: `${code}MIN` }], totals: { discount: 500 } })
      await call('PATCH', `/store/carts/${g.cartId}/lines/${res.json().lines[0].id}`, g.headers, { quantity: 1 })
      res = await call('GET', `/store/carts/${g.cartId}`, g.headers)
      t.match(res.json(), { promotions: [{ applicable: false, reason: 'minimum_subtotal_not_met', discountAmount: 0 }], totals: { discount: 0 } }, 'a code that no longer qualifies stays but gives nothing')
    })

    t.test('a yen cart keeps whole yen end to end, and a 100 % code leaves only the shipping', async (t) => {
      const zone = (await call('POST', '/admin/shipping-zones', s.admin, { name: 'Japan', countries: ['JP'] })).json()
      const option = (await call('POST', '/admin/shipping-options', s.admin, { zoneId: zone.id, name: 'Yamato', currency: 'JPY', rateType: 'flat', flatAmount: 700, freeOverAmount: 5000 })).json()
      await call('POST', '/admin/tax-rates', s.admin, { country: 'JP', name: 'Consumption tax', rateBps: 1000 })
      const code = `JPY${Math.floor(Math.random() * 1e6)}`
      await call('POST', '/admin/promotions', s.admin, { code, kind: 'percentage', percentBps: 1500 })
      await call('POST', '/admin/promotions', s.admin, { code: `${code}ALL`, kind: 'percentage', percentBps: 10000 })
      const { variantIds: [a, b] } = await s.product([{ prices: { JPY: 1999 } }, { prices: { JPY: 980 } }])
      const g = await s.guest({ currency: 'JPY' })
      await call('POST', `/store/carts/${g.cartId}/lines`, g.headers, { variantId: a, quantity: 1 })
      await call('POST', `/store/carts/${g.cartId}/lines`, g.headers, { variantId: b, quantity: 2 })
      await call('PATCH', `/store/carts/${g.cartId}`, g.headers, { shippingAddress: address('JP') })
      await call('PUT', `/store/carts/${g.cartId}/shipping-option`, g.headers, { shippingOptionId: option.id })
      let res = await call('POST', `/store/carts/${g.cartId}/promotions`, g.headers, { code })
      t.match(res.json(), { currency: 'JPY', totals: { subtotal: 3959, discount: 594, shipping: 700, tax: 407, total: 4472 } })
      t.same(res.json().lines.map((l: { discountAmount: number, taxAmount: number }) => [l.discountAmount, l.taxAmount]), [[300, 170], [294, 167]])
      await call('DELETE', `/store/carts/${g.cartId}/promotions/${code}`, g.headers)
      res = await call('POST', `/store/carts/${g.cartId}/promotions`, g.headers, { code: `${code}ALL` })
      t.match(res.json(), { totals: { subtotal: 3959, discount: 3959, shipping: 700, tax: 70, total: 770 } }, 'free goods; shipping and its tax remain')
      t.ok(res.json().lines.every((l: { totalAmount: number }) => l.totalAmount === 0))
    })

    t.test('shipping zones and options: CRUD, rate validation, 404s', async (t) => {
      let res = await call('POST', '/admin/shipping-zones', admin, { name: 'Nordics', countries: ['SE', 'NO'] })
      t.equal(res.statusCode, 201)
      const zone = res.json()
      t.match(zone, { name: 'Nordics', countries: ['NO', 'SE'], options: [] })
      t.equal((await call('POST', '/admin/shipping-zones', admin, { name: 'Bad', countries: ['se'] })).statusCode, 400)
      res = await call('POST', '/admin/shipping-options', admin, { zoneId: zone.id, name: 'Post', currency: 'SEK', rateType: 'weight', weightRates: [{ upToGrams: 2000, amount: 9900 }, { upToGrams: 500, amount: 4900 }] })
      t.equal(res.statusCode, 201)
      const option = res.json()
      t.same(option.weightRates, [{ upToGrams: 500, amount: 4900 }, { upToGrams: 2000, amount: 9900 }], 'brackets are stored in order')
      t.match((await call('POST', '/admin/shipping-options', admin, { zoneId: zone.id, name: 'X', currency: 'SEK', rateType: 'flat' })).json(), { status: 422, code: 'ORDERS_SHIPPING_RATE_INVALID' })
      t.match((await call('POST', '/admin/shipping-options', admin, { zoneId: zone.id, name: 'X', currency: 'SEK', rateType: 'weight', weightRates: [{ upToGrams: null, amount: 1 }, { upToGrams: null, amount: 2 }] })).json(), { code: 'ORDERS_SHIPPING_RATE_INVALID' })
      t.match((await call('POST', '/admin/shipping-options', admin, { zoneId: '00000000-0000-4000-8000-000000000000', name: 'X', currency: 'SEK', rateType: 'flat', flatAmount: 1 })).json(), { status: 404, code: 'ORDERS_SHIPPING_ZONE_NOT_FOUND' })
      res = await call('PATCH', `/admin/shipping-options/${option.id}`, admin, { rateType: 'flat', flatAmount: 5900, freeOverAmount: 50000 })
      t.match(res.json(), { rateType: 'flat', flatAmount: 5900, weightRates: null, freeOverAmount: 50000 })
      res = await call('PATCH', `/admin/shipping-zones/${zone.id}`, admin, { countries: ['FI'] })
      t.match(res.json(), { countries: ['FI'], options: [{ id: option.id }] })
      t.equal((await call('GET', `/admin/shipping-options/${option.id}`, admin)).json().flatAmount, 5900)
      t.equal((await call('DELETE', `/admin/shipping-options/${option.id}`, admin)).statusCode, 204)
      t.equal((await call('GET', `/admin/shipping-options/${option.id}`, admin)).json().code, 'ORDERS_SHIPPING_OPTION_NOT_FOUND')
      t.equal((await call('DELETE', `/admin/shipping-zones/${zone.id}`, admin)).statusCode, 204)
      t.equal((await call('GET', `/admin/shipping-zones/${zone.id}`, admin)).statusCode, 404)
    })

    t.test('tax rates: one per country and region, in basis points', async (t) => {
      const fr = (await call('POST', '/admin/tax-rates', admin, { country: 'PT', name: 'IVA', rateBps: 2300 })).json()
      t.match(fr, { country: 'PT', region: null, rateBps: 2300 })
      t.match((await call('POST', '/admin/tax-rates', admin, { country: 'PT', name: 'dup', rateBps: 1 })).json(), { status: 409, code: 'ORDERS_TAX_RATE_TAKEN' })
      const madeira = (await call('POST', '/admin/tax-rates', admin, { country: 'PT', region: 'Madeira', name: 'IVA Madeira', rateBps: 2200 })).json()
      t.equal((await call('POST', '/admin/tax-rates', admin, { country: 'PT', name: 'x', rateBps: 10001 })).statusCode, 400)
      t.same((await call('GET', '/admin/tax-rates?country=PT', admin)).json().items.map((r: { region: string | null }) => r.region), [null, 'Madeira'])
      t.match((await call('PATCH', `/admin/tax-rates/${madeira.id}`, admin, { region: null })).json(), { code: 'ORDERS_TAX_RATE_TAKEN' })
      t.equal((await call('PATCH', `/admin/tax-rates/${madeira.id}`, admin, { rateBps: 2150 })).json().rateBps, 2150)
      t.equal((await call('DELETE', `/admin/tax-rates/${fr.id}`, admin)).statusCode, 204)
      t.equal((await call('GET', `/admin/tax-rates/${fr.id}`, admin)).json().code, 'ORDERS_TAX_RATE_NOT_FOUND')
    })

    t.test('promotions: CRUD, case-insensitive codes, coherent fields, pages', async (t) => {
      let res = await call('POST', '/admin/promotions', admin, { code: 'summer-25', kind: 'percentage', percentBps: 2500, usageLimit: 100, usageLimitPerCustomer: 1 })
      t.equal(res.statusCode, 201)
      const promo = res.json()
      t.match(promo, { code: 'SUMMER-25', usageCount: 0, active: true })
      t.match((await call('POST', '/admin/promotions', admin, { code: 'Summer-25', kind: 'percentage', percentBps: 1 })).json(), { status: 409, code: 'ORDERS_PROMOTION_CODE_TAKEN' })
      t.match((await call('POST', '/admin/promotions', admin, { code: 'FIX', kind: 'fixed', amount: 500 })).json(), { status: 422, code: 'ORDERS_PROMOTION_INVALID' })
      t.match((await call('POST', '/admin/promotions', admin, { code: 'BOTH', kind: 'percentage', percentBps: 10, amount: 5, currency: 'EUR' })).json(), { code: 'ORDERS_PROMOTION_INVALID' })
      t.match((await call('POST', '/admin/promotions', admin, { code: 'MIN', kind: 'percentage', percentBps: 10, minSubtotalAmount: 5 })).json(), { code: 'ORDERS_PROMOTION_INVALID' })
      t.match((await call('POST', '/admin/promotions', admin, { code: 'DATES', kind: 'percentage', percentBps: 10, startsAt: '2030-01-02T00:00:00Z', endsAt: '2030-01-01T00:00:00Z' })).json(), { code: 'ORDERS_PROMOTION_INVALID' })
      t.equal((await call('POST', '/admin/promotions', admin, { code: 'A', kind: 'percentage', percentBps: 10 })).statusCode, 400, 'codes have 2+ characters')
      for (const code of ['PA', 'PB', 'PC']) await call('POST', '/admin/promotions', admin, { code, kind: 'fixed', amount: 100, currency: 'EUR' })
      const codes: string[] = []
      let cursor: string | null = null
      do {
        const page = (await call('GET', `/admin/promotions?limit=2${cursor == null ? '' : `&cursor=${cursor}`}`, admin)).json() as { items: Array<{ code: string }>, nextCursor: string | null }
        codes.push(...page.items.map((p) => p.code))
        cursor = page.nextCursor
      } while (cursor != null)
      t.same(codes, [...codes].sort(), 'pages of 2, in code order')
      t.same(codes.filter((c) => ['PA', 'PB', 'PC', 'SUMMER-25'].includes(c)), ['PA', 'PB', 'PC', 'SUMMER-25'])
      res = await call('PATCH', `/admin/promotions/${promo.id}`, admin, { active: false })
      t.equal(res.json().active, false)
      t.same((await call('GET', '/admin/promotions?active=false', admin)).json().items.map((p: { id: string }) => p.id), [promo.id])
      t.equal((await call('DELETE', `/admin/promotions/${promo.id}`, admin)).statusCode, 204)
      t.equal((await call('GET', `/admin/promotions/${promo.id}`, admin)).json().code, 'ORDERS_PROMOTION_NOT_FOUND')
    })

    t.test('orders:read may look but not change; no credential is a 401', async (t) => {
      const { secret } = await s.app.services.auth.createApiKey(s.ctx, { name: 'reader', roles: [(await s.app.services.auth.createRole(s.ctx, { name: `reader-${engine}`, permissions: ['orders:read'] })).name] })
      const reader = { authorization: `Bearer ${secret}` }
      t.equal((await call('GET', '/admin/promotions', reader)).statusCode, 200)
      t.equal((await call('GET', '/admin/carts', reader)).statusCode, 200)
      t.match((await call('POST', '/admin/tax-rates', reader, { country: 'AT', name: 'USt', rateBps: 2000 })).json(), { status: 403, code: 'CORE_FORBIDDEN' })
      t.equal((await call('GET', '/admin/shipping-zones', {})).statusCode, 401)
    })

    t.test('support lists carts by status, customer and email, and reads any cart', async (t) => {
      const { variantIds: [a] } = await s.product([{ prices: { EUR: 1000 } }])
      const c = await s.customer()
      const cartId = (await call('POST', '/store/carts', c.headers, {})).json().cart.id as string
      await call('POST', `/store/carts/${cartId}/lines`, c.headers, { variantId: a, quantity: 2 })
      const g = await s.guest({ email: 'Support.Case@example.com' })
      let res = await call('GET', `/admin/carts?customerId=${c.customerId}`, admin)
      t.match(res.json().items, [{ id: cartId, lineCount: 1, status: 'open', customerId: c.customerId }])
      res = await call('GET', '/admin/carts?email=support.case@example.com', admin)
      t.same(res.json().items.map((i: { id: string }) => i.id), [g.cartId])
      const page1 = (await call('GET', '/admin/carts?limit=1', admin)).json()
      const page2 = (await call('GET', `/admin/carts?limit=1&cursor=${page1.nextCursor as string}`, admin)).json()
      t.not(page1.items[0].id, page2.items[0].id, 'cursor pages move on')
      t.match((await call('GET', `/admin/carts/${cartId}`, admin)).json(), { id: cartId, totals: { subtotal: 2000 } })
      t.equal((await call('GET', '/admin/carts/00000000-0000-4000-8000-000000000000', admin)).json().code, 'ORDERS_CART_NOT_FOUND')
    })

    t.test('orders.expire-carts deletes stale guest carts only', async (t) => {
      const stale = await s.guest()
      const fresh = await s.guest()
      const c = await s.customer()
      const customerCart = (await call('POST', '/store/carts', c.headers, {})).json().cart.id as string
      await knex('orders_carts').whereIn('id', [stale.cartId, customerCart]).update({ updated_at: knex.raw('now() - interval \'31 days\'') })
      const job = cartJobs['orders.expire-carts']
      const result = await job.handler(s.ctx, { limit: 100 }, { id: 'j', name: 'orders.expire-carts', attempt: 1, services: s.app.services, progress: async () => {} } satisfies JobInfo)
      t.ok((result as { expired: number }).expired >= 1)
      t.equal((await knex('orders_carts').where({ id: stale.cartId })).length, 0)
      t.equal((await knex('orders_carts').whereIn('id', [fresh.cartId, customerCart])).length, 2, 'fresh guest carts and customer carts stay')
      t.ok(job.schedule?.cron, 'it runs on a schedule')
    })

    t.test('personal data: carts are exported, then erased or detached', async (t) => {
      const { variantIds: [a] } = await s.product([{ prices: { EUR: 1000 } }])
      const c = await s.customer()
      const cartId = (await call('POST', '/store/carts', c.headers, {})).json().cart.id as string
      await call('POST', `/store/carts/${cartId}/lines`, c.headers, { variantId: a, quantity: 1 })
      await call('PATCH', `/store/carts/${cartId}`, c.headers, { shippingAddress: address('FR') })
      const bundle = await s.app.services.personalData.exportCustomer(s.ctx, c.customerId)
      t.match(JSON.stringify(bundle), /Lovelace/)
      t.match(JSON.stringify(bundle), new RegExp(cartId))
      await knex('orders_carts').where({ id: cartId }).update({ status: 'completed', order_id: '55555555-5555-4555-8555-555555555555' })
      const second = (await call('POST', '/store/carts', c.headers, {})).json().cart.id as string
      await inTransaction(s.ctx, async (tx) => { await s.app.services.personalData.eraseCustomer(tx, c.customerId, 'pseudo-1') })
      t.equal((await knex('orders_carts').where({ id: second })).length, 0, 'the open cart is deleted')
      t.match(await knex('orders_carts').where({ id: cartId }).first(), { customer_id: null, email: null, shipping_address: null, status: 'completed' }, 'the checked-out cart keeps amounts, not the person')
      t.equal((await knex('orders_cart_lines').where({ cart_id: cartId })).length, 1)
    })
  })
}
