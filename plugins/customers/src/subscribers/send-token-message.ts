import type { SubscriberHandler } from '@comptoir/core'
import type { CustomersEventName, CustomersEventPayload } from '../events.js'
import { findServices } from '../kernel-bridge.js'

type TokenEvent = 'customers.password-reset.requested' | 'customers.email-change.requested'

/**
 * Mails (or, without SMTP, logs) the one-time link of a password-reset or email-change request.
 * Does nothing when the accounts service already sent it inline (`notifyInline`, the default
 * while the kernel hands subscribers no services). Redelivery after the token was used sends nothing.
 */
export const sendTokenMessage: SubscriberHandler<CustomersEventPayload<TokenEvent>> = async (ctx, event, kernel) => {
  const services = findServices(ctx, kernel)
  if (services == null || services.customersNotifier.inline) return
  await services.customersNotifier.deliver(ctx, event.name as CustomersEventName, event.payload)
}
