import type { Ctx } from '@comptoir/core'
import { SuppliersNotFoundError } from '../errors.js'
import { day, int, iso, isoOrNull } from '../rows.js'
import type { PurchaseOrder, PurchaseOrderLine, PurchaseOrderStatus } from '../schemas/index.js'

export interface OrderRow {
  id: string
  number: string
  supplier_id: string
  location_id: string
  status: PurchaseOrderStatus
  currency: string
  subtotal_amount: string | number
  extra_costs_amount: string | number
  expected_on: string | null
  note: string | null
  sent_at: Date | string | null
  received_at: Date | string | null
  cancelled_at: Date | string | null
  created_at: Date | string
  updated_at: Date | string
}
/** Dates are read as text: a `date` is a calendar day, not a moment (pg would make it local midnight). */
export const orderColumns = ['id', 'number', 'supplier_id', 'location_id', 'status', 'currency', 'subtotal_amount', 'extra_costs_amount',
  'note', 'sent_at', 'received_at', 'cancelled_at', 'created_at', 'updated_at'] as const

export interface LineRow {
  id: string
  purchase_order_id: string
  position: number
  variant_id: string
  supplier_sku: string | null
  quantity: number
  received_quantity: number
  rejected_quantity: number
  unit_cost_amount: string | number
  expected_on: string | null
}
const lineColumns = ['id', 'purchase_order_id', 'position', 'variant_id', 'supplier_sku', 'quantity', 'received_quantity', 'rejected_quantity', 'unit_cost_amount'] as const

/** Units of a line still expected: nothing once the order is closed. */
export function outstandingOf (line: Pick<LineRow, 'quantity' | 'received_quantity'>, status: PurchaseOrderStatus): number {
  return status === 'sent' || status === 'partially_received' ? Math.max(0, line.quantity - line.received_quantity) : 0
}

export function selectOrders (ctx: Ctx) {
  return ctx.db('suppliers_purchase_orders').select(orderColumns).select(ctx.db.raw('expected_on::text as expected_on'))
}

export async function linesOf (ctx: Ctx, orderIds: readonly string[]): Promise<LineRow[]> {
  if (orderIds.length === 0) return []
  return await ctx.db('suppliers_purchase_order_lines').select(lineColumns).select(ctx.db.raw('expected_on::text as expected_on'))
    .whereIn('purchase_order_id', [...orderIds]).orderBy(['purchase_order_id', 'position']) as LineRow[]
}

function toLine (row: LineRow, status: PurchaseOrderStatus): PurchaseOrderLine {
  const unit = int(row.unit_cost_amount)
  return {
    id: row.id,
    variantId: row.variant_id,
    supplierSku: row.supplier_sku,
    quantity: row.quantity,
    receivedQuantity: row.received_quantity,
    rejectedQuantity: row.rejected_quantity,
    outstandingQuantity: outstandingOf(row, status),
    unitCostAmount: unit,
    totalAmount: unit * row.quantity,
    expectedOn: day(row.expected_on),
  }
}

/** Orders with their lines: one query for the page's lines. */
export async function hydrateOrders (ctx: Ctx, rows: readonly OrderRow[]): Promise<PurchaseOrder[]> {
  const lines = await linesOf(ctx, rows.map((r) => r.id))
  return rows.map((r) => {
    const subtotal = int(r.subtotal_amount)
    const extra = int(r.extra_costs_amount)
    return {
      id: r.id,
      number: r.number,
      supplierId: r.supplier_id,
      locationId: r.location_id,
      status: r.status,
      currency: r.currency,
      subtotalAmount: subtotal,
      extraCostsAmount: extra,
      totalAmount: subtotal + extra,
      expectedOn: day(r.expected_on),
      note: r.note,
      lines: lines.filter((l) => l.purchase_order_id === r.id).map((l) => toLine(l, r.status)),
      sentAt: isoOrNull(r.sent_at),
      receivedAt: isoOrNull(r.received_at),
      cancelledAt: isoOrNull(r.cancelled_at),
      createdAt: iso(r.created_at),
      updatedAt: iso(r.updated_at),
    }
  })
}

export async function getOrder (ctx: Ctx, orderId: string): Promise<PurchaseOrder> {
  const row = await selectOrders(ctx).where({ id: orderId }).first() as OrderRow | undefined
  if (row == null) throw new SuppliersNotFoundError('purchase_order', orderId)
  return (await hydrateOrders(ctx, [row]))[0] as PurchaseOrder
}

/** Locks the order row (FOR UPDATE): two sends, receipts or cancels of one order run one after the other. */
export async function lockOrder (ctx: Ctx, orderId: string): Promise<OrderRow> {
  const row = await selectOrders(ctx).where({ id: orderId }).forUpdate().first() as OrderRow | undefined
  if (row == null) throw new SuppliersNotFoundError('purchase_order', orderId)
  return row
}

export function eventPayload (row: OrderRow, status: PurchaseOrderStatus): Record<string, unknown> {
  return {
    purchaseOrderId: row.id, number: row.number, supplierId: row.supplier_id, locationId: row.location_id, status,
    currency: row.currency, totalAmount: int(row.subtotal_amount) + int(row.extra_costs_amount),
  }
}
