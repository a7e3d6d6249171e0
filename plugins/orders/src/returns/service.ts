import { randomUUID } from 'node:crypto'
import { inTransaction, type Cradle, type Ctx, type PluginScope } from '@comptoir/core'
import type { OrdersConfig } from '../config.js'
import { IllegalTransitionError, OrderPartNotFoundError } from '../errors.js'
import { incrementBounded, resolveLines, type LineQuantity } from '../fulfilment/lines.js'
import { lockOrder, orderRef } from '../orders/read.js'
import type { LineRow, OrderRow, ReturnRow } from '../orders/rows.js'
import type { AdminOrder } from '../orders/schemas.js'
import { recordTimeline } from '../orders/timeline.js'
import { createExchangeService } from './exchange.js'

export interface ReceiveInput {
  /** Where restocked units go; default: inventory's default location. */
  locationId?: string
  /** Per line: put back on hand (`restock`, default) or write off (damaged). */
  lines?: Array<{ lineId: string, disposition: 'restock' | 'write_off' }>
}

const returnable = new Set(['partially_fulfilled', 'fulfilled', 'shipped', 'delivered'])

/** Returns (RMA): request → received (restock or write-off) → refunded through the provider. */
export function createReturnsService (cradle: Cradle, scope: PluginScope<OrdersConfig>) {
  const prefix = scope.config.orderNumberPrefix
  const { events } = cradle

  async function lockReturn (ctx: Ctx, order: OrderRow, returnId: string): Promise<ReturnRow> {
    const row = await ctx.db('orders_returns').where({ id: returnId, order_id: order.id }).forUpdate().first() as ReturnRow | undefined
    if (row == null) throw new OrderPartNotFoundError('return', returnId)
    return row
  }

  async function moveReturn (ctx: Ctx, row: ReturnRow, to: ReturnRow['status'], patch: Record<string, unknown> = {}): Promise<void> {
    const updated = await ctx.db('orders_returns').where({ id: row.id, status: row.status }).update({ ...patch, status: to, updated_at: ctx.db.fn.now() })
    if (updated !== 1) throw new IllegalTransitionError('return', row.status, to)
    await recordTimeline(ctx, row.order_id, { kind: 'return', from: row.status, to, data: { returnId: row.id } })
  }

  async function returnLines (ctx: Ctx, returnId: string): Promise<Array<{ line_id: string, quantity: number, line: LineRow }>> {
    const rows = await ctx.db('orders_return_lines').where({ return_id: returnId }) as Array<{ line_id: string, quantity: number }>
    const lines = await ctx.db('orders_lines').whereIn('id', rows.map((r) => r.line_id)) as LineRow[]
    return rows.map((r) => ({ ...r, line: lines.find((l) => l.id === r.line_id)! }))
  }

  const { exchange } = createExchangeService(cradle, scope)

  return {
    exchange,

    /** Opens a return of fulfilled units; the units are held against further returns at once. */
    async request (ctx: Ctx, orderId: string, input: { lines: LineQuantity[], reason?: string | null }): Promise<{ returnId: string }> {
      return await inTransaction(ctx, async (tx) => {
        const order = await lockOrder(tx, orderId)
        if (!returnable.has(order.status)) throw new IllegalTransitionError('order', order.status, 'returned')
        const lines = await resolveLines(tx, orderId, input.lines)
        for (const line of lines) await incrementBounded(tx, line.row, 'returned_quantity', line.quantity, 'return')
        const returnId = randomUUID()
        await tx.db('orders_returns').insert({ id: returnId, order_id: orderId, reason: input.reason ?? null })
        await tx.db('orders_return_lines').insert(lines.map((l) => ({ return_id: returnId, line_id: l.lineId, quantity: l.quantity })))
        await recordTimeline(tx, orderId, { kind: 'return', to: 'requested', reason: input.reason ?? null, data: { returnId, lines: input.lines } })
        await events.emit(tx, 'orders.return.requested', { ...orderRef(order, prefix), returnId })
        return { returnId }
      })
    },

    /** The parcel is back: restock each line into a location (inventory ledger `returned`) or write it off. */
    async receive (ctx: Ctx, orderId: string, returnId: string, input: ReceiveInput): Promise<AdminOrder> {
      await inTransaction(ctx, async (tx) => {
        const order = await lockOrder(tx, orderId)
        const row = await lockReturn(tx, order, returnId)
        if (row.status !== 'requested') throw new IllegalTransitionError('return', row.status, 'received')
        const lines = await returnLines(tx, returnId)
        const inventory = cradle.inventory
        const locationId = input.locationId ?? await inventory.defaultLocationId(tx)
        for (const line of lines) {
          const disposition = input.lines?.find((l) => l.lineId === line.line_id)?.disposition ?? 'restock'
          if (disposition === 'restock' && locationId != null) {
            await inventory.restock(tx, { variantId: line.line.variant_id, locationId, quantity: line.quantity, reference: returnId, reason: row.reason ?? 'return' })
          }
          await tx.db('orders_return_lines').where({ return_id: returnId, line_id: line.line_id }).update({ disposition })
        }
        await moveReturn(tx, row, 'received', { received_at: tx.db.fn.now(), location_id: locationId })
        await events.emit(tx, 'orders.return.received', { ...orderRef(order, prefix), returnId })
      })
      return await cradle.orders.get(ctx, orderId)
    },

    /**
     * Refunds a received return through the provider: by default each returned unit's share of its
     * line total (tax and line discount included, rounded down per line); shipping is not refunded.
     */
    async refund (ctx: Ctx, orderId: string, returnId: string, input: { amount?: number }): Promise<AdminOrder> {
      const amount = await inTransaction(ctx, async (tx) => {
        const order = await lockOrder(tx, orderId)
        const row = await lockReturn(tx, order, returnId)
        if (row.status !== 'received') throw new IllegalTransitionError('return', row.status, 'refunded')
        const lines = await returnLines(tx, returnId)
        const value = input.amount ?? lines.reduce((sum, l) => sum + Math.floor(Number(l.line.total_amount) * l.quantity / l.line.quantity), 0)
        // Claimed before the gateway call: a concurrent second refund of this return fails here.
        await moveReturn(tx, row, 'refunded', { refund_amount: value })
        return value
      })
      try {
        if (amount > 0) await cradle.ordersPayments.refund(ctx, orderId, { amount, reason: 'return', returnId })
      } catch (error) {
        await inTransaction(ctx, async (tx) => {
          await tx.db('orders_returns').where({ id: returnId, status: 'refunded' }).update({ status: 'received', refund_amount: null, updated_at: tx.db.fn.now() })
          await recordTimeline(tx, orderId, { kind: 'return', from: 'refunded', to: 'received', reason: 'refund_failed', data: { returnId } })
        })
        throw error
      }
      return await cradle.orders.get(ctx, orderId)
    },

    /** Withdraws a return not yet received; its units become returnable again. */
    async cancel (ctx: Ctx, orderId: string, returnId: string): Promise<AdminOrder> {
      await inTransaction(ctx, async (tx) => {
        const order = await lockOrder(tx, orderId)
        const row = await lockReturn(tx, order, returnId)
        if (row.status !== 'requested') throw new IllegalTransitionError('return', row.status, 'cancelled')
        for (const line of await returnLines(tx, returnId)) {
          await tx.db('orders_lines').where({ id: line.line_id }).decrement('returned_quantity', line.quantity)
        }
        await moveReturn(tx, row, 'cancelled')
      })
      return await cradle.orders.get(ctx, orderId)
    },
  }
}
export type ReturnsService = ReturnType<typeof createReturnsService>
