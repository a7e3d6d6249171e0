import type { Ctx } from '@comptoir/core'
import { IllegalTransitionError } from '../errors.js'
import type { OrderStatus, PaymentStatus } from './schemas.js'
import { recordTimeline } from './timeline.js'

/** Order state machine: from → allowed next states. Anything else is a 409 ORDERS_ILLEGAL_TRANSITION. */
export const orderTransitions: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending: ['confirmed', 'paid', 'cancelled'],
  confirmed: ['paid', 'partially_fulfilled', 'fulfilled', 'cancelled'],
  paid: ['partially_fulfilled', 'fulfilled', 'cancelled'],
  partially_fulfilled: ['fulfilled'],
  fulfilled: ['shipped'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
}

/** Payment state machine; forward only, so a late or repeated gateway report never moves it back. */
export const paymentTransitions: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = {
  pending: ['authorized', 'captured', 'failed', 'canceled'],
  authorized: ['captured', 'canceled', 'failed'],
  captured: ['partially_refunded', 'refunded'],
  partially_refunded: ['partially_refunded', 'refunded'],
  refunded: [],
  // A gateway may still capture money we gave up on (a late webhook after the timeout job): it is
  // recorded so the order shows money to refund, instead of being silently dropped.
  failed: ['captured'],
  canceled: ['captured'],
}

const stampColumn: Partial<Record<OrderStatus, string>> = {
  confirmed: 'confirmed_at', paid: 'paid_at', fulfilled: 'fulfilled_at', shipped: 'shipped_at', delivered: 'delivered_at', cancelled: 'cancelled_at',
}

export function canTransition (from: OrderStatus, to: OrderStatus): boolean {
  return orderTransitions[from].includes(to)
}

/**
 * Moves the order from `from` to `to` with a conditional update on the expected from-state (a
 * concurrent change makes it fail instead of overwriting), and records it in the timeline.
 */
export async function transitionOrder (ctx: Ctx, orderId: string, from: OrderStatus, to: OrderStatus, reason: string | null = null): Promise<void> {
  if (!canTransition(from, to)) throw new IllegalTransitionError('order', from, to)
  const patch: Record<string, unknown> = { status: to, updated_at: ctx.db.fn.now() }
  const stamp = stampColumn[to]
  if (stamp != null) patch[stamp] = ctx.db.fn.now()
  if (to === 'cancelled') patch.cancel_reason = reason
  const updated = await ctx.db('orders_orders').where({ id: orderId, status: from }).update(patch)
  if (updated !== 1) {
    const row = await ctx.db('orders_orders').where({ id: orderId }).first('status') as { status: OrderStatus } | undefined
    throw new IllegalTransitionError('order', row?.status ?? from, to)
  }
  await recordTimeline(ctx, orderId, { kind: 'status', from, to, reason })
}
