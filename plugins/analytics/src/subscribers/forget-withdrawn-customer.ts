import type { EventSubscriber } from '@comptoir/core'
import type { customersEvents } from '@comptoir/plugin-customers'

/**
 * customers.consent.changed: a customer who withdraws analytics consent is detached from the
 * events already stored (they stay as anonymous clickstream). Idempotent.
 */
export const forgetWithdrawnCustomer: EventSubscriber<typeof customersEvents, 'customers.consent.changed'> = async (ctx, event, { services }) => {
  if (event.payload.purpose !== 'analytics' || event.payload.granted) return
  await services.analytics.detachCustomer(ctx, event.payload.customerId)
}
