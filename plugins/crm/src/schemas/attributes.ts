import { Type, type Static } from '@comptoir/core'
import { NullableTimestamp, Timestamp } from './common.js'

export const attributeTypes = ['text', 'number', 'date', 'boolean', 'enum'] as const
export type AttributeType = typeof attributeTypes[number]
export const AttributeType = Type.Union([Type.Literal('text'), Type.Literal('number'), Type.Literal('date'), Type.Literal('boolean'), Type.Literal('enum')])

export const AttributeKey = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z][a-z0-9_]*$' })
export const Tag = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', description: 'Lower-case, dash-separated' })

export const AttributeDefinition = Type.Object({
  key: Type.String(),
  label: Type.String(),
  type: AttributeType,
  options: Type.Array(Type.String(), { description: 'The allowed values of an enum attribute' }),
  createdAt: Timestamp,
})
export type AttributeDefinition = Static<typeof AttributeDefinition>
export const AttributeDefinitionList = Type.Object({ items: Type.Array(AttributeDefinition) })
export type AttributeDefinitionList = Static<typeof AttributeDefinitionList>

export const AttributeDefinitionInput = Type.Object({
  key: AttributeKey,
  label: Type.String({ minLength: 1, maxLength: 200 }),
  type: AttributeType,
  options: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 100, uniqueItems: true })),
}, { additionalProperties: false })
export type AttributeDefinitionInput = Static<typeof AttributeDefinitionInput>

/** A value as clients send and read it: text, enum and date (YYYY-MM-DD) as strings. */
export const AttributeValue = Type.Union([Type.String({ maxLength: 2000 }), Type.Number({ minimum: -1e15, maximum: 1e15 }), Type.Boolean()])
export type AttributeValue = Static<typeof AttributeValue>
export const AttributeValueInput = Type.Object({ value: AttributeValue }, { additionalProperties: false })
export type AttributeValueInput = Static<typeof AttributeValueInput>

export const CustomerAttributeParams = Type.Object({ customerId: Type.String({ format: 'uuid' }), key: AttributeKey }, { additionalProperties: false })
export type CustomerAttributeParams = Static<typeof CustomerAttributeParams>
export const CustomerTagParams = Type.Object({ customerId: Type.String({ format: 'uuid' }), tag: Tag }, { additionalProperties: false })
export type CustomerTagParams = Static<typeof CustomerTagParams>

const Score = Type.Union([Type.Integer({ minimum: 1, maximum: 5 }), Type.Null()])

/** Spend in one currency (integer minor units), never summed across currencies. */
export const SpendByCurrency = Type.Object({
  currency: Type.String(),
  orderCount: Type.Integer(),
  totalSpentAmount: Type.Integer({ description: 'Placed minus refunded, cancelled orders excluded' }),
  averageOrderAmount: Type.Integer(),
})

/** What crm knows about one customer: tags, attributes, order figures, RFM and engagement with its factors. */
export const CrmProfile = Type.Object({
  customerId: Type.String(),
  tags: Type.Array(Type.String()),
  attributes: Type.Record(Type.String(), AttributeValue),
  marketingConsent: Type.Boolean(),
  groupIds: Type.Array(Type.String()),
  country: Type.Union([Type.String(), Type.Null()]),
  orderCount: Type.Integer(),
  firstOrderAt: NullableTimestamp,
  lastOrderAt: NullableTimestamp,
  spend: Type.Array(SpendByCurrency),
  rfm: Type.Object({ recency: Score, frequency: Score, monetary: Score, computedAt: NullableTimestamp }),
  engagement: Type.Object({
    score: Type.Union([Type.Integer({ minimum: 0, maximum: 100 }), Type.Null()]),
    factors: Type.Union([Type.Record(Type.String(), Type.Number()), Type.Null()]),
    computedAt: NullableTimestamp,
  }),
})
export type CrmProfile = Static<typeof CrmProfile>
