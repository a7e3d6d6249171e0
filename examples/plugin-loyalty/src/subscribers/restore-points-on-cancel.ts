import type { EventSubscriber } from '@comptoir/core'
import type { orderEvents } from '@comptoir/plugin-orders'

/** A cancelled order gives back the points it spent (once per order). */
export const restorePointsOnCancel: EventSubscriber<typeof orderEvents, 'orders.order.cancelled'> = async (ctx, event, { services }) => {
  await services.loyalty.restoreForOrder(ctx, event.payload.orderId)
}
