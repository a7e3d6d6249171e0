import { inTransaction, type Cradle, type Ctx } from '@comptoir/core'
import { PurchaseOrderStateError, ReceiptDateError, ReceiptLineInvalidError } from '../errors.js'
import { int, iso } from '../rows.js'
import type { Receipt, ReceiptInput, ReceiptList, ReceiptResult } from '../schemas/index.js'
import { landedUnitCosts } from './landed-cost.js'
import { eventPayload, getOrder, linesOf, lockOrder } from './purchase-order-rows.js'

interface ReceiptRow { id: string, purchase_order_id: string, reference: string, location_id: string, note: string | null, received_at: Date | string, created_at: Date | string }
interface ReceiptLineRow {
  receipt_id: string, line_id: string, variant_id: string, accepted_quantity: number, rejected_quantity: number, over_quantity: number,
  reason: string | null, unit_cost_amount: string | number, landed_unit_cost_amount: string | number, on_time: boolean, position: number
}

async function receiptsOf (ctx: Ctx, rows: readonly ReceiptRow[]): Promise<Receipt[]> {
  const lines = rows.length === 0
    ? []
    : await ctx.db('suppliers_receipt_lines as r').join('suppliers_purchase_order_lines as l', 'l.id', 'r.line_id')
      .select('r.receipt_id', 'r.line_id', 'r.variant_id', 'r.accepted_quantity', 'r.rejected_quantity', 'r.over_quantity', 'r.reason',
        'r.unit_cost_amount', 'r.landed_unit_cost_amount', 'r.on_time', 'l.position').whereIn('r.receipt_id', rows.map((r) => r.id)).orderBy(['r.receipt_id', 'l.position']) as ReceiptLineRow[]
  return rows.map((r) => ({
    id: r.id, purchaseOrderId: r.purchase_order_id, reference: r.reference, locationId: r.location_id, note: r.note,
    receivedAt: iso(r.received_at), createdAt: iso(r.created_at),
    lines: lines.filter((l) => l.receipt_id === r.id).map((l) => ({
      lineId: l.line_id, variantId: l.variant_id, acceptedQuantity: l.accepted_quantity, rejectedQuantity: l.rejected_quantity,
      overQuantity: l.over_quantity, reason: l.reason, unitCostAmount: int(l.unit_cost_amount), landedUnitCostAmount: int(l.landed_unit_cost_amount), onTime: l.on_time,
    })),
  }))
}

const receiptColumns = ['id', 'purchase_order_id', 'reference', 'location_id', 'note', 'received_at', 'created_at'] as const

/**
 * Receiving (`suppliersReceiving`): goods arriving against a sent order. One transaction: the order
 * row is locked, accepted units go on hand through inventory's ledger (`received`) at the order's
 * location (or the one the receipt names), incoming drops by what was outstanding, the lines count what arrived, and the order moves to partially_received
 * or received. A receipt repeated with the same `reference` returns the first one, counted once.
 */
