import { Page, Type, type Static } from '@comptoir/core'

const Id = Type.String({ format: 'uuid' })

/** A customer's points account. */
export const LoyaltyAccount = Type.Object({
  customerId: Id,
  balance: Type.Integer({ minimum: 0 }),
  /** Minor units one point is worth at checkout. */
  pointValue: Type.Integer(),
})
export type LoyaltyAccount = Static<typeof LoyaltyAccount>

export const LedgerReason = Type.Union([Type.Literal('earned'), Type.Literal('reversed'), Type.Literal('redeemed'), Type.Literal('restored'), Type.Literal('adjusted')])

/** One change of a balance: what happened, by how much, about which order. */
export const LedgerEntry = Type.Object({
  id: Id,
  points: Type.Integer({ description: 'Positive for a credit, negative for a debit' }),
  reason: LedgerReason,
  orderId: Type.Union([Id, Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
})
export type LedgerEntry = Static<typeof LedgerEntry>

export const LedgerPage = Page(LedgerEntry)
export type LedgerPage = Static<typeof LedgerPage>

export const CustomerParams = Type.Object({ customerId: Id }, { additionalProperties: false })
export type CustomerParams = Static<typeof CustomerParams>

/** An admin's manual adjustment (goodwill, correction); the reason is kept in the ledger and the audit log. */
export const AdjustmentInput = Type.Object({
  points: Type.Integer({ minimum: -1_000_000, maximum: 1_000_000, not: Type.Literal(0) }),
  note: Type.String({ minLength: 1, maxLength: 500 }),
}, { additionalProperties: false })
export type AdjustmentInput = Static<typeof AdjustmentInput>

/** What the shopper sends as `extensions.loyalty` of the checkout body. */
export const RedeemInput = Type.Object({
  points: Type.Integer({ minimum: 1, maximum: 10_000_000 }),
}, { additionalProperties: false })
export type RedeemInput = Static<typeof RedeemInput>
