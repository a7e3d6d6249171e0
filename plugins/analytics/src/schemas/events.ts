import { Type, type Static, type TSchema } from '@comptoir/core'

const Id = Type.String({ format: 'uuid', maxLength: 36 })
const Text = (maxLength: number): ReturnType<typeof Type.String> => Type.String({ maxLength })
const Common = {
  eventId: Type.String({ format: 'uuid', maxLength: 36, description: 'Client-made id; an event sent again with the same id (a retry) is stored once' }),
  timestamp: Type.Optional(Type.String({ format: 'date-time', maxLength: 40, description: 'Client clock; corrected by the batch sentAt, then clamped to the server clock' })),
  path: Type.Optional(Text(2048)),
}
const strict = { additionalProperties: false }

const Filters = Type.Record(Type.String({ maxLength: 64 }), Type.Union([
  Type.String({ maxLength: 200 }), Type.Number(), Type.Boolean(), Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 }),
]), { maxProperties: 20 })

/** One schema per event type a storefront may send; `purchase` is not one of them (the server records it from the order). */
export const clientEventSchemas = {
  page_view: Type.Object({ ...Common, type: Type.Literal('page_view'), path: Text(2048), referrer: Type.Optional(Text(2048)) }, strict),
  product_view: Type.Object({
    ...Common, type: Type.Literal('product_view'), productId: Id, variantId: Type.Optional(Id),
    searchQuery: Type.Optional(Type.String({ maxLength: 200, description: 'The search this view came from (search click-through)' })),
  }, strict),
  search: Type.Object({
    ...Common, type: Type.Literal('search'), query: Type.String({ maxLength: 200 }),
    resultCount: Type.Integer({ minimum: 0, maximum: 1_000_000 }), filters: Type.Optional(Filters),
  }, strict),
  add_to_cart: Type.Object({ ...Common, type: Type.Literal('add_to_cart'), productId: Id, variantId: Type.Optional(Id), quantity: Type.Integer({ minimum: 1, maximum: 10_000 }) }, strict),
  remove_from_cart: Type.Object({ ...Common, type: Type.Literal('remove_from_cart'), productId: Id, variantId: Type.Optional(Id), quantity: Type.Integer({ minimum: 1, maximum: 10_000 }) }, strict),
  checkout_started: Type.Object({ ...Common, type: Type.Literal('checkout_started') }, strict),
  checkout_completed: Type.Object({
    ...Common, type: Type.Literal('checkout_completed'),
    orderId: Type.String({ format: 'uuid', maxLength: 36, description: 'Links this session to the order for the funnel and attribution; amounts always come from the order itself' }),
  }, strict),
  campaign_landing: Type.Object({
    ...Common, type: Type.Literal('campaign_landing'), referrer: Type.Optional(Text(2048)),
    utmSource: Type.Optional(Text(200)), utmMedium: Type.Optional(Text(200)), utmCampaign: Type.Optional(Text(200)),
    utmTerm: Type.Optional(Text(200)), utmContent: Type.Optional(Text(200)),
  }, strict),
} satisfies Record<string, TSchema>
export type ClientEventType = keyof typeof clientEventSchemas
export type ClientEvent = { [K in ClientEventType]: Static<typeof clientEventSchemas[K]> }[ClientEventType]
/** Every type a raw event row may have: the client's, and `purchase` written by the server. */
export const eventTypes = [...Object.keys(clientEventSchemas), 'purchase'] as const

export const EventBatch = Type.Object({
  sentAt: Type.Optional(Type.String({ format: 'date-time', maxLength: 40, description: 'Client clock when the batch was sent: the skew to the server clock is taken off every timestamp' })),
  events: Type.Array(Type.Unknown({ description: `One event: { eventId, type, timestamp?, … } with type one of ${Object.keys(clientEventSchemas).join(', ')}` }), { minItems: 1, maxItems: 500 }),
}, strict)
export type EventBatch = Static<typeof EventBatch>

export const RejectedEvent = Type.Object({
  index: Type.Integer({ description: 'Position in the batch' }),
  errors: Type.Array(Type.Object({ pointer: Type.String(), detail: Type.String() })),
})
export type RejectedEvent = Static<typeof RejectedEvent>

export const IngestResult = Type.Object({
  accepted: Type.Integer({ description: 'New events stored' }),
  duplicates: Type.Integer({ description: 'Events whose eventId this session had sent already (not stored again)' }),
  dropped: Type.Integer({ description: 'Valid events not stored: the signed-in customer has not consented to analytics' }),
  rejected: Type.Array(RejectedEvent),
})
export type IngestResult = Static<typeof IngestResult>
