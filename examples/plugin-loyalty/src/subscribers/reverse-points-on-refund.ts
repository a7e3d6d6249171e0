import type { EventSubscriber } from '@comptoir/core'
import type { orderEvents } from '@comptoir/plugin-orders'

/** A refund takes back the points its amount earned (once per refund). */
export const reversePointsOnRefund: EventSubscriber<typeof orderEvents, 'orders.payment.refunded'> = async (ctx, event, { services }) => {
  const { orderId, customerId, refundId, amount } = event.payload
  if (customerId == null) return
  await services.loyalty.reverseForRefund(ctx, { orderId, customerId, refundId, amount })
}
