import { Page, PageQuery, Type, type Static } from '@comptoir/core'
import { Id, NullableId, NullableString, Timestamp } from './common.js'

export const InteractionType = Type.Union([Type.Literal('note'), Type.Literal('call'), Type.Literal('email'), Type.Literal('meeting'), Type.Literal('chat')])
export const Direction = Type.Union([Type.Literal('inbound'), Type.Literal('outbound'), Type.Literal('internal')])

/** One entry of a customer's timeline: a staff interaction or something the store recorded. */
export const TimelineEntry = Type.Object({
  id: Id,
  customerId: Id,
  source: Type.Union([Type.Literal('staff'), Type.Literal('system')]),
  type: Type.String({ description: 'note, call, email, meeting, chat (staff); order.placed, ticket.status-changed, consent.changed… (system)' }),
  channel: NullableString,
  direction: NullableString,
  subject: NullableString,
  body: NullableString,
  author: Type.Union([Type.Object({ type: Type.String(), id: Type.String() }), Type.Null()]),
  orderId: NullableId,
  ticketId: NullableId,
  data: Type.Record(Type.String(), Type.Unknown()),
  occurredAt: Timestamp,
})
export type TimelineEntry = Static<typeof TimelineEntry>

export const TimelinePage = Page(TimelineEntry)
export type TimelinePage = Static<typeof TimelinePage>

export const TimelineQuery = Type.Object({
  ...PageQuery.properties,
  source: Type.Optional(Type.Union([Type.Literal('staff'), Type.Literal('system')])),
}, { additionalProperties: false })
export type TimelineQuery = Static<typeof TimelineQuery>

/** A staff member records a note, call, email, meeting or chat with a customer. */
export const InteractionInput = Type.Object({
  type: InteractionType,
  channel: Type.Optional(Type.String({ minLength: 1, maxLength: 32, description: 'phone, email, whatsapp, in-store…' })),
  direction: Type.Optional(Direction),
  subject: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  body: Type.String({ minLength: 1, maxLength: 20000 }),
  orderId: Type.Optional(Id),
  occurredAt: Type.Optional(Type.String({ format: 'date-time', description: 'When it happened (default now)' })),
}, { additionalProperties: false })
export type InteractionInput = Static<typeof InteractionInput>
