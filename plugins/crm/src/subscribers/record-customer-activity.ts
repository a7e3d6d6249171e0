import type { SubscriberHandler } from '@comptoir/core'
import type { CustomersEventPayload } from '@comptoir/plugin-customers'

/** customers.consent.changed: the timeline, and the marketing flag segments read. Idempotent. */
export const recordConsentChanged: SubscriberHandler<CustomersEventPayload<'customers.consent.changed'>> = async (ctx, event, { services }) => {
  await services.crmStoreActivity.consentChanged(ctx, event)
}

/** customers.group-membership.changed: the groups segments read. Idempotent. */
export const recordGroupsChanged: SubscriberHandler<CustomersEventPayload<'customers.group-membership.changed'>> = async (ctx, event, { services }) => {
  await services.crmStoreActivity.groupsChanged(ctx, event)
}

/** Registered, updated, disabled: account entries on the timeline. Idempotent. */
export const recordAccountEvent: SubscriberHandler<CustomersEventPayload<'customers.customer.updated'> | CustomersEventPayload<'customers.customer.registered'>> = async (ctx, event, { services }) => {
  await services.crmStoreActivity.accountEvent(ctx, event)
}
