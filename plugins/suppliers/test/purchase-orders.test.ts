import t from 'tap'
import { randomUUID } from 'node:crypto'
import { createTestDatabases } from '@comptoir/core/testing'
import type { PurchaseOrder, ReceiptResult } from '../src/index.js'
import { createItem, createSupplier, createVariants, keyHeaders, ledgerMismatches, level, orderEvents, suppliersApp, testEngines, uniqueName } from './helpers.js'

const dbs = createTestDatabases(t)

for (const engine of testEngines()) {
  t.test(engine, async (t) => {
    // One app per engine for the file: every test makes its own supplier, variants and orders.
    const s = await suppliersApp(dbs, t, engine)
    const { call } = s

    /** A sent order: one line per variant with `quantity` units at 500, on a fresh supplier holding an item for each. */
    async function sentOrder (variants: string[], quantity: number, extra: Record<string, unknown> = {}): Promise<PurchaseOrder> {
      const supplier = await createSupplier(s)
      for (const v of variants) await createItem(s, supplier.id, v)
      const created = await call('POST', '/admin/purchase-orders', { supplierId: supplier.id, locationId: s.locationId, lines: variants.map((variantId) => ({ variantId, quantity })), ...extra })
      if (created.statusCode !== 201) throw new Error(created.body)
      const sent = await call('POST', `/admin/purchase-orders/${created.json().id}/send`)
      if (sent.statusCode !== 200) throw new Error(sent.body)
      return sent.json<PurchaseOrder>()
    }

    t.test('suppliers and items: currency rules, one preferred supplier per variant, contacts kept out of the audit log', async (t) => {
      const [v] = await createVariants(s, 1)
      const a = await createSupplier(s, { contacts: [{ name: 'Ada Buyer', email: 'ada@supplier.example' }], minimumOrderAmount: 10000 })
      const b = await createSupplier(s)
      t.match((await call('POST', '/admin/supplier-items', { supplierId: a.id, variantId: v, supplierSku: 'X', cost: { amount: 5, currency: 'USD' } })).json(), { status: 422, code: 'SUPPLIERS_CURRENCY_MISMATCH' })
      const ia = await createItem(s, a.id, v as string, { preferred: true, packSize: 6 })
      t.match((await call('POST', '/admin/supplier-items', { supplierId: a.id, variantId: v, supplierSku: 'Y', cost: { amount: 5, currency: 'EUR' } })).json(), { status: 409, code: 'SUPPLIERS_ITEM_EXISTS' })
      const ib = await createItem(s, b.id, v as string, { preferred: true })
      t.match((await call('GET', `/admin/supplier-items/${ia.id}`)).json(), { preferred: false, packSize: 6 }, 'the second preferred item took the preference')
      t.match((await call('GET', `/admin/supplier-items/${ib.id}`)).json(), { preferred: true })
      t.match((await call('PATCH', `/admin/suppliers/${a.id}`, { currency: 'USD' })).json(), { status: 409, code: 'SUPPLIERS_CURRENCY_LOCKED' })
      t.match((await call('POST', '/admin/suppliers', { name: (await call('GET', `/admin/suppliers/${a.id}`)).json().name.toUpperCase(), currency: 'EUR' })).json(), { status: 409, code: 'SUPPLIERS_NAME_TAKEN' })
      const audit = await s.app.comptoir.database.knex('comptoir_audit_log').where({ action: 'createSupplier' }).select('after')
      t.ok(audit.length > 0 && audit.every((e: { after: unknown }) => !JSON.stringify(e.after ?? '').includes('ada@supplier.example')), 'the audit entry holds no contact email')
      const page = (await call('GET', `/admin/supplier-items?variantId=${v}&limit=1`)).json()
      t.equal(page.items.length, 1)
      t.equal((await call('GET', `/admin/supplier-items?variantId=${v}&limit=1&cursor=${page.nextCursor}`)).json().items.length, 1, 'cursor pagination')
    })

    t.test('the state machine: illegal transitions are 409 and change nothing; send shows incoming, cancel clears it', async (t) => {
      const [v1, v2] = await createVariants(s, 2) as [string, string]
      const supplier = await createSupplier(s)
      await createItem(s, supplier.id, v1, { cost: { amount: 1250, currency: 'EUR' } })
      let res = await call('POST', '/admin/purchase-orders', { supplierId: supplier.id, locationId: s.locationId })
      const id = res.json().id as string
      t.match(res.json(), { status: 'draft', currency: 'EUR', lines: [], number: /^PO-\d{6}$/ })
      t.match((await call('POST', `/admin/purchase-orders/${id}/send`)).json(), { status: 422, code: 'SUPPLIERS_PURCHASE_ORDER_EMPTY' })
      t.match((await call('PUT', `/admin/purchase-orders/${id}/lines`, { lines: [{ variantId: v2, quantity: 3 }] })).json(), { status: 422, code: 'SUPPLIERS_UNIT_COST_REQUIRED' })
      t.match((await call('PUT', `/admin/purchase-orders/${id}/lines`, { lines: [{ variantId: v1, quantity: 1 }, { variantId: v1, quantity: 2 }] })).json(), { code: 'SUPPLIERS_DUPLICATE_LINE' })
      const huge = (await createVariants(s, 10)).map((variantId) => ({ variantId, quantity: 1_000_000, unitCostAmount: 1_000_000_000_000 }))
      t.match((await call('PUT', `/admin/purchase-orders/${id}/lines`, { lines: huge.slice(0, 1) })).json(), { status: 422, code: 'SUPPLIERS_AMOUNT_OUT_OF_RANGE' }, 'past 2^53 − 1')
      t.match((await call('PUT', `/admin/purchase-orders/${id}/lines`, { lines: huge })).json(), { status: 422, code: 'SUPPLIERS_AMOUNT_OUT_OF_RANGE' }, 'past bigint')
      res = await call('PUT', `/admin/purchase-orders/${id}/lines`, { lines: [{ variantId: v1, quantity: 10 }, { variantId: v2, quantity: 4, unitCostAmount: 300, expectedOn: '2030-01-15' }] })
      t.match(res.json(), { subtotalAmount: 13700, totalAmount: 13700, lines: [{ variantId: v1, unitCostAmount: 1250, totalAmount: 12500 }, { variantId: v2, expectedOn: '2030-01-15' }] })
      t.match((await call('POST', `/admin/purchase-orders/${id}/receipts`, { reference: 'DN-early', lines: [{ lineId: res.json().lines[0].id, acceptedQuantity: 1 }] })).json(),
        { status: 409, code: 'SUPPLIERS_PURCHASE_ORDER_STATE', purchaseOrderStatus: 'draft' }, 'a draft cannot be received')
      t.match((await call('POST', `/admin/purchase-orders/${id}/close`)).json(), { status: 409, code: 'SUPPLIERS_PURCHASE_ORDER_STATE' })
      t.same(await level(s, v1), { on_hand: 0, reserved: 0, incoming: 0 }, 'a draft is not incoming')
      for (const expectedOn of ['2024-02-30', '0000-01-01', '2024-13-01']) {
        t.equal((await call('PATCH', `/admin/purchase-orders/${id}`, { expectedOn })).statusCode, 400, `${expectedOn} is not a day`)
      }

      res = await call('POST', `/admin/purchase-orders/${id}/send`)
      const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10)
      t.match(res.json(), { status: 'sent', sentAt: /Z$/, lines: [{ outstandingQuantity: 10, expectedOn: inAWeek }, { outstandingQuantity: 4, expectedOn: '2030-01-15' }] },
        "a line without an expected day is expected after the supplier's lead time (7 days)")
      t.same([await level(s, v1), await level(s, v2)], [{ on_hand: 0, reserved: 0, incoming: 10 }, { on_hand: 0, reserved: 0, incoming: 4 }], 'sent: incoming at the location')
      const stockLevel = (await call('GET', `/admin/stock-levels?variantId=${v1}`)).json().items[0]
      t.match(stockLevel, { incoming: 10, available: 0 }, "inventory's own API shows it, and none of it is available")
      t.match((await call('POST', `/admin/purchase-orders/${id}/send`)).json(), { status: 409, code: 'SUPPLIERS_PURCHASE_ORDER_STATE', purchaseOrderStatus: 'sent', expected: ['draft'] })
      t.match((await call('PUT', `/admin/purchase-orders/${id}/lines`, { lines: [{ variantId: v1, quantity: 1 }] })).json(), { status: 409, code: 'SUPPLIERS_PURCHASE_ORDER_STATE' })
      t.match((await call('PATCH', `/admin/purchase-orders/${id}`, { note: 'late' })).json(), { status: 409 })
      t.same(await level(s, v1), { on_hand: 0, reserved: 0, incoming: 10 }, 'the refused requests changed nothing')

      res = await call('POST', `/admin/purchase-orders/${id}/cancel`)
      t.match(res.json(), { status: 'cancelled', cancelledAt: /Z$/, lines: [{ outstandingQuantity: 0 }, { outstandingQuantity: 0 }] })
      t.same([await level(s, v1), await level(s, v2)], [{ on_hand: 0, reserved: 0, incoming: 0 }, { on_hand: 0, reserved: 0, incoming: 0 }], 'cancelled: incoming cleared')
      for (const action of ['send', 'cancel', 'close']) {
        t.match((await call('POST', `/admin/purchase-orders/${id}/${action}`)).json(), { status: 409, code: 'SUPPLIERS_PURCHASE_ORDER_STATE', purchaseOrderStatus: 'cancelled' }, `${action} a cancelled order`)
      }
      t.same((await orderEvents(s, id)).sort(), ['suppliers.purchase-order.cancelled', 'suppliers.purchase-order.created', 'suppliers.purchase-order.sent'])
      t.same(await ledgerMismatches(s), [])
    })

    t.test('three concurrent sends of one draft: one sends, two get 409, incoming counted once', async (t) => {
      const [v] = await createVariants(s, 1) as [string]
      const supplier = await createSupplier(s)
      await createItem(s, supplier.id, v)
      const id = (await call('POST', '/admin/purchase-orders', { supplierId: supplier.id, locationId: s.locationId, lines: [{ variantId: v, quantity: 7 }] })).json().id as string
      const results = await Promise.all([1, 2, 3].map(async () => await call('POST', `/admin/purchase-orders/${id}/send`)))
      t.same(results.map((r) => r.statusCode).sort(), [200, 409, 409])
      t.same(await level(s, v), { on_hand: 0, reserved: 0, incoming: 7 })
      t.same((await orderEvents(s, id)).filter((n) => n.endsWith('.sent')), ['suppliers.purchase-order.sent'])
    })

    t.test('partial receipts put stock on hand through the ledger, record over/under-delivery and landed cost, then close short', async (t) => {
      const [v1, v2] = await createVariants(s, 2) as [string, string]
      // Subtotal 10 × 500 + 10 × 500 = 10,000; extra 1,000 → each unit carries 1000 × 500 / 10000 = 50.
      const order = await sentOrder([v1, v2], 10, { extraCostsAmount: 1000, expectedOn: '2020-01-01' })
      const [l1, l2] = order.lines as [PurchaseOrder['lines'][number], PurchaseOrder['lines'][number]]
      let res = await call('POST', `/admin/purchase-orders/${order.id}/receipts`, {
        reference: 'DN-1', lines: [{ lineId: l1.id, acceptedQuantity: 6, rejectedQuantity: 1, reason: 'one crushed box' }, { lineId: l2.id, acceptedQuantity: 12 }],
      })
      t.equal(res.statusCode, 201)
      const first = res.json<ReceiptResult>()
      t.match(first.purchaseOrder, { status: 'partially_received', receivedAt: null, lines: [
        { receivedQuantity: 6, rejectedQuantity: 1, outstandingQuantity: 4 }, { receivedQuantity: 12, outstandingQuantity: 0 }] })
      t.match(first.receipt.lines, [
        { lineId: l1.id, acceptedQuantity: 6, rejectedQuantity: 1, overQuantity: 0, reason: 'one crushed box', unitCostAmount: 500, landedUnitCostAmount: 550, onTime: false },
        { lineId: l2.id, acceptedQuantity: 12, overQuantity: 2, landedUnitCostAmount: 550 }])
      t.same(await level(s, v1), { on_hand: 6, reserved: 0, incoming: 4 }, 'accepted units on hand, the rest still incoming')
      t.same(await level(s, v2), { on_hand: 12, reserved: 0, incoming: 0 }, 'over-delivery: all 12 on hand, incoming cleared (never negative)')
      const ledger = (await call('GET', `/admin/stock-movements?variantId=${v1}`)).json().items
      t.match(ledger, [{ kind: 'received', onHandDelta: 6, reference: `purchase-order:${order.number}` }])

      res = await call('POST', `/admin/purchase-orders/${order.id}/close`)
      t.match(res.json(), { status: 'received', receivedAt: /Z$/, lines: [{ receivedQuantity: 6, quantity: 10, outstandingQuantity: 0 }, {}] }, 'closed short: the shortfall stays visible')
      t.same(await level(s, v1), { on_hand: 6, reserved: 0, incoming: 0 }, 'closing clears what will not come')
      t.match((await call('POST', `/admin/purchase-orders/${order.id}/receipts`, { reference: 'DN-2', lines: [{ lineId: l1.id, acceptedQuantity: 1 }] })).json(), { status: 409, code: 'SUPPLIERS_PURCHASE_ORDER_STATE' })
      t.same((await orderEvents(s, order.id)).sort(), ['suppliers.purchase-order.created', 'suppliers.purchase-order.partially-received', 'suppliers.purchase-order.received',
        'suppliers.purchase-order.sent', 'suppliers.receipt.recorded'])
      t.same(await ledgerMismatches(s), [], 'every level equals the sum of its ledger rows')
    })

    t.test('a full receipt completes the order; bad receipt lines are refused before anything moves', async (t) => {
      const [v] = await createVariants(s, 1) as [string]
      const other = await sentOrder((await createVariants(s, 1)), 1)
      const order = await sentOrder([v], 5, { expectedOn: '2999-12-31' })
      const lineId = order.lines[0]?.id as string
      const url = `/admin/purchase-orders/${order.id}/receipts`
      t.match((await call('POST', url, { reference: 'X', lines: [{ lineId: other.lines[0]?.id, acceptedQuantity: 1 }] })).json(), { status: 422, code: 'SUPPLIERS_RECEIPT_LINE_INVALID', reason: 'not_on_order' })
      t.match((await call('POST', url, { reference: 'X', lines: [{ lineId, acceptedQuantity: 1 }, { lineId, acceptedQuantity: 1 }] })).json(), { reason: 'repeated' })
      t.match((await call('POST', url, { reference: 'X', lines: [{ lineId, acceptedQuantity: 0 }] })).json(), { reason: 'nothing_received' })
      t.match((await call('POST', url, { reference: 'X', receivedAt: '2001-01-01T00:00:00Z', lines: [{ lineId, acceptedQuantity: 1 }] })).json(), { status: 422, code: 'SUPPLIERS_RECEIPT_DATE' })
      t.equal((await call('POST', url, { reference: 'X', receivedAt: '0000-01-01T00:00:00Z', lines: [{ lineId, acceptedQuantity: 1 }] })).statusCode, 400, 'no year 0')
      t.equal((await call('POST', url, { reference: 'X', lines: [{ lineId, acceptedQuantity: -1 }] })).statusCode, 400)
      t.same(await level(s, v), { on_hand: 0, reserved: 0, incoming: 5 }, 'nothing moved')
      const res = await call('POST', url, { reference: 'DN-full', lines: [{ lineId, acceptedQuantity: 5 }] })
      t.match(res.json(), { purchaseOrder: { status: 'received', receivedAt: /Z$/ }, receipt: { lines: [{ onTime: true, overQuantity: 0, landedUnitCostAmount: 500 }] } })
      t.same(await level(s, v), { on_hand: 5, reserved: 0, incoming: 0 })
      t.equal((await call('GET', url)).json().items.length, 1)
    })

    t.test('a retried receipt is counted once: same delivery note, same Idempotency-Key, or both at the same time', async (t) => {
      const [v] = await createVariants(s, 1) as [string]
      const order = await sentOrder([v], 20)
      const lineId = order.lines[0]?.id as string
      const url = `/admin/purchase-orders/${order.id}/receipts`
      const body = { reference: 'DN-retry', lines: [{ lineId, acceptedQuantity: 4 }] }
      const first = await call('POST', url, body)
      t.equal(first.statusCode, 201)
      const again = await call('POST', url, { ...body, lines: [{ lineId, acceptedQuantity: 9 }] })
      t.equal(again.statusCode, 200, 'the same delivery note answers 200 with the first receipt')
      t.equal(again.json().receipt.id, first.json().receipt.id)
      t.same(await level(s, v), { on_hand: 4, reserved: 0, incoming: 16 })
      const key = randomUUID()
      const keyed = { reference: 'DN-keyed', lines: [{ lineId, acceptedQuantity: 3 }] }
      const k1 = await call('POST', url, keyed, { ...s.admin, 'idempotency-key': key })
      const k2 = await call('POST', url, keyed, { ...s.admin, 'idempotency-key': key })
      t.equal(k1.statusCode, 201)
      t.same(k2.json(), k1.json(), 'the kernel replays the stored response')
      // Five concurrent deliveries of one note: the order row lock makes exactly one count.
      const racing = await Promise.all(Array.from({ length: 5 }, async () => await call('POST', url, { reference: 'DN-race', lines: [{ lineId, acceptedQuantity: 2 }] })))
      t.same(racing.map((r) => r.statusCode).sort(), [200, 200, 200, 200, 201])
      t.equal(new Set(racing.map((r) => r.json().receipt.id)).size, 1)
      t.same(await level(s, v), { on_hand: 9, reserved: 0, incoming: 11 }, '4 + 3 + 2, each once')
      t.equal((await call('GET', url)).json().items.length, 3)
      t.same(await ledgerMismatches(s), [])
    })

    t.test('a receipt into another location puts the units on hand there and takes incoming off where it was expected', async (t) => {
      const [v] = await createVariants(s, 1) as [string]
      const order = await sentOrder([v], 8)
      const annex = (await s.app.services.inventoryLocations.create(s.ctx, { name: uniqueName('Annex'), priority: 1 })).id
      const res = await call('POST', `/admin/purchase-orders/${order.id}/receipts`, { reference: 'DN-annex', locationId: annex, lines: [{ lineId: order.lines[0]?.id, acceptedQuantity: 8 }] })
      t.match(res.json(), { receipt: { locationId: annex }, purchaseOrder: { status: 'received' } })
      t.same(await level(s, v), { on_hand: 0, reserved: 0, incoming: 0 })
      t.same(await level(s, v, annex), { on_hand: 8, reserved: 0, incoming: 0 })
      const next = await sentOrder([v], 1)
      t.match((await call('POST', `/admin/purchase-orders/${next.id}/receipts`, { reference: 'x', locationId: randomUUID(), lines: [{ lineId: next.lines[0]?.id, acceptedQuantity: 1 }] })).json(),
        { status: 404, code: 'INVENTORY_LOCATION_NOT_FOUND' })
      t.same(await level(s, v), { on_hand: 0, reserved: 0, incoming: 1 }, 'nothing moved')
      t.same(await ledgerMismatches(s), [])
    })

    t.test('a sent order whose variant was deleted in the catalog can still be cancelled', async (t) => {
      const [v, w] = await createVariants(s, 2) as [string, string]
      const order = await sentOrder([v, w], 3)
      await s.app.services.catalogVariants.delete(s.ctx, v)
      await s.app.services.inventoryItems.dropVariant(s.ctx, v) // what inventory's catalog.variant.deleted subscriber does
      await s.app.services.suppliersItems.dropVariant(s.ctx, v) // and ours
      t.equal((await call('GET', `/admin/supplier-items?variantId=${v}`)).json().items.length, 0)
      const res = await call('POST', `/admin/purchase-orders/${order.id}/cancel`)
      t.match(res.json(), { status: 'cancelled' })
      t.same(await level(s, w), { on_hand: 0, reserved: 0, incoming: 0 })
    })

    t.test('documents: CSV rows with exact amounts and defused formulas; printable, escaped HTML', async (t) => {
      const [v] = await createVariants(s, 1) as [string]
      const supplier = await createSupplier(s, { name: uniqueName('<b>Acme</b>'), contacts: [{ name: 'Bob', email: 'bob@acme.example' }], paymentTerms: 'Net 30' })
      await createItem(s, supplier.id, v, { supplierSku: '=HYPERLINK("x")', cost: { amount: 1999, currency: 'EUR' } })
      const order = (await call('POST', '/admin/purchase-orders', { supplierId: supplier.id, locationId: s.locationId, extraCostsAmount: 500, lines: [{ variantId: v, quantity: 3 }] })).json()
      let res = await call('GET', `/admin/purchase-orders/${order.id}/document.csv`)
      t.match(res.headers['content-type'], /^text\/csv/)
      const [header, row] = res.body.trim().split('\r\n')
      t.match(header, /^purchase_order,supplier,currency,line,supplier_sku,variant_id,quantity,unit_cost_amount,unit_cost,line_total_amount,line_total,expected_on$/)
      t.match(row, `,EUR,1,"'=HYPERLINK(""x"")",${v},3,1999,19.99,5997,59.97,`)
      res = await call('GET', `/admin/purchase-orders/${order.id}/document.html`)
      t.match(res.headers['content-type'], /^text\/html/)
      t.match(res.body, `Purchase order ${order.number as string}`)
      t.match(res.body, '&#60;b&#62;Acme&#60;/b&#62;')
      t.notMatch(res.body, '<b>Acme')
      t.match(res.body, '64.97 EUR', 'total with extra costs')
      t.match((await call('GET', `/admin/purchase-orders/${randomUUID()}/document.csv`)).json(), { status: 404, code: 'SUPPLIERS_PURCHASE_ORDER_NOT_FOUND' })
    })

    t.test('RBAC: no key is 401, suppliers:read reads but cannot write, inventory:write is not enough', async (t) => {
      const reader = await keyHeaders(s.app, ['suppliers:read'])
      const stranger = await keyHeaders(s.app, ['inventory:write'])
      t.equal((await call('GET', '/admin/suppliers', undefined, {})).statusCode, 401)
      t.equal((await call('GET', '/admin/suppliers', undefined, reader)).statusCode, 200)
      t.equal((await call('POST', '/admin/suppliers', { name: uniqueName('S'), currency: 'EUR' }, reader)).statusCode, 403)
      t.equal((await call('GET', '/admin/purchase-orders', undefined, stranger)).statusCode, 403)
    })
  })
}
