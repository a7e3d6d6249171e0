import { inTransaction, type Cradle, type Ctx, type PluginScope } from '@comptoir/core'
import type { OrdersConfig } from '../config.js'
import { OrderNotHeldError, OrderOnHoldError } from '../errors.js'
import { lockOrder, orderRef } from './read.js'
import type { OrderRow } from './rows.js'
import type { AdminOrder } from './schemas.js'
import { recordTimeline } from './timeline.js'

/** 409 ORDERS_ORDER_ON_HOLD when the (locked) order is held: fulfil, ship and capture call it. */
export function assertNotHeld (row: OrderRow, action: string): void {
  if (row.held_at != null) throw new OrderOnHoldError(row.id, action)
}

/**
 * Puts the order on hold inside the caller's transaction (order row locked). A held order stays
 * held with its first reason: a second hold is a timeline entry, not an overwrite.
 */
export async function placeHold (ctx: Ctx, cradle: Cradle, prefix: string, row: OrderRow, hold: { source: string, reason: string }): Promise<boolean> {
  const updated = await ctx.db('orders_orders').where({ id: row.id }).whereNull('held_at')
    .update({ held_at: ctx.db.fn.now(), hold_source: hold.source, hold_reason: hold.reason, updated_at: ctx.db.fn.now() })
  await recordTimeline(ctx, row.id, { kind: 'hold', from: null, to: updated === 1 ? 'held' : null, reason: updated === 1 ? 'held' : 'already_held', data: { source: hold.source, reason: hold.reason } })
  if (updated !== 1) return false
  await cradle.events.emit(ctx, 'orders.order.held', { ...orderRef(row, prefix), source: hold.source })
  return true
}

/** Holds on orders: placed by checkout extensions (fraud review) or an admin, released by an admin or the extension. */
export function createHoldsService (cradle: Cradle, scope: PluginScope<OrdersConfig>) {
  const prefix = scope.config.orderNumberPrefix

  return {
    /** Puts the order on hold (`source` names who asked: a plugin id, or `orders` for an admin). Audited; a held order stays held. */
    async place (ctx: Ctx, orderId: string, hold: { source: string, reason: string }): Promise<AdminOrder> {
      await inTransaction(ctx, async (tx) => {
        const row = await lockOrder(tx, orderId)
        if (await placeHold(tx, cradle, prefix, row, hold)) {
          await cradle.audit.record(tx, { action: 'orders.order.held', targetType: 'order', targetId: orderId, after: { source: hold.source, reason: hold.reason } })
        }
      })
      return await cradle.orders.get(ctx, orderId)
    },

    /**
     * Releases the hold: fulfilment, shipment and capture may go on. Audited and on the timeline.
     * 409 ORDERS_ORDER_NOT_HELD when it is not held (a second release by a concurrent reviewer).
     */
    async release (ctx: Ctx, orderId: string, input: { note?: string | null } = {}): Promise<AdminOrder> {
      await inTransaction(ctx, async (tx) => {
        const row = await lockOrder(tx, orderId)
        if (row.held_at == null) throw new OrderNotHeldError(orderId)
        await tx.db('orders_orders').where({ id: orderId }).update({ held_at: null, hold_source: null, hold_reason: null, updated_at: tx.db.fn.now() })
        await recordTimeline(tx, orderId, { kind: 'hold', from: 'held', to: 'released', reason: 'released', body: input.note ?? null, data: { source: row.hold_source, reason: row.hold_reason } })
        await cradle.audit.record(tx, { action: 'orders.order.released', targetType: 'order', targetId: orderId, before: { source: row.hold_source, reason: row.hold_reason }, after: { note: input.note ?? null } })
        await cradle.events.emit(tx, 'orders.order.released', { ...orderRef(row, prefix), source: row.hold_source ?? 'orders' })
      })
      return await cradle.orders.get(ctx, orderId)
    },

    /** True while the order is held. */
    async isHeld (ctx: Ctx, orderId: string): Promise<boolean> {
      const row = await ctx.db('orders_orders').where({ id: orderId }).first('held_at') as { held_at: Date | null } | undefined
      return row?.held_at != null
    },
  }
}
export type HoldsService = ReturnType<typeof createHoldsService>
