import type { EventSubscriber, SubscriberHandler } from '@comptoir/core'
import type { orderEvents } from '@comptoir/plugin-orders'

type OrderEvents = typeof orderEvents

/** orders.order.placed: counts the order for segments and RFM, and puts it on the timeline. Idempotent. */
export const recordOrderPlaced: EventSubscriber<OrderEvents, 'orders.order.placed'> = async (ctx, event, { services }) => {
  await services.crmStoreActivity.orderPlaced(ctx, event)
}

/** orders.order.cancelled: the order no longer counts as spend. Idempotent. */
export const recordOrderCancelled: EventSubscriber<OrderEvents, 'orders.order.cancelled'> = async (ctx, event, { services }) => {
  await services.crmStoreActivity.orderCancelled(ctx, event)
}

/** orders.payment.refunded: lowers the order's net spend. Idempotent. */
export const recordPaymentRefunded: EventSubscriber<OrderEvents, 'orders.payment.refunded'> = async (ctx, event, { services }) => {
  await services.crmStoreActivity.paymentRefunded(ctx, event)
}

/** Shipments, deliveries, returns and order service notes: timeline entries. Idempotent. */
export const recordOrderEvent: SubscriberHandler<{ orderId: string, number: string, customerId: string | null } & Record<string, unknown>> = async (ctx, event, { services }) => {
  await services.crmStoreActivity.orderEvent(ctx, event)
}
