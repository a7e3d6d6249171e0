import type { SubscriberHandler } from '@comptoir/core'

/** Every declared event (the `'*'` subscription): one delivery per endpoint whose filters match. */
export const fanOutEvent: SubscriberHandler = async (ctx, event, { services }) => {
  await services.webhooksDeliveries.fanOut(ctx, event)
}
