import t from 'tap'
import { inTransaction } from '@comptoir/core'
import { createTestDatabases } from '@comptoir/core/testing'
import type { PurchaseOrder, ReplenishmentOrders } from '../src/index.js'
import { deliveryDay, orderQuantity, packsToReachMinimum } from '../src/index.js'
import { seedSuppliers } from '../src/seed.js'
import { createItem, createSupplier, createVariants, level, suppliersApp, testEngines, uniqueName } from './helpers.js'

const dbs = createTestDatabases(t)
const dayMs = 86_400_000

t.test('order quantities: at least the suggestion and the MOQ, in whole packs; top-up packs reach the minimum value', async (t) => {
  t.equal(orderQuantity(40, 12, 24), 48)
  t.equal(orderQuantity(40, 10, 50), 50)
  t.equal(orderQuantity(1, 1, 1), 1)
  t.equal(packsToReachMinimum(21000, 100000, 6, 500), 27, '79,000 short at 3,000 a pack')
  t.equal(packsToReachMinimum(21000, 20000, 6, 500), 0)
  t.equal(packsToReachMinimum(21000, null, 6, 500), 0)
  t.equal(packsToReachMinimum(0, 100, 6, 0), 0, 'a free item cannot reach a minimum')
})

t.test('delivery day: leaves today before the cut-off (UTC), tomorrow after it, then the transit days', async (t) => {
  t.equal(deliveryDay(2, '14:00', new Date('2026-03-02T13:59:00Z')), '2026-03-04')
  t.equal(deliveryDay(2, '14:00', new Date('2026-03-02T14:00:00Z')), '2026-03-05')
  t.equal(deliveryDay(0, null, new Date('2026-12-31T23:59:00Z')), '2026-12-31', 'no cut-off: any time today')
})

