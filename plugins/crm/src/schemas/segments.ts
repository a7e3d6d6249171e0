import { Page, PageQuery, Type, type Static } from '@comptoir/core'
import { Id, NullableString, NullableTimestamp, Timestamp } from './common.js'
import { AttributeKey, Tag } from './attributes.js'

const Comparison = Type.Union([Type.Literal('eq'), Type.Literal('gt'), Type.Literal('gte'), Type.Literal('lt'), Type.Literal('lte')])
export type Comparison = 'eq' | 'gt' | 'gte' | 'lt' | 'lte'
const Currency = Type.String({ pattern: '^[A-Z]{3}$', minLength: 3, maxLength: 3, description: 'ISO 4217: spend rules are per currency' })
const Amount = Type.Integer({ minimum: 0, maximum: 9007199254740991, description: 'Integer minor units' })
const Count = Type.Integer({ minimum: 0, maximum: 1_000_000_000 })
const strict = { additionalProperties: false } as const

/** One rule of a segment; a segment matches customers passing all (or any) of its rules. */
export const SegmentRule = Type.Union([
  Type.Object({ field: Type.Union([Type.Literal('totalSpent'), Type.Literal('averageOrderValue')]), op: Comparison, amount: Amount, currency: Currency }, strict),
  Type.Object({ field: Type.Literal('orderCount'), op: Comparison, value: Count }, strict),
  Type.Object({
    field: Type.Union([Type.Literal('lastOrderAt'), Type.Literal('firstOrderAt')]),
    op: Type.Union([Type.Literal('before'), Type.Literal('after')]),
    daysAgo: Type.Integer({ minimum: 0, maximum: 36500, description: 'before 90 = more than 90 days ago' }),
  }, strict),
  Type.Object({ field: Type.Union([Type.Literal('recency'), Type.Literal('frequency'), Type.Literal('monetary')]), op: Comparison, value: Type.Integer({ minimum: 1, maximum: 5 }) }, strict),
  Type.Object({ field: Type.Literal('engagement'), op: Comparison, value: Type.Integer({ minimum: 0, maximum: 100 }) }, strict),
  Type.Object({ field: Type.Literal('group'), groupId: Id }, strict),
  Type.Object({ field: Type.Literal('tag'), tag: Tag }, strict),
  Type.Object({
    field: Type.Literal('attribute'), key: AttributeKey,
    op: Type.Union([Comparison, Type.Literal('set')]),
    value: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Number({ minimum: -1e15, maximum: 1e15 }), Type.Boolean()])),
  }, strict),
  Type.Object({ field: Type.Literal('marketingConsent'), value: Type.Boolean() }, strict),
  Type.Object({ field: Type.Literal('country'), countries: Type.Array(Type.String({ pattern: '^[A-Z]{2}$', minLength: 2, maxLength: 2 }), { minItems: 1, maxItems: 300 }) }, strict),
])
export type SegmentRule = Static<typeof SegmentRule>

export const SegmentMatch = Type.Union([Type.Literal('all'), Type.Literal('any')])

export const Segment = Type.Object({
  id: Id,
  name: Type.String(),
  description: NullableString,
  match: SegmentMatch,
  rules: Type.Array(SegmentRule),
  memberCount: Type.Integer({ description: 'Members at the last evaluation' }),
  evaluatedAt: NullableTimestamp,
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type Segment = Static<typeof Segment>
export const SegmentPage = Page(Segment)

export const SegmentInput = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 1000 })),
  match: Type.Optional(SegmentMatch),
  rules: Type.Array(SegmentRule, { minItems: 1, maxItems: 20 }),
}, strict)
export type SegmentInput = Static<typeof SegmentInput>

export const SegmentPatch = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])),
  match: Type.Optional(SegmentMatch),
  rules: Type.Optional(Type.Array(SegmentRule, { minItems: 1, maxItems: 20 })),
}, { ...strict, minProperties: 1 })
export type SegmentPatch = Static<typeof SegmentPatch>

export const SegmentParams = Type.Object({ segmentId: Id }, strict)
export type SegmentParams = Static<typeof SegmentParams>

export const SegmentEvaluation = Type.Object({
  segmentId: Id,
  memberCount: Type.Integer(),
  joined: Type.Integer(),
  left: Type.Integer(),
  evaluatedAt: Timestamp,
})
export type SegmentEvaluation = Static<typeof SegmentEvaluation>

export const SegmentMember = Type.Object({ customerId: Id, joinedAt: Timestamp })
export const SegmentMemberPage = Type.Object({
  items: Type.Array(SegmentMember),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  total: Type.Integer({ description: 'Members at the last evaluation' }),
})
export type SegmentMemberPage = Static<typeof SegmentMemberPage>
export const MemberQuery = Type.Object({ ...PageQuery.properties }, strict)
export type MemberQuery = Static<typeof MemberQuery>