export function createReceivingService ({ events, inventoryLevels, inventoryLocations }: Cradle) {
  return {
    async list (ctx: Ctx, orderId: string): Promise<ReceiptList> {
      await getOrder(ctx, orderId)
      const rows = await ctx.db('suppliers_receipts').select(receiptColumns).where({ purchase_order_id: orderId }).orderBy(['received_at', 'id']) as ReceiptRow[]
      return { items: await receiptsOf(ctx, rows) }
    },

    async receive (ctx: Ctx, orderId: string, input: ReceiptInput): Promise<ReceiptResult & { created: boolean }> {
      return await inTransaction(ctx, async (tx) => {
        // 1. The lock serialises receipts of one order: the dedupe read below cannot race.
        const order = await lockOrder(tx, orderId)
        // 2. A retry (same delivery note) finds the first receipt, even once the order is complete.
        const existing = await tx.db('suppliers_receipts').select(receiptColumns).where({ purchase_order_id: orderId, reference: input.reference }).first() as ReceiptRow | undefined
        if (existing != null) return { receipt: (await receiptsOf(tx, [existing]))[0] as Receipt, purchaseOrder: await getOrder(tx, orderId), created: false }
        if (order.status !== 'sent' && order.status !== 'partially_received') throw new PurchaseOrderStateError(orderId, order.status, ['sent', 'partially_received'])
        const receivedAt = input.receivedAt == null ? new Date() : new Date(input.receivedAt)
        if (order.sent_at != null && receivedAt < new Date(order.sent_at)) throw new ReceiptDateError(iso(order.sent_at))

        // 3. Check the lines before anything is written.
        const lines = await linesOf(tx, [orderId])
        const byId = new Map(lines.map((l) => [l.id, l]))
        const seen = new Set<string>()
        for (const l of input.lines) {
          if (!byId.has(l.lineId)) throw new ReceiptLineInvalidError(l.lineId, 'not_on_order')
          if (seen.has(l.lineId)) throw new ReceiptLineInvalidError(l.lineId, 'repeated')
          if (l.acceptedQuantity + (l.rejectedQuantity ?? 0) === 0) throw new ReceiptLineInvalidError(l.lineId, 'nothing_received')
          seen.add(l.lineId)
        }
        const landed = landedUnitCosts(lines.map((l) => ({ quantity: l.quantity, unitCostAmount: int(l.unit_cost_amount) })), int(order.extra_costs_amount))
        const landedOf = new Map(lines.map((l, i) => [l.id, landed[i] as number]))
        const locationId = input.locationId ?? order.location_id
        if (locationId !== order.location_id) await inventoryLocations.get(tx, locationId)
        const [receipt] = await tx.db('suppliers_receipts').insert({
          purchase_order_id: orderId, reference: input.reference, location_id: locationId, note: input.note ?? null, received_at: receivedAt,
        }).returning(receiptColumns) as ReceiptRow[]
        const receiptId = (receipt as ReceiptRow).id
        const receivedDay = receivedAt.toISOString().slice(0, 10)

        // 4. Work out each line, then move the levels (created when missing) in level id order, the
        //    lock order checkout uses: units on hand where they arrived, incoming off where expected.
        const moves: Array<{ levelId: string, run: () => Promise<unknown> }> = []
        let accepted = 0; let rejected = 0; let over = 0
        for (const l of input.lines) {
          const line = byId.get(l.lineId) as (typeof lines)[number]
          const outstanding = Math.max(0, line.quantity - line.received_quantity)
          const arrived = Math.min(l.acceptedQuantity, outstanding)
          const rejectedUnits = l.rejectedQuantity ?? 0
          if (l.acceptedQuantity > 0) {
            const { level } = await inventoryLevels.create(tx, { variantId: line.variant_id, locationId })
            moves.push({ levelId: level.id, run: async () => await inventoryLevels.receive(tx, level.id, { quantity: l.acceptedQuantity, reference: `purchase-order:${order.number}`, reason: `receipt ${input.reference}` }) })
          }
          const expectedAt = arrived > 0 ? (await inventoryLevels.list(tx, { variantId: line.variant_id, locationId: order.location_id, limit: 1 })).items[0] : undefined
          if (expectedAt != null) moves.push({ levelId: expectedAt.id, run: async () => await inventoryLevels.expect(tx, expectedAt.id, -arrived) })
          await tx.db('suppliers_purchase_order_lines').where({ id: line.id })
            .increment({ received_quantity: l.acceptedQuantity, rejected_quantity: rejectedUnits })
          const expected = line.expected_on ?? order.expected_on
          await tx.db('suppliers_receipt_lines').insert({
            receipt_id: receiptId, line_id: line.id, variant_id: line.variant_id, accepted_quantity: l.acceptedQuantity, rejected_quantity: rejectedUnits,
            over_quantity: l.acceptedQuantity - arrived, reason: l.reason ?? null, unit_cost_amount: int(line.unit_cost_amount),
            landed_unit_cost_amount: landedOf.get(line.id) ?? int(line.unit_cost_amount), on_time: expected == null || receivedDay <= expected.slice(0, 10),
          })
          accepted += l.acceptedQuantity; rejected += rejectedUnits; over += l.acceptedQuantity - arrived
        }
        moves.sort((a, b) => a.levelId < b.levelId ? -1 : a.levelId > b.levelId ? 1 : 0)
        for (const move of moves) await move.run()

        // 5. The order is received once no line has units outstanding.
        const open = await tx.db('suppliers_purchase_order_lines').where({ purchase_order_id: orderId }).whereRaw('received_quantity < quantity').first('id')
        const status = open == null ? 'received' : 'partially_received'
        await tx.db('suppliers_purchase_orders').where({ id: orderId })
          .update({ status, ...(status === 'received' ? { received_at: receivedAt } : {}), updated_at: tx.db.fn.now() })
        await events.emit(tx, 'suppliers.receipt.recorded', {
          receiptId, purchaseOrderId: orderId, supplierId: order.supplier_id, locationId, acceptedUnits: accepted, rejectedUnits: rejected, overUnits: over,
        })
        await events.emit(tx, `suppliers.purchase-order.${status.replace('_', '-')}`, eventPayload(order, status))
        const saved = await tx.db('suppliers_receipts').select(receiptColumns).where({ id: receiptId }).first() as ReceiptRow
        return { receipt: (await receiptsOf(tx, [saved]))[0] as Receipt, purchaseOrder: await getOrder(tx, orderId), created: true }
      })
    },
  }
}

export type ReceivingService = ReturnType<typeof createReceivingService>