for (const engine of testEngines()) {
  t.test(engine, async (t) => {
    const s = await suppliersApp(dbs, t, engine)
    const { call, ctx } = s
    const { inventory, inventoryLevels, inventoryReplenishment } = s.app.services

    /** One unit sold today out of one on hand: forecast 1/day, available 0 → inventory suggests 10 + 30 = 40. */
    async function soldOut (variantId: string): Promise<void> {
      const { level: l } = await inventoryLevels.create(ctx, { variantId, locationId: s.locationId })
      await inventoryLevels.receive(ctx, l.id, { quantity: 1 })
      const owner = uniqueName('order')
      await inventory.reserve(ctx, { owner: { type: 'order', id: owner }, lines: [{ variantId, quantity: 1 }] })
      await inventory.fulfil(ctx, { ownerId: owner, reference: `${owner}-f`, lines: [{ variantId, quantity: 1 }] })
    }

    // First: the seed checks a store without suppliers (it skips when one exists).
    t.test('the demo seed adds two suppliers with items, a sent order shown as incoming, and a carrier offered at checkout; once', async (t) => {
      const variants = await createVariants(s, 6)
      await inTransaction(ctx, async (tx) => { await seedSuppliers(tx, s.app) })
      await inTransaction(ctx, async (tx) => { await seedSuppliers(tx, s.app) })
      t.equal((await call('GET', '/admin/suppliers')).json().items.length, 2)
      t.equal((await call('GET', '/admin/supplier-items?limit=100')).json().items.length, 6)
      const sent = (await call('GET', '/admin/purchase-orders?status=sent')).json().items
      t.match(sent, [{ status: 'sent', lines: [{ quantity: 24 }, { quantity: 24 }, { quantity: 24 }], extraCostsAmount: 2500 }])
      t.equal((await level(s, variants[0] as string)).incoming, 24)
      const options = await s.app.services.ordersShipping.optionsFor(ctx, 'FR', 'EUR')
      t.same(options.map((o) => o.name), ['Colis Rapide Express (1 day)', 'Colis Rapide Economy (4 days)'])
    })

    t.test('suggestions become draft orders per preferred supplier, in packs, MOQ and minimum value respected; a rerun orders nothing twice', async (t) => {
      const [a, b, c, d] = await createVariants(s, 4) as [string, string, string, string]
      const one = await createSupplier(s)
      const two = await createSupplier(s, { minimumOrderAmount: 100000 })
      const cheaper = await createSupplier(s)
      await createItem(s, one.id, a, { packSize: 12, minimumOrderQuantity: 24, preferred: true, cost: { amount: 400, currency: 'EUR' } })
      await createItem(s, one.id, b, { packSize: 10, minimumOrderQuantity: 50, preferred: true })
      await createItem(s, cheaper.id, b, { cost: { amount: 1, currency: 'EUR' } }) // not preferred: never ordered from
      await createItem(s, two.id, d, { packSize: 6, preferred: true, cost: { amount: 500, currency: 'EUR' } })
      for (const v of [a, b, c, d]) await soldOut(v)
      await inventoryReplenishment.recompute(ctx)
      const suggested = (await call('GET', '/admin/replenishment-suggestions?limit=100')).json().items.filter((x: { variantId: string }) => [a, b, c, d].includes(x.variantId))
      t.same(suggested.map((x: { suggestedQuantity: number }) => x.suggestedQuantity), [40, 40, 40, 40], "inventory's suggestion for each")

      let res = await call('POST', '/admin/purchase-orders/from-replenishment', { locationId: s.locationId, variantIds: [a, b, c, d] })
      t.equal(res.statusCode, 201)
      const body = res.json<ReplenishmentOrders>()
      t.same(body.skipped, [{ variantId: c, reason: 'no_supplier' }])
      const bySupplier = new Map(body.purchaseOrders.map((o) => [o.supplierId, o]))
      t.equal(body.purchaseOrders.length, 2)
      const first = bySupplier.get(one.id) as PurchaseOrder
      t.match(first, { status: 'draft', locationId: s.locationId, currency: 'EUR' })
      t.same(first.lines.map((l) => [l.variantId, l.quantity]).sort(), [[a, 48], [b, 50]].sort(), '40 → 4 packs of 12; 40 → MOQ 50')
      const second = bySupplier.get(two.id) as PurchaseOrder
      t.same(second.lines.map((l) => [l.variantId, l.quantity]), [[d, 204]], '42 units (21,000) topped up by 27 packs of 6 to 102,000 ≥ 100,000')
      t.ok(second.subtotalAmount >= 100000)

      res = await call('POST', '/admin/purchase-orders/from-replenishment', { locationId: s.locationId, variantIds: [a, b, c, d] })
      t.same(res.json().purchaseOrders, [], 'a rerun creates nothing')
      t.same(res.json().skipped.map((x: { reason: string }) => x.reason).sort(), ['no_supplier', 'on_open_draft', 'on_open_draft', 'on_open_draft'])

      t.equal((await call('POST', `/admin/purchase-orders/${first.id}/send`)).statusCode, 200)
      t.equal((await level(s, a)).incoming, 48)
      await inventoryReplenishment.recompute(ctx)
      const after = (await call('GET', '/admin/replenishment-suggestions?limit=100')).json().items.map((x: { variantId: string }) => x.variantId)
      t.notOk(after.includes(a), 'units on a sent order count in the stock position: no more suggestion')
      t.ok(after.includes(c))
    })

    t.test('supplier performance from receipts: on-time rate, fill rate, average lead time', async (t) => {
      const [v1, v2] = await createVariants(s, 2) as [string, string]
      const supplier = await createSupplier(s)
      await createItem(s, supplier.id, v1)
      await createItem(s, supplier.id, v2)
      const base = Date.now()
      const at = (days: number): string => new Date(base + days * dayMs).toISOString()
      const dayOf = (days: number): string => at(days).slice(0, 10)
      const order = async (lines: Array<{ variantId: string, quantity: number, expectedOn: string }>): Promise<PurchaseOrder> => {
        const id = (await call('POST', '/admin/purchase-orders', { supplierId: supplier.id, locationId: s.locationId, lines })).json().id as string
        return (await call('POST', `/admin/purchase-orders/${id}/send`)).json<PurchaseOrder>()
      }
      const receive = async (o: PurchaseOrder, days: number, lines: Array<[number, number]>): Promise<void> => {
        const res = await call('POST', `/admin/purchase-orders/${o.id}/receipts`, {
          reference: uniqueName('DN'), receivedAt: at(days), lines: lines.map(([i, q]) => ({ lineId: o.lines[i]?.id, acceptedQuantity: q })),
        })
        if (res.statusCode !== 201) throw new Error(res.body)
      }
      t.same((await call('GET', `/admin/suppliers/${supplier.id}/performance`)).json(),
        { supplierId: supplier.id, receipts: 0, unitsOrdered: 0, unitsReceived: 0, onTimeRate: null, fillRate: null, averageLeadTimeDays: null }, 'no receipts: nothing to rate')
      // Order 1: 10 + 10 expected on day 4; day 2 brings 10 + 5 (on time), day 6 brings 3 more (late); closed short at 18/20.
      const o1 = await order([{ variantId: v1, quantity: 10, expectedOn: dayOf(4) }, { variantId: v2, quantity: 10, expectedOn: dayOf(4) }])
      await receive(o1, 2, [[0, 10], [1, 5]])
      await receive(o1, 6, [[1, 3]])
      t.equal((await call('POST', `/admin/purchase-orders/${o1.id}/close`)).json().status, 'received')
      // Order 2: 10 expected on day 5, all there on day 4. Order 3: sent, nothing yet (not in the fill rate).
      const o2 = await order([{ variantId: v1, quantity: 10, expectedOn: dayOf(5) }])
      await receive(o2, 4, [[0, 10]])
      await order([{ variantId: v2, quantity: 7, expectedOn: dayOf(3) }])
      t.same((await call('GET', `/admin/suppliers/${supplier.id}/performance`)).json(), {
        supplierId: supplier.id,
        receipts: 3,
        unitsOrdered: 30,
        unitsReceived: 28,
        onTimeRate: 0.8929, // 25 of 28 accepted units on time
        fillRate: 0.9333, // 28 / 30 over the two closed orders
        averageLeadTimeDays: 4, // (2 + 6 + 4) / 3, to the hundredth
      })
      t.match((await call('GET', '/admin/suppliers/00000000-0000-4000-8000-000000000000/performance')).json(), { status: 404, code: 'SUPPLIERS_SUPPLIER_NOT_FOUND' })
    })

    t.test('carriers: services, zones, rates and tracking URLs, validated', async (t) => {
      let res = await call('POST', '/admin/carriers', { name: 'Colis', code: 'colis-a', trackingUrlTemplate: 'https://track.example/{trackingNumber}?lang=fr' })
      t.equal(res.statusCode, 201)
      const carrier = res.json()
      t.match((await call('POST', '/admin/carriers', { name: 'Other', code: 'colis-a' })).json(), { status: 409, code: 'SUPPLIERS_CARRIER_CODE_TAKEN' })
      t.equal((await call('POST', '/admin/carriers', { name: 'Bad', code: 'bad', trackingUrlTemplate: 'https://track.example/no-placeholder' })).statusCode, 400)
      t.same((await call('GET', `/admin/carriers/${carrier.id}/tracking-url?trackingNumber=AB-123`)).json(), { url: 'https://track.example/AB-123?lang=fr' })
      const plain = (await call('POST', '/admin/carriers', { name: 'Plain', code: 'plain' })).json()
      t.match((await call('GET', `/admin/carriers/${plain.id}/tracking-url?trackingNumber=1`)).json(), { status: 409, code: 'SUPPLIERS_TRACKING_UNAVAILABLE' })
      const service = (await call('POST', `/admin/carriers/${carrier.id}/services`, { name: 'Express', code: 'express', transitDays: 2, cutoffTime: '14:00' })).json()
      t.match(service, { transitDays: 2, cutoffTime: '14:00', zoneIds: [], estimatedDeliveryOn: /^\d{4}-\d{2}-\d{2}$/ })
      t.equal((await call('POST', `/admin/carriers/${carrier.id}/services`, { name: 'Late', code: 'late', transitDays: 1, cutoffTime: '25:00' })).statusCode, 400)
      const zone = (await call('POST', '/admin/delivery-zones', { name: 'Alps', countries: ['AT', 'CH'] })).json()
      t.match((await call('POST', '/admin/carrier-rates', { serviceId: service.id, zoneId: zone.id, currency: 'EUR', rateType: 'flat' })).json(), { status: 422, code: 'SUPPLIERS_CARRIER_RATE_INVALID' })
      t.match((await call('POST', '/admin/carrier-rates', { serviceId: service.id, zoneId: zone.id, currency: 'EUR', rateType: 'weight', weightRates: [{ upToGrams: null, amount: 1 }, { upToGrams: null, amount: 2 }] })).json(), { code: 'SUPPLIERS_CARRIER_RATE_INVALID' })
      const rate = (await call('POST', '/admin/carrier-rates', { serviceId: service.id, zoneId: zone.id, currency: 'EUR', rateType: 'flat', flatAmount: 800 })).json()
      t.match((await call('POST', '/admin/carrier-rates', { serviceId: service.id, zoneId: zone.id, currency: 'EUR', rateType: 'flat', flatAmount: 1 })).json(), { status: 409, code: 'SUPPLIERS_CARRIER_RATE_EXISTS' })
      t.match((await call('POST', '/admin/carrier-rates', { serviceId: service.id, zoneId: '00000000-0000-4000-8000-000000000000', currency: 'EUR', rateType: 'flat', flatAmount: 1 })).json(), { status: 404, code: 'SUPPLIERS_DELIVERY_ZONE_NOT_FOUND' })
      t.same((await call('GET', `/admin/carriers/${carrier.id}/services`)).json().items[0].zoneIds, [zone.id], 'a service serves the zones it has rates for')
      t.match((await call('PATCH', `/admin/carrier-rates/${rate.id}`, { rateType: 'weight' })).json(), { code: 'SUPPLIERS_CARRIER_RATE_INVALID' }, 'a weight rate needs brackets')
      t.match((await call('PATCH', `/admin/carrier-rates/${rate.id}`, { flatAmount: 850 })).json(), { flatAmount: 850 })
      t.equal((await call('DELETE', `/admin/carrier-rates/${rate.id}`)).statusCode, 204)
      t.equal((await call('DELETE', `/admin/carrier-rates/${rate.id}`)).statusCode, 404)
    })

    t.test('carrier rates feed checkout: offered for the zone and currency, priced by weight, chosen, snapshotted on the order', async (t) => {
      const carrier = (await call('POST', '/admin/carriers', { name: 'Rapide', code: 'rapide' })).json()
      const express = (await call('POST', `/admin/carriers/${carrier.id}/services`, { name: 'Express', code: 'express', transitDays: 1 })).json()
      const economy = (await call('POST', `/admin/carriers/${carrier.id}/services`, { name: 'Economy', code: 'economy', transitDays: 4 })).json()
      const zone = (await call('POST', '/admin/delivery-zones', { name: 'South', countries: ['PT', 'GR', 'CY'] })).json()
      const fast = (await call('POST', '/admin/carrier-rates', { serviceId: express.id, zoneId: zone.id, currency: 'EUR', rateType: 'flat', flatAmount: 1290, position: 1 })).json()
      await call('POST', '/admin/carrier-rates', { serviceId: economy.id, zoneId: zone.id, currency: 'EUR', rateType: 'weight', position: 2, weightRates: [{ upToGrams: 1000, amount: 490 }, { upToGrams: null, amount: 990 }] })
      await call('POST', '/admin/carrier-rates', { serviceId: economy.id, zoneId: zone.id, currency: 'USD', rateType: 'flat', flatAmount: 100 })
      const [v] = await createVariants(s, 1, 3000, 1500) as [string]
      const { level: l } = await inventoryLevels.create(ctx, { variantId: v, locationId: s.locationId })
      await inventoryLevels.receive(ctx, l.id, { quantity: 5 })

      const cart = (await call('POST', '/store/carts', { currency: 'EUR', email: 'buyer@example.com' }, {})).json()
      const headers = { 'x-cart-token': cart.cartToken as string }
      const cartUrl = `/store/carts/${cart.cart.id as string}`
      await call('POST', `${cartUrl}/lines`, { variantId: v, quantity: 1 }, headers)
      await call('PATCH', cartUrl, { shippingAddress: { firstName: 'Ada', lastName: 'Lovelace', line1: '1 Praça do Comércio', city: 'Lisboa', postalCode: '1100-148', country: 'PT' } }, headers)
      const options = (await call('GET', `${cartUrl}/shipping-options`, undefined, headers)).json().items
      t.same(options.map((o: { name: string, amount: number }) => [o.name, o.amount]), [['Rapide Express (1 day)', 1290], ['Rapide Economy (4 days)', 990]], 'EUR rates of the zone; 1.5 kg takes the open bracket')
      let res = await call('PUT', `${cartUrl}/shipping-option`, { shippingOptionId: fast.id }, headers)
      t.match(res.json(), { shippingOption: { id: fast.id, amount: 1290 }, totals: { subtotal: 3000, shipping: 1290, total: 4290 } })
      res = await s.app.inject({ method: 'POST', url: `${cartUrl}/complete`, headers: { ...headers, 'idempotency-key': uniqueName('k') }, payload: { payment: { provider: 'manual' } } })
      t.equal(res.statusCode, 201, res.body)
      t.match(res.json(), { order: { shippingOption: { id: fast.id, name: 'Rapide Express (1 day)', amount: 1290 }, totals: { shipping: 1290 } } })

      const other = (await call('POST', '/store/carts', { currency: 'EUR' }, {})).json()
      const otherHeaders = { 'x-cart-token': other.cartToken as string }
      await call('PATCH', `/store/carts/${other.cart.id as string}`, { shippingAddress: { firstName: 'A', lastName: 'B', line1: '1 Syntagma', city: 'Athens', postalCode: '10557', country: 'GR' } }, otherHeaders)
      await call('PUT', `/store/carts/${other.cart.id as string}/shipping-option`, { shippingOptionId: fast.id }, otherHeaders)
      t.equal((await call('PATCH', `/admin/carriers/${carrier.id}`, { active: false })).statusCode, 200)
      t.same((await call('GET', `/store/carts/${other.cart.id as string}/shipping-options`, undefined, otherHeaders)).json().items, [], 'an inactive carrier offers nothing')
      t.match((await call('GET', `/store/carts/${other.cart.id as string}`, undefined, otherHeaders)).json(), { shippingOption: null }, 'and a cart that chose its rate loses the choice')
    })
  })
}
