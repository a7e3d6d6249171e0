import type { Cradle, Ctx } from '@comptoir/core'
import { orderRef } from './read.js'
import type { OrderRow, PaymentRow } from './rows.js'
import { transitionOrder } from './transitions.js'

/**
 * What a payment outcome does to its order, inside the transaction that recorded it (order row
 * locked first). Shared by checkout, admin capture and gateway webhooks so each path agrees.
 */
export function createOrderEffects (cradle: Cradle, prefix: string) {
  const { events } = cradle

  async function placed (ctx: Ctx, order: OrderRow): Promise<void> {
    await events.emit(ctx, 'orders.order.placed', { ...orderRef(order, prefix), amount: Number(order.total_amount), currency: order.currency.trim() })
    if (order.cart_id != null) await cradle.ordersCarts.completeCheckout(ctx, order.cart_id, order.id)
  }

  return {
    /** Payment authorized: a pending order is placed and confirmed. */
    async authorized (ctx: Ctx, order: OrderRow): Promise<void> {
      if (order.status !== 'pending') return
      await transitionOrder(ctx, order.id, 'pending', 'confirmed', 'payment_authorized')
      await placed(ctx, order)
      await events.emit(ctx, 'orders.order.confirmed', orderRef(order, prefix))
    },

    /** Payment captured: a pending or confirmed order becomes paid; later states keep theirs. */
    async captured (ctx: Ctx, order: OrderRow, payment: PaymentRow, amount: number): Promise<void> {
      if (order.status === 'pending' || order.status === 'confirmed') {
        await transitionOrder(ctx, order.id, order.status, 'paid', 'payment_captured')
        if (order.status === 'pending') await placed(ctx, order)
      }
      await events.emit(ctx, 'orders.order.paid', { ...orderRef(order, prefix), amount, currency: payment.currency.trim() })
    },

    /** Payment failed before authorization: cancel the order, release its stock, reopen its cart. */
    async failed (ctx: Ctx, order: OrderRow): Promise<void> {
      if (order.status !== 'pending') return
      await transitionOrder(ctx, order.id, 'pending', 'cancelled', 'payment_failed')
      await cradle.inventory.release(ctx, { ownerId: order.id })
      if (order.cart_id != null) await cradle.ordersCarts.abortCheckout(ctx, order.cart_id)
      await events.emit(ctx, 'orders.order.cancelled', { ...orderRef(order, prefix), reason: 'payment_failed' })
    },
  }
}
export type OrderEffects = ReturnType<typeof createOrderEffects>
