import type { EventSubscriber } from '@comptoir/core'
import type { orderEvents } from '@comptoir/plugin-orders'
import { localDay } from '../services/rollups.js'

type OrderEvents = typeof orderEvents

/** orders.order.placed: the order, its lines and the server-side purchase event. Idempotent. */
export const recordOrderPlaced: EventSubscriber<OrderEvents, 'orders.order.placed'> = async (ctx, event, { services }) => {
  const { orderId, customerId, amount, currency } = event.payload
  await services.analyticsSales.orderPlaced(ctx, event.id, event.occurredAt, { orderId, customerId, amount, currency })
}

/** orders.order.cancelled: the order leaves its day's figures; that day is recomputed. Idempotent. */
export const recordOrderCancelled: EventSubscriber<OrderEvents, 'orders.order.cancelled'> = async (ctx, event, { services }) => {
  const placedAt = await services.analyticsSales.orderCancelled(ctx, event.payload.orderId, event.occurredAt)
  if (placedAt == null) return
  const day = localDay(services.analyticsRollups.timeZone, 0, new Date(placedAt))
  // Delayed: on BullMQ the job exists at once, before this transaction (the cancellation) commits.
  await services.jobs.enqueue(ctx, 'analytics.compute-rollups', { from: day, to: day }, { jobId: `analytics-rollup-${day}-${event.id}`, delayMs: 30_000 })
}

/** orders.payment.refunded: counted on the refund's day. Idempotent. */
export const recordPaymentRefunded: EventSubscriber<OrderEvents, 'orders.payment.refunded'> = async (ctx, event, { services }) => {
  const { refundId, orderId, amount, currency } = event.payload
  await services.analyticsSales.paymentRefunded(ctx, { refundId, orderId, amount, currency }, event.occurredAt)
}
