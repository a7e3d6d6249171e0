import { NotFoundError, type Cradle, type Ctx, type EventSubscriber } from '@comptoir/core'
import type { orderEvents } from '@comptoir/plugin-orders'

type OrderEvents = typeof orderEvents

async function linesOf (ctx: Ctx, services: Cradle, orderId: string) {
  try {
    const order = await services.orders.summary(ctx, orderId)
    return order.status === 'cancelled' ? null : order.lines
  } catch (error) {
    if (error instanceof NotFoundError) return null
    throw error
  }
}

/** orders.order.placed: the order's products become purchase signals. Idempotent. */
export const recordPurchases: EventSubscriber<OrderEvents, 'orders.order.placed'> = async (ctx, event, { services }) => {
  const lines = await linesOf(ctx, services, event.payload.orderId)
  if (lines == null) return // cancelled since, or gone: nothing to learn from
  await services.recommendationsSignals.once(ctx, event.id, 'order-placed', async (tx) => {
    await services.recommendationsSignals.recordPurchase(tx, {
      orderId: event.payload.orderId, customerId: event.payload.customerId, occurredAt: event.occurredAt,
      lines: lines.map((l) => ({ productId: l.productId, quantity: l.quantity })),
    })
  })
}

/** orders.order.cancelled: the order's purchases no longer count. Idempotent. */
export const removeCancelledPurchases: EventSubscriber<OrderEvents, 'orders.order.cancelled'> = async (ctx, event, { services }) => {
  await services.recommendationsSignals.removePurchase(ctx, event.payload.orderId)
}

/** orders.return.received: products returned in full (every unit of their lines) no longer count. Idempotent. */
export const removeReturnedPurchases: EventSubscriber<OrderEvents, 'orders.return.received'> = async (ctx, event, { services }) => {
  const lines = await linesOf(ctx, services, event.payload.orderId)
  if (lines == null) return
  const kept = new Set(lines.filter((l) => l.returnedQuantity < l.quantity).map((l) => l.productId))
  const returned = [...new Set(lines.filter((l) => l.returnedQuantity >= l.quantity).map((l) => l.productId))].filter((id) => !kept.has(id))
  if (returned.length > 0) await services.recommendationsSignals.removePurchase(ctx, event.payload.orderId, returned)
}
