import t from 'tap'
import { createTestDatabases, testEngines } from '@comptoir/core/testing'
import { cartJobs, seedPricing } from '../src/carts/index.js'
import { address, cartsApp, type CartsTestApp } from './helpers-carts.js'
import { inTransaction, type JobInfo } from '@comptoir/core'

const dbs = createTestDatabases(t)

for (const engine of testEngines()) {
  t.test(engine, async (t) => {
    const s: CartsTestApp = await cartsApp(dbs, t, engine)
    const knex = s.app.comptoir.database.knex
    const { call, admin } = s

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
      const first = (await call('GET', '/admin/promotions?limit=2', admin)).json()
      const second = (await call('GET', `/admin/promotions?limit=2&cursor=${first.nextCursor as string}`, admin)).json()
      t.same([...first.items, ...second.items].map((p: { code: string }) => p.code).slice(0, 4), ['PA', 'PB', 'PC', 'SUMMER-25'])
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

    t.test('the demo seed adds zones, options and tax rates once', async (t) => {
      await inTransaction(s.ctx, async (tx) => { await seedPricing(tx, s.app) })
      const zones = (await call('GET', '/admin/shipping-zones', admin)).json().items
      await inTransaction(s.ctx, async (tx) => { await seedPricing(tx, s.app) })
      t.equal((await call('GET', '/admin/shipping-zones', admin)).json().items.length, zones.length, 'a second run adds nothing')
      t.ok(zones.some((z: { name: string, options: unknown[] }) => z.name === 'Europe' && z.options.length === 2))
      t.equal((await call('GET', '/admin/tax-rates?country=FR', admin)).json().items[0].rateBps, 2000)
    })
  })
}
