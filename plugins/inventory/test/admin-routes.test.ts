import t from 'tap'
import { createTestDatabases } from '@comptoir/core/testing'
import type { StockLevel, StockLocation, StockMovement, StockTransfer } from '@comptoir/plugin-inventory'
import { adminHeaders, createVariants, inventoryApp, ledgerMismatches, testEngines } from './helpers.js'

const dbs = createTestDatabases(t)

for (const engine of testEngines()) {
  t.test(engine, async (t) => {
    const { app, admin, ctx } = await inventoryApp(dbs, t, engine)
    const inject = async (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object, headers = admin) =>
      await app.inject({ method, url, headers, ...(payload != null ? { payload } : {}) })

    const paris = (await inject('POST', '/admin/stock-locations', { name: 'Paris warehouse', priority: 10, address: { city: 'Paris', countryCode: 'FR' } })).json<StockLocation>()
    const lyon = (await inject('POST', '/admin/stock-locations', { name: 'Lyon warehouse', priority: 5 })).json<StockLocation>()

    t.test('stock locations are created, listed by priority, changed and deleted only when empty', async (t) => {
      t.match(paris, { name: 'Paris warehouse', priority: 10, active: true, ships: true, address: { city: 'Paris', countryCode: 'FR' } })
      const dup = await inject('POST', '/admin/stock-locations', { name: 'paris WAREHOUSE' })
      t.equal(dup.statusCode, 409)
      t.equal(dup.json().code, 'INVENTORY_LOCATION_NAME_TAKEN')
      const store = (await inject('POST', '/admin/stock-locations', { name: 'Shop', priority: 20, ships: false })).json<StockLocation>()
      const list = (await inject('GET', '/admin/stock-locations?limit=2')).json<{ items: StockLocation[], nextCursor: string }>()
      t.same(list.items.map((l) => l.name), ['Shop', 'Paris warehouse'])
      const rest = (await inject('GET', `/admin/stock-locations?cursor=${list.nextCursor}`)).json<{ items: StockLocation[] }>()
      t.same(rest.items.map((l) => l.name), ['Lyon warehouse'])
      const patched = await inject('PATCH', `/admin/stock-locations/${store.id}`, { active: false, code: 'SHOP' })
      t.match(patched.json(), { active: false, code: 'SHOP' })
      t.equal((await inject('PATCH', `/admin/stock-locations/${store.id}`, {})).statusCode, 400, 'an empty patch is a 400')
      t.equal((await inject('DELETE', `/admin/stock-locations/${store.id}`)).statusCode, 204)
      t.equal((await inject('GET', `/admin/stock-locations/${store.id}`)).json().code, 'INVENTORY_LOCATION_NOT_FOUND')
      t.equal((await inject('POST', '/admin/stock-locations', { name: 'x', extra: 1 })).statusCode, 400)
    })

    t.test('items, levels, receipts, adjustments and counts; the ledger lists every movement', async (t) => {
      const [v] = await createVariants(app, 1, 'ADM') as [string]
      const item = await inject('PUT', `/admin/variants/${v}/inventory-item`, { lowStockThreshold: 4, leadTimeDays: 10 })
      t.equal(item.statusCode, 201)
      t.match(item.json(), { variantId: v, track: true, allowBackorder: false, lowStockThreshold: 4, leadTimeDays: 10 })
      t.equal((await inject('PUT', `/admin/variants/${v}/inventory-item`, { allowBackorder: true })).statusCode, 200)
      t.equal((await inject('GET', `/admin/variants/${v}/inventory-item`)).json().allowBackorder, true)
      await inject('PUT', `/admin/variants/${v}/inventory-item`, { allowBackorder: false })
      const missing = await inject('PUT', '/admin/variants/00000000-0000-4000-8000-000000000009/inventory-item', {})
      t.equal(missing.statusCode, 404)
      const created = await inject('POST', '/admin/stock-levels', { variantId: v, locationId: paris.id, lowStockThreshold: 2 })
      t.equal(created.statusCode, 201)
      const level = created.json<StockLevel>()
      t.equal((await inject('POST', '/admin/stock-levels', { variantId: v, locationId: paris.id })).statusCode, 200, 'an existing level is returned')
      const received = (await inject('POST', `/admin/stock-levels/${level.id}/receipts`, { quantity: 12, reference: 'PO-1' })).json<StockLevel>()
      t.match(received, { onHand: 12, reserved: 0, available: 12, isLow: false, isOut: false })
      const adjusted = (await inject('POST', `/admin/stock-levels/${level.id}/adjustments`, { delta: -2, reason: 'damaged' })).json<StockLevel>()
      t.equal(adjusted.onHand, 10)
      await app.services.inventory.reserve(ctx, { owner: { type: 'order', id: 'adm-order' }, lines: [{ variantId: v, quantity: 6 }] })
      const below = await inject('POST', `/admin/stock-levels/${level.id}/adjustments`, { delta: -5, reason: 'lost' })
      t.equal(below.statusCode, 409)
      t.equal(below.json().code, 'INVENTORY_BELOW_RESERVED')
      const counted = (await inject('POST', `/admin/stock-levels/${level.id}/counts`, { counted: 7 })).json<StockLevel>()
      t.match(counted, { onHand: 7, reserved: 6, available: 1, isLow: true })
      t.equal((await inject('POST', `/admin/stock-levels/${level.id}/adjustments`, { delta: 0, reason: 'x' })).statusCode, 400)
      t.match((await inject('PATCH', `/admin/stock-levels/${level.id}`, { lowStockThreshold: 0 })).json(), { isLow: false })
      await inject('POST', `/admin/stock-levels/${level.id}/receipts`, { quantity: 1_000_000_000 })
      await inject('POST', `/admin/stock-levels/${level.id}/receipts`, { quantity: 1_000_000_000 })
      const overflow = await inject('POST', `/admin/stock-levels/${level.id}/receipts`, { quantity: 1_000_000_000 })
      t.equal(overflow.statusCode, 422)
      t.equal(overflow.json().code, 'INVENTORY_QUANTITY_OUT_OF_RANGE')
      await inject('POST', `/admin/stock-levels/${level.id}/counts`, { counted: 7 })

      const ledger = (await inject('GET', `/admin/stock-movements?variantId=${v}`)).json<{ items: StockMovement[] }>()
      t.same(ledger.items.map((m) => [m.kind, m.onHandDelta, m.reservedDelta]), [
        ['counted', -2_000_000_000, 0], ['received', 1_000_000_000, 0], ['received', 1_000_000_000, 0],
        ['counted', -3, 0], ['reserved', 0, 6], ['adjusted', -2, 0], ['received', 12, 0]])
      t.match(ledger.items[5], { reason: 'damaged', actor: { type: 'api-key' } })
      const firstPage = (await inject('GET', `/admin/stock-movements?variantId=${v}&limit=6`)).json<{ items: StockMovement[], nextCursor: string }>()
      const secondPage = (await inject('GET', `/admin/stock-movements?variantId=${v}&limit=6&cursor=${firstPage.nextCursor}`)).json<{ items: StockMovement[], nextCursor: null }>()
      t.same(secondPage.items.map((m) => m.kind), ['received'])
      t.same((await inject('GET', `/admin/stock-movements?variantId=${v}&kind=adjusted`)).json<{ items: StockMovement[] }>().items.length, 1)
      t.equal((await inject('GET', '/admin/stock-movements?cursor=abc')).statusCode, 400)

      const reservations = (await inject('GET', '/admin/stock-reservations?ownerId=adm-order')).json<{ items: Array<{ id: string, status: string }> }>()
      t.match(reservations.items, [{ status: 'active' }])
      const released = await inject('POST', `/admin/stock-reservations/${reservations.items[0]?.id ?? ''}/release`)
      t.match(released.json(), { status: 'released', quantity: 6 })
      t.match((await inject('POST', `/admin/stock-reservations/${reservations.items[0]?.id ?? ''}/release`)).json(), { status: 'released' }, 'a second release changes nothing')
      t.match((await inject('GET', `/admin/stock-levels?variantId=${v}`)).json(), { items: [{ onHand: 7, reserved: 0 }] })
      t.same(await ledgerMismatches(app), [])
    })

    t.test('a transfer moves units out, in transit, then in; a shipped transfer cannot ship again', async (t) => {
      const [v] = await createVariants(app, 1, 'TRF') as [string]
      const level = (await inject('POST', '/admin/stock-levels', { variantId: v, locationId: paris.id })).json<StockLevel>()
      await inject('POST', `/admin/stock-levels/${level.id}/receipts`, { quantity: 10 })
      t.equal((await inject('POST', '/admin/stock-transfers', { fromLocationId: paris.id, toLocationId: paris.id, lines: [{ variantId: v, quantity: 1 }] })).json().code, 'INVENTORY_SAME_LOCATION')
      const created = await inject('POST', '/admin/stock-transfers', { fromLocationId: paris.id, toLocationId: lyon.id, lines: [{ variantId: v, quantity: 4 }], note: 'rebalance' })
      t.equal(created.statusCode, 201)
      const transfer = created.json<StockTransfer>()
      t.match(transfer, { status: 'requested', lines: [{ variantId: v, quantity: 4 }] })
      const shipped = (await inject('POST', `/admin/stock-transfers/${transfer.id}/ship`)).json<StockTransfer>()
      t.equal(shipped.status, 'in_transit')
      const levels = (await inject('GET', `/admin/stock-levels?variantId=${v}`)).json<{ items: StockLevel[] }>().items
      t.match(levels.find((l) => l.locationId === paris.id), { onHand: 6 })
      t.match(levels.find((l) => l.locationId === lyon.id), { onHand: 0, incoming: 4 })
      const again = await inject('POST', `/admin/stock-transfers/${transfer.id}/ship`)
      t.equal(again.statusCode, 409)
      t.match(again.json(), { code: 'INVENTORY_TRANSFER_STATE', transferStatus: 'in_transit', expected: 'requested' })
      const received = (await inject('POST', `/admin/stock-transfers/${transfer.id}/receive`)).json<StockTransfer>()
      t.equal(received.status, 'received')
      t.match((await inject('GET', `/admin/stock-levels?variantId=${v}&locationId=${lyon.id}`)).json(), { items: [{ onHand: 4, incoming: 0 }] })
      const tooMany = (await inject('POST', '/admin/stock-transfers', { fromLocationId: paris.id, toLocationId: lyon.id, lines: [{ variantId: v, quantity: 50 }] })).json<StockTransfer>()
      t.equal((await inject('POST', `/admin/stock-transfers/${tooMany.id}/ship`)).json().code, 'INVENTORY_BELOW_RESERVED')
      t.equal((await inject('POST', `/admin/stock-transfers/${tooMany.id}/cancel`)).json().status, 'cancelled')
      t.same((await inject('GET', '/admin/stock-transfers?status=received')).json<{ items: StockTransfer[] }>().items.map((x) => x.id), [transfer.id])
      t.same(await app.comptoir.database.knex('comptoir_outbox').where('name', 'like', 'inventory.transfer.%').orderBy(['occurred_at', 'id']).pluck('name'),
        ['inventory.transfer.created', 'inventory.transfer.shipped', 'inventory.transfer.received', 'inventory.transfer.created', 'inventory.transfer.cancelled'])
    })

    t.test('replenishment suggests the items that will run out first', async (t) => {
      const [fast, slow, idle] = await createVariants(app, 3, 'REP') as [string, string, string]
      for (const [v, units] of [[fast, 15], [slow, 30], [idle, 5]] as const) {
        const level = (await inject('POST', '/admin/stock-levels', { variantId: v, locationId: paris.id })).json<StockLevel>()
        await inject('POST', `/admin/stock-levels/${level.id}/receipts`, { quantity: units })
      }
      await inject('PUT', `/admin/variants/${fast}/inventory-item`, { leadTimeDays: 7 })
      for (const [v, units] of [[fast, 10], [slow, 4]] as const) {
        await app.services.inventory.reserve(ctx, { owner: { type: 'order', id: `rep-${v}` }, lines: [{ variantId: v, quantity: units }] })
        await app.services.inventory.fulfil(ctx, { ownerId: `rep-${v}`, reference: 'f', lines: [{ variantId: v, quantity: units }] })
      }
      const result = await app.services.inventoryReplenishment.recompute(ctx)
      t.ok(result.items >= 3)
      const page = (await inject('GET', '/admin/replenishment-suggestions')).json<{ items: Array<{ variantId: string, dailyDemand: number, reorderPoint: number, suggestedQuantity: number, daysOfCover: number }> }>()
      const mine = page.items.filter((s) => [fast, slow, idle].includes(s.variantId))
      t.same(mine.map((s) => s.variantId), [fast, slow], 'fewest days of cover first; no demand, no suggestion')
      // fast: 10/day today, lead 7 + safety 3 → reorder point 100; 5 left → order up to 100 + 30 days × 10.
      t.match(mine[0], { dailyDemand: 10, reorderPoint: 100, suggestedQuantity: 395, daysOfCover: 0.5 })
      t.equal((await inject('POST', '/admin/replenishment-suggestions/recompute')).statusCode, 202)
    })

    t.test('the storefront shows availability per variant and inside catalog product responses', async (t) => {
      const [v, w] = await createVariants(app, 2, 'STORE') as [string, string]
      const level = (await inject('POST', '/admin/stock-levels', { variantId: v, locationId: paris.id })).json<StockLevel>()
      await inject('POST', `/admin/stock-levels/${level.id}/receipts`, { quantity: 3 })
      await inject('PUT', `/admin/variants/${w}/inventory-item`, {})
      const res = await app.inject({ url: `/store/variants/availability?ids=${v},${w}` })
      t.equal(res.statusCode, 200)
      t.same(res.json(), { items: [{ variantId: v, status: 'low_stock', available: 3 }, { variantId: w, status: 'out_of_stock', available: 0 }] })
      t.equal((await app.inject({ url: '/store/variants/availability?ids=nope' })).statusCode, 400)
      const product = await app.services.catalogVariants.get(ctx, v)
      const handle = (await app.services.catalog.get(ctx, product.productId)).handle
      const storeProduct = (await app.inject({ url: `/store/products/${handle}` })).json<{ availability: string, variants: Array<{ id: string, availability: { status: string } }> }>()
      t.match(storeProduct.variants.find((x) => x.id === v), { availability: { status: 'low_stock' } })
      t.match(storeProduct.variants.find((x) => x.id === w), { availability: { status: 'out_of_stock' } })
    })

    t.test('every inventory route is documented in the OpenAPI document', async (t) => {
      const doc = (await app.inject({ url: '/openapi.json' })).json<{ paths: Record<string, Record<string, { operationId?: string, tags?: string[] }>> }>()
      const ops = Object.values(doc.paths).flatMap((p) => Object.values(p)).filter((o) => o.tags?.includes('inventory')).map((o) => o.operationId)
      for (const id of ['listStockLocations', 'createStockLocation', 'putInventoryItem', 'adjustStockLevel', 'countStockLevel', 'receiveStock', 'listStockMovements',
        'createStockTransfer', 'shipStockTransfer', 'receiveStockTransfer', 'listReplenishmentSuggestions', 'importStockLevels', 'listStockImportErrors',
        'releaseStockReservation', 'getStoreVariantAvailability']) t.ok(ops.includes(id), id)
      t.equal(ops.length, 30)
    })

    t.test('permissions: a read-only key reads but cannot write; no key is a 401', async (t) => {
      const reader = await adminHeaders(app, ['inventory:read'])
      t.equal((await inject('GET', '/admin/stock-locations', undefined, reader)).statusCode, 200)
      t.equal((await inject('POST', '/admin/stock-locations', { name: 'Nope' }, reader)).statusCode, 403)
      t.equal((await app.inject({ url: '/admin/stock-levels' })).statusCode, 401)
      t.equal((await inject('GET', '/admin/stock-levels/00000000-0000-4000-8000-000000000000')).json().code, 'INVENTORY_LEVEL_NOT_FOUND')
      t.equal((await inject('GET', '/admin/stock-transfers/00000000-0000-4000-8000-000000000000')).json().code, 'INVENTORY_TRANSFER_NOT_FOUND')
    })
  })
}
