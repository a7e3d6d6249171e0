import { PageQuery, Type, type Static } from '@comptoir/core'
import type { RuleId } from './rules/catalog.js'

const Uuid = Type.String({ format: 'uuid', maxLength: 36 })
const Timestamp = Type.String({ format: 'date-time' })
const Nullable = <T extends ReturnType<typeof Type.String>>(s: T) => Type.Union([s, Type.Null()])

// Spelt out so the static type is the union of ids; `ruleIdsMatch` below fails to compile if the lists drift.
export const RuleIdSchema = Type.Union([
  Type.Literal('velocity_email'), Type.Literal('velocity_customer'), Type.Literal('velocity_ip'), Type.Literal('velocity_device'), Type.Literal('velocity_card'),
  Type.Literal('failed_payments'), Type.Literal('many_cards'), Type.Literal('country_mismatch'), Type.Literal('first_order_high_value'),
  Type.Literal('disposable_email'), Type.Literal('block_list'), Type.Literal('radar_elevated'), Type.Literal('radar_highest'),
])
const ruleIdsMatch: [Static<typeof RuleIdSchema>] extends [RuleId] ? ([RuleId] extends [Static<typeof RuleIdSchema>] ? true : false) : false = true
void ruleIdsMatch

export const Reason = Type.Object({
  rule: RuleIdSchema,
  points: Type.Integer({ minimum: 0, maximum: 100 }),
  explanation: Type.String(),
  detail: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
})
export type Reason = Static<typeof Reason>

export const Decision = Type.Union([Type.Literal('allow'), Type.Literal('review'), Type.Literal('block')])
export const AssessmentStatus = Type.Union([Type.Literal('allowed'), Type.Literal('held'), Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('blocked')])
export type AssessmentStatus = Static<typeof AssessmentStatus>

/** One checkout's risk assessment: score, decision, every reason, and the review outcome. */
export const Assessment = Type.Object({
  id: Type.String({ format: 'uuid', description: 'The order id for a placed order; a blocked checkout\'s assessment has its own' }),
  orderId: Type.Union([Uuid, Type.Null()], { description: 'Null for a blocked checkout (no order was placed)' }),
  orderNumber: Nullable(Type.String()),
  cartId: Uuid,
  customerId: Type.Union([Uuid, Type.Null()]),
  email: Nullable(Type.String()),
  currency: Type.String(),
  totalAmount: Type.Integer(),
  score: Type.Integer({ minimum: 0, maximum: 100 }),
  decision: Decision,
  status: AssessmentStatus,
  reasons: Type.Array(Reason),
  radar: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  reviewedBy: Nullable(Type.String()),
  reviewedAt: Type.Union([Timestamp, Type.Null()]),
  reviewNote: Nullable(Type.String()),
  createdAt: Timestamp,
})
export type Assessment = Static<typeof Assessment>
export const AssessmentPage = Type.Object({ items: Type.Array(Assessment), nextCursor: Type.Union([Type.String(), Type.Null()]) })

export const ReviewQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(AssessmentStatus),
}, { additionalProperties: false })
export type ReviewQuery = Static<typeof ReviewQuery>

export const OrderParams = Type.Object({ orderId: Uuid }, { additionalProperties: false })
export type OrderParams = Static<typeof OrderParams>

export const ReviewDecisionInput = Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false })
export type ReviewDecisionInput = Static<typeof ReviewDecisionInput>

export const BlockKind = Type.Union([Type.Literal('email'), Type.Literal('email_domain'), Type.Literal('ip'), Type.Literal('device'), Type.Literal('address'), Type.Literal('card')])
export type BlockKind = Static<typeof BlockKind>

export const BlockEntry = Type.Object({
  id: Uuid, kind: BlockKind, value: Type.String(), note: Nullable(Type.String()), createdBy: Type.String(), createdAt: Timestamp,
})
export type BlockEntry = Static<typeof BlockEntry>
export const BlockEntryPage = Type.Object({ items: Type.Array(BlockEntry), nextCursor: Type.Union([Type.String(), Type.Null()]) })

export const BlockEntryInput = Type.Object({
  kind: BlockKind,
  value: Type.String({ minLength: 1, maxLength: 500, description: 'address: `line1|postalCode|country`; card: the gateway\'s card fingerprint' }),
  note: Type.Optional(Type.String({ maxLength: 500 })),
}, { additionalProperties: false })
export type BlockEntryInput = Static<typeof BlockEntryInput>

export const BlockListQuery = Type.Object({ ...PageQuery.properties, kind: Type.Optional(BlockKind) }, { additionalProperties: false })
export type BlockListQuery = Static<typeof BlockListQuery>
export const BlockEntryParams = Type.Object({ entryId: Uuid }, { additionalProperties: false })
export type BlockEntryParams = Static<typeof BlockEntryParams>

export const RuleStat = Type.Object({
  id: RuleIdSchema,
  enabled: Type.Boolean(),
  weight: Type.Integer(),
  hits: Type.Integer({ description: 'Assessments in the period where the rule added points' }),
  hitRate: Type.Number({ description: 'hits / assessments' }),
  labelledHits: Type.Integer({ description: 'Hits on orders with an outcome label' }),
  fraudHits: Type.Integer({ description: 'Hits on orders labelled fraud (dispute, chargeback, manual rejection)' }),
  precision: Type.Union([Type.Number(), Type.Null()], { description: 'fraudHits / labelledHits; null without labelled hits' }),
})
export const RuleReport = Type.Object({
  since: Timestamp,
  assessed: Type.Integer(),
  labelled: Type.Integer(),
  fraudLabelled: Type.Integer(),
  items: Type.Array(RuleStat),
  nextCursor: Type.Null(),
})
export type RuleReport = Static<typeof RuleReport>
export const RuleReportQuery = Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650, default: 90 })) }, { additionalProperties: false })
export type RuleReportQuery = Static<typeof RuleReportQuery>
