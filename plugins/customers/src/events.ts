import { Type, type Static } from '@comptoir/core'

const Id = Type.String({ format: 'uuid' })

export const CustomerRegistered = Type.Object({ customerId: Id })
export const CustomerLoggedIn = Type.Object({ customerId: Id })
export const CustomerUpdated = Type.Object({ customerId: Id, changed: Type.Array(Type.String(), { description: 'Names of the fields that changed' }) })
export const CustomerDisabled = Type.Object({ customerId: Id })
export const CustomerErased = Type.Object({ customerId: Id, pseudonym: Type.String() })
export const ErasureRequested = Type.Object({ customerId: Id, erasureRequestId: Id, dueAt: Type.String({ format: 'date-time' }) })
export const ConsentChanged = Type.Object({ customerId: Id, purpose: Type.String(), granted: Type.Boolean() })
export const GroupMembershipChanged = Type.Object({ customerId: Id, groupIds: Type.Array(Id) })
/**
 * Carries the one-time token to the notifier (and nothing personal: the notifier reads the
 * address itself). The token is single-use and expires after `tokenTtlSeconds`.
 */
export const TokenIssued = Type.Object({ customerId: Id, tokenId: Id, token: Type.String(), expiresAt: Type.String({ format: 'date-time' }) })

/** Every event the customers plugin emits through the outbox: name → payload schema. */
export const customersEvents = {
  'customers.customer.registered': CustomerRegistered,
  'customers.customer.logged-in': CustomerLoggedIn,
  'customers.customer.updated': CustomerUpdated,
  'customers.customer.disabled': CustomerDisabled,
  'customers.customer.erased': CustomerErased,
  'customers.erasure.requested': ErasureRequested,
  'customers.consent.changed': ConsentChanged,
  'customers.group-membership.changed': GroupMembershipChanged,
  'customers.password-reset.requested': TokenIssued,
  'customers.email-change.requested': TokenIssued,
} as const

export type CustomersEvents = typeof customersEvents
export type CustomersEventName = keyof CustomersEvents
/** The payload of a customers event, for subscribers in other plugins (`import type`). */
export type CustomersEventPayload<N extends CustomersEventName> = Static<CustomersEvents[N]>
