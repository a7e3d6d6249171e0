import type { Ctx } from '@comptoir/core'
import { OrderNotFoundError } from '../errors.js'
import {
  toFulfilment, toLine, toOrderSummary, toPayment, toRefund, toReturn, toTimelineEntry,
  type FulfilmentRow, type LineRow, type OrderRow, type PaymentRow, type RefundRow, type ReturnRow, type TimelineRow,
} from './rows.js'
import type { Order, TimelineEntry } from './schemas.js'

/** Locks the order row for the rest of the transaction; every order change starts here (one lock order: order first). */
export async function lockOrder (ctx: Ctx, orderId: string): Promise<OrderRow> {
  const row = await ctx.db('orders_orders').where({ id: orderId }).forUpdate().first() as OrderRow | undefined
  if (row == null) throw new OrderNotFoundError(orderId)
  return row
}

export async function orderRow (ctx: Ctx, orderId: string): Promise<OrderRow> {
  const row = await ctx.db('orders_orders').where({ id: orderId }).first() as OrderRow | undefined
  if (row == null) throw new OrderNotFoundError(orderId)
  return row
}

/** What an event says about the order. */
export function orderRef (row: OrderRow, prefix: string): { orderId: string, number: string, customerId: string | null } {
  return { orderId: row.id, number: `${prefix}${String(row.number)}`, customerId: row.customer_id }
}

export async function linesOf (ctx: Ctx, orderId: string): Promise<LineRow[]> {
  return await ctx.db('orders_lines').where({ order_id: orderId }).orderBy('position') as LineRow[]
}

async function sequence<T extends readonly unknown[]> (promises: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const out: unknown[] = []
  for (const p of promises) out.push(await p)
  return out as { -readonly [K in keyof T]: Awaited<T[K]> }
}

/** The order with its lines, payments, refunds, fulfilments and returns: one query per relation. */
export async function loadOrder (ctx: Ctx, orderId: string, prefix: string, row?: OrderRow): Promise<Order> {
  const order = row ?? await orderRow(ctx, orderId)
  // One connection runs one query at a time: inside a transaction the reads go in sequence.
  const all = (ctx.db as { isTransaction?: boolean }).isTransaction === true ? sequence : Promise.all.bind(Promise)
  const [lines, payments, refunds, fulfilments, fulfilmentLines, returns, returnLines] = await all([
    linesOf(ctx, orderId),
    ctx.db('orders_payments').where({ order_id: orderId }).orderBy('created_at') as Promise<PaymentRow[]>,
    ctx.db('orders_refunds').where({ order_id: orderId }).orderBy('created_at') as Promise<RefundRow[]>,
    ctx.db('orders_fulfilments').where({ order_id: orderId }).orderBy(['created_at', 'id']) as Promise<FulfilmentRow[]>,
    ctx.db('orders_fulfilment_lines as fl').join('orders_fulfilments as f', 'f.id', 'fl.fulfilment_id')
      .where('f.order_id', orderId).select('fl.fulfilment_id', 'fl.line_id', 'fl.quantity') as Promise<Array<{ fulfilment_id: string, line_id: string, quantity: number }>>,
    ctx.db('orders_returns').where({ order_id: orderId }).orderBy(['created_at', 'id']) as Promise<ReturnRow[]>,
    ctx.db('orders_return_lines as rl').join('orders_returns as r', 'r.id', 'rl.return_id')
      .where('r.order_id', orderId).select('rl.return_id', 'rl.line_id', 'rl.quantity', 'rl.disposition') as Promise<Array<{ return_id: string, line_id: string, quantity: number, disposition: 'restock' | 'write_off' | null }>>,
  ])
  return {
    ...toOrderSummary(order, prefix),
    lines: lines.map(toLine),
    shippingAddress: order.shipping_address,
    billingAddress: order.billing_address,
    shippingOption: order.shipping_option,
    promotions: order.promotions,
    adjustments: order.adjustments ?? [],
    payments: payments.map(toPayment),
    refunds: refunds.map(toRefund),
    fulfilments: fulfilments.map((f) => toFulfilment(f, fulfilmentLines.filter((l) => l.fulfilment_id === f.id).map((l) => ({ lineId: l.line_id, quantity: l.quantity })))),
    returns: returns.map((r) => toReturn(r, returnLines.filter((l) => l.return_id === r.id).map((l) => ({ lineId: l.line_id, quantity: l.quantity, disposition: l.disposition })))),
  }
}

export async function timelineOf (ctx: Ctx, orderId: string, customerVisibleOnly = false): Promise<TimelineEntry[]> {
  const query = ctx.db('orders_timeline').where({ order_id: orderId }).orderBy([{ column: 'created_at' }, { column: 'id' }])
  if (customerVisibleOnly) query.where({ visibility: 'customer' })
  return (await query as TimelineRow[]).map(toTimelineEntry)
}
