import type { EventSubscriber } from '@comptoir/core'
import type { orderEvents } from '@comptoir/plugin-orders'

/**
 * orders.payment.disputed (payments-stripe reports chargebacks through orders): an opened dispute
 * labels the order fraud (`dispute`), a lost one adds `chargeback`, a won one withdraws the
 * `dispute` label. Idempotent: labels are unique per (order, source).
 */
export const labelDisputes: EventSubscriber<typeof orderEvents, 'orders.payment.disputed'> = async (ctx, event, { services }) => {
  const { orderId, status } = event.payload
  if (status === 'opened') await services.fraudLabels.record(ctx, orderId, 'fraud', 'dispute', event.id)
  else if (status === 'lost') await services.fraudLabels.record(ctx, orderId, 'fraud', 'chargeback', event.id)
  else if (status === 'won') await services.fraudLabels.withdraw(ctx, orderId, 'dispute')
}
