import { Page, PageQuery, Type, type Static } from '@comptoir/core'
import { eventPatternRegex } from './event-filters.js'

export const Id = Type.String({ format: 'uuid' })
/** Years 1000–9999: year 0 passes `date-time` and the database refuses it. */
export const Timestamp = Type.String({ format: 'date-time', pattern: '^[1-9][0-9]{3}-' })
const NullableTimestamp = Type.Union([Timestamp, Type.Null()])
export const NoContent = Type.Null({ description: 'No content' })

const Url = Type.String({ minLength: 1, maxLength: 2048, description: 'https URL (http only to loopback, when the store allows loopback receivers)' })
const EventPattern = Type.String({ minLength: 1, maxLength: 200, pattern: eventPatternRegex, description: 'An event name, a prefix with a wildcard (`orders.*`), or `*` for every event' })
const Events = Type.Array(EventPattern, { minItems: 1, maxItems: 100, description: 'Events delivered to the endpoint (no default: an endpoint gets what it names)' })
const Description = Type.String({ maxLength: 500 })

export const WebhookEndpoint = Type.Object({
  id: Id,
  url: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  events: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  disabledReason: Type.Union([Type.Literal('manual'), Type.Literal('failing'), Type.Null()]),
  failingSince: NullableTimestamp,
  /** Until then the previous secret also signs (after a rotation). */
  previousSecretExpiresAt: NullableTimestamp,
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type WebhookEndpoint = Static<typeof WebhookEndpoint>

/** An endpoint with its secret: only in the answers to create and rotate. */
export const WebhookEndpointWithSecret = Type.Object({
  endpoint: WebhookEndpoint,
  secret: Type.String({ description: 'The signing secret, shown this once: store it in the receiver' }),
})
export type WebhookEndpointWithSecret = Static<typeof WebhookEndpointWithSecret>

export const WebhookEndpointInput = Type.Object({
  url: Url,
  events: Events,
  description: Type.Optional(Description),
  enabled: Type.Optional(Type.Boolean()),
}, { additionalProperties: false })
export type WebhookEndpointInput = Static<typeof WebhookEndpointInput>

export const WebhookEndpointPatch = Type.Object({
  url: Type.Optional(Url),
  events: Type.Optional(Events),
  description: Type.Optional(Type.Union([Description, Type.Null()])),
  enabled: Type.Optional(Type.Boolean({ description: 'false disables by hand; true enables again and clears the failure clock' })),
}, { additionalProperties: false })
export type WebhookEndpointPatch = Static<typeof WebhookEndpointPatch>

export const RotateSecretInput = Type.Object({
  overlapSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 7 * 86_400, description: 'Seconds the old secret keeps signing (both signatures sent); default the store option' })),
}, { additionalProperties: false })
export type RotateSecretInput = Static<typeof RotateSecretInput>

export const EndpointParams = Type.Object({ endpointId: Id }, { additionalProperties: false })
export type EndpointParams = Static<typeof EndpointParams>
export const DeliveryParams = Type.Object({ deliveryId: Id }, { additionalProperties: false })
export type DeliveryParams = Static<typeof DeliveryParams>

export const EndpointQuery = Type.Object({ ...PageQuery.properties, enabled: Type.Optional(Type.Boolean()) }, { additionalProperties: false })
export type EndpointQuery = Static<typeof EndpointQuery>

const DeliveryStatus = Type.Union([Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed')])
export const DeliveryQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(DeliveryStatus),
  since: Type.Optional(Timestamp),
  until: Type.Optional(Timestamp),
}, { additionalProperties: false })
export type DeliveryQuery = Static<typeof DeliveryQuery>

export const RedeliverFailedInput = Type.Object({ since: Timestamp, until: Timestamp }, { additionalProperties: false })
export type RedeliverFailedInput = Static<typeof RedeliverFailedInput>
export const RedeliverFailedResult = Type.Object({ redelivered: Type.Integer({ description: 'Failed deliveries of the period put back in line' }) })

export const WebhookAttempt = Type.Object({
  attempt: Type.Integer(),
  startedAt: Timestamp,
  durationMs: Type.Integer(),
  statusCode: Type.Union([Type.Integer(), Type.Null()]),
  /** The first `maxResponseBytes` of the answer. */
  responseBody: Type.Union([Type.String(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.Union([Type.Literal('succeeded'), Type.Literal('retrying'), Type.Literal('failed')]),
})
export type WebhookAttempt = Static<typeof WebhookAttempt>

export const WebhookDelivery = Type.Object({
  id: Id,
  endpointId: Id,
  eventId: Id,
  eventName: Type.String(),
  occurredAt: Timestamp,
  status: DeliveryStatus,
  attempts: Type.Integer(),
  nextAttemptAt: NullableTimestamp,
  lastStatusCode: Type.Union([Type.Integer(), Type.Null()]),
  erased: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type WebhookDelivery = Static<typeof WebhookDelivery>
export const WebhookDeliveryPage = Page(WebhookDelivery)
export const WebhookEndpointPage = Page(WebhookEndpoint)

export const WebhookDeliveryDetail = Type.Object({ ...WebhookDelivery.properties, attempts: Type.Integer(), log: Type.Array(WebhookAttempt) })
export type WebhookDeliveryDetail = Static<typeof WebhookDeliveryDetail>

export const WebhookEventTypes = Type.Object({ items: Type.Array(Type.Object({ name: Type.String(), plugin: Type.String() })) })

/** The JSON body every delivery POSTs. */
export interface WebhookBody { id: string, name: string, occurredAt: string, payload: unknown }
