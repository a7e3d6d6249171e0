import { Type, type Static } from '@comptoir/core'

const Id = Type.String({ format: 'uuid' })

/** Every event crm emits through the outbox: name → payload. Ids only, no personal data. */
export const crmEvents = {
  /**
   * Customers who joined or left a segment in one evaluation; a large change comes as several
   * events of at most 500 ids each (`part` counts from 1).
   */
  'crm.segment.membership-changed': Type.Object({
    segmentId: Id,
    joined: Type.Array(Id),
    left: Type.Array(Id),
    part: Type.Integer({ minimum: 1 }),
    memberCount: Type.Integer({ minimum: 0 }),
  }),
  'crm.ticket.opened': Type.Object({ ticketId: Id, customerId: Type.Union([Id, Type.Null()]), orderId: Type.Union([Id, Type.Null()]), priority: Type.String() }),
  'crm.ticket.status-changed': Type.Object({ ticketId: Id, customerId: Type.Union([Id, Type.Null()]), from: Type.String(), to: Type.String() }),
} as const

export type CrmEvents = typeof crmEvents
export type CrmEventName = keyof CrmEvents
/** The payload of a crm event, for subscribers in other plugins (`import type`). */
export type CrmEventPayload<N extends CrmEventName> = Static<CrmEvents[N]>
