import { Page, PageQuery, Type, type Static } from '@comptoir/core'
import { Id, NullableId, NullableString, NullableTimestamp, Timestamp } from './common.js'

export const ticketStatuses = ['open', 'pending', 'resolved', 'closed'] as const
export type TicketStatus = typeof ticketStatuses[number]
export const TicketStatus = Type.Union([Type.Literal('open'), Type.Literal('pending'), Type.Literal('resolved'), Type.Literal('closed')])
export const ticketPriorities = ['low', 'normal', 'high', 'urgent'] as const
export type TicketPriority = typeof ticketPriorities[number]
export const TicketPriority = Type.Union([Type.Literal('low'), Type.Literal('normal'), Type.Literal('high'), Type.Literal('urgent')])

export const Ticket = Type.Object({
  id: Id,
  customerId: NullableId,
  subject: Type.String(),
  description: NullableString,
  status: TicketStatus,
  priority: TicketPriority,
  assigneeId: NullableId,
  orderId: NullableId,
  slaDueAt: NullableTimestamp,
  resolvedAt: NullableTimestamp,
  closedAt: NullableTimestamp,
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type Ticket = Static<typeof Ticket>
export const TicketPage = Page(Ticket)

export const TicketInput = Type.Object({
  customerId: Id,
  subject: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 20000 })),
  priority: Type.Optional(TicketPriority),
  assigneeId: Type.Optional(Id),
  orderId: Type.Optional(Id),
  slaDueAt: Type.Optional(Type.String({ format: 'date-time', description: 'Default: now + the plugin\'s slaHours for the priority' })),
}, { additionalProperties: false })
export type TicketInput = Static<typeof TicketInput>

export const TicketPatch = Type.Object({
  subject: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  priority: Type.Optional(TicketPriority),
  assigneeId: Type.Optional(Type.Union([Id, Type.Null()])),
  slaDueAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
}, { additionalProperties: false, minProperties: 1 })
export type TicketPatch = Static<typeof TicketPatch>

export const TicketTransitionInput = Type.Object({
  status: TicketStatus,
  note: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'Recorded on the timeline with the change' })),
}, { additionalProperties: false })
export type TicketTransitionInput = Static<typeof TicketTransitionInput>

export const TicketParams = Type.Object({ ticketId: Id }, { additionalProperties: false })
export type TicketParams = Static<typeof TicketParams>

export const TicketQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(TicketStatus),
  customerId: Type.Optional(Id),
  orderId: Type.Optional(Id),
  assigneeId: Type.Optional(Id),
}, { additionalProperties: false })
export type TicketQuery = Static<typeof TicketQuery>
