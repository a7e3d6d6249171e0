import type { EventSubscriber } from '@comptoir/core'
import type { orderEvents } from '@comptoir/plugin-orders'

/** A delivered order earns its points (once per order, however many fulfilments are delivered). */
export const earnPointsOnDelivery: EventSubscriber<typeof orderEvents, 'orders.order.delivered'> = async (ctx, event, { services }) => {
  if (event.payload.customerId == null) return
  await services.loyalty.earnForOrder(ctx, event.payload.orderId)
}
