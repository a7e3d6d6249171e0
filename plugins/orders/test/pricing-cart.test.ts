import t from 'tap'
import { createTestDatabases, testEngines } from '@comptoir/core/testing'
import { address, cartsApp, type CartsTestApp } from './helpers-carts.js'

const dbs = createTestDatabases(t)

for (const engine of testEngines()) {
  t.test(engine, async (t) => {
    // One app per engine for the whole file: every test makes its own carts and products.
    const s: CartsTestApp = await cartsApp(dbs, t, engine, { maxLineQuantity: 10, maxLines: 3 })
    const knex = s.app.comptoir.database.knex
    const { call } = s

    t.test('shipping options follow the address zone and currency; tax follows country and region', async (t) => {
      const zone = (await call('POST', '/admin/shipping-zones', s.admin, { name: `Zone ${Math.random()}`, countries: ['FR', 'BE'] })).json()
      const standard = (await call('POST', '/admin/shipping-options', s.admin, { zoneId: zone.id, name: 'Standard', currency: 'EUR', rateType: 'flat', flatAmount: 500, freeOverAmount: 5000 })).json()
      await call('POST', '/admin/shipping-options', s.admin, { zoneId: zone.id, name: 'Dollar', currency: 'USD', rateType: 'flat', flatAmount: 500 })
      const heavy = (await call('POST', '/admin/shipping-options', s.admin, { zoneId: zone.id, name: 'Light only', currency: 'EUR', rateType: 'weight', weightRates: [{ upToGrams: 1000, amount: 300 }], position: 1 })).json()
      await call('POST', '/admin/tax-rates', s.admin, { country: 'FR', name: 'TVA', rateBps: 2000 })
      await call('POST', '/admin/tax-rates', s.admin, { country: 'FR', region: 'Corse', name: 'TVA Corse', rateBps: 1000 })
      const { variantIds: [a] } = await s.product([{ prices: { EUR: 2000 }, weightGrams: 600 }])
      const g = await s.guest()
      await call('POST', `/store/carts/${g.cartId}/lines`, g.headers, { variantId: a, quantity: 2 })
      t.same((await call('GET', `/store/carts/${g.cartId}/shipping-options`, g.headers)).json().items, [], 'no address, no options')
      let res = await call('PUT', `/store/carts/${g.cartId}/shipping-option`, g.headers, { shippingOptionId: standard.id })
      t.match(res.json(), { status: 409, code: 'ORDERS_SHIPPING_OPTION_UNAVAILABLE', reason: 'no_shipping_address' })
      await call('PATCH', `/store/carts/${g.cartId}`, g.headers, { shippingAddress: address('FR') })
      const options = (await call('GET', `/store/carts/${g.cartId}/shipping-options`, g.headers)).json().items
      t.same(options.map((o: { name: string, amount: number }) => [o.name, o.amount]), [['Standard', 500]], 'EUR only, and 1.2 kg is too heavy for the light option')
      t.equal(options[0].taxAmount, 100)
      res = await call('PUT', `/store/carts/${g.cartId}/shipping-option`, g.headers, { shippingOptionId: heavy.id })
      t.match(res.json(), { code: 'ORDERS_SHIPPING_OPTION_UNAVAILABLE', reason: 'too_heavy' })
      res = await call('PUT', `/store/carts/${g.cartId}/shipping-option`, g.headers, { shippingOptionId: standard.id })
      t.match(res.json(), { shippingOption: { id: standard.id, amount: 500, taxAmount: 100 }, taxRateBps: 2000, totals: { subtotal: 4000, shipping: 500, tax: 900, total: 5400 } })
      res = await call('PATCH', `/store/carts/${g.cartId}`, g.headers, { shippingAddress: address('FR', 'corse') })
      t.match(res.json(), { taxRateBps: 1000, totals: { tax: 450, total: 4950 } }, 'a region rate wins, matched case-insensitively')
      await call('PATCH', `/store/carts/${g.cartId}/lines/${res.json().lines[0].id}`, g.headers, { quantity: 3 })
      res = await call('GET', `/store/carts/${g.cartId}`, g.headers)
      t.match(res.json(), { totals: { subtotal: 6000, shipping: 0 }, shippingOption: { amount: 0 } }, 'free over 50 EUR')
      res = await call('PATCH', `/store/carts/${g.cartId}`, g.headers, { shippingAddress: address('DE') })
      t.match(res.json(), { shippingOption: null, taxRateBps: 0, totals: { shipping: 0, tax: 0 } }, 'an option outside the new address zone no longer applies')
      res = await call('PUT', `/store/carts/${g.cartId}/shipping-option`, g.headers, { shippingOptionId: null })
      t.equal((await knex('orders_carts').where({ id: g.cartId }).first()).shipping_option_id, null)
    })
    t.test('prices including tax extract the tax instead of adding it', async (t) => {
      const { variantIds: [a] } = await s.product([{ prices: { EUR: 1200 } }])
      await call('POST', '/admin/tax-rates', s.admin, { country: 'IT', name: 'IVA', rateBps: 2200 })
      const g = await s.guest()
      await call('PATCH', `/store/carts/${g.cartId}`, g.headers, { shippingAddress: address('IT') })
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
  })
}
