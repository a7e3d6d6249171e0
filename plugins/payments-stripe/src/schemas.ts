import { CurrencyCode, PageQuery, Type, type Static } from '@comptoir/core'

const Timestamp = Type.String({ format: 'date-time' })
const NullableString = Type.Union([Type.String(), Type.Null()])

export const LedgerKind = Type.Union([Type.Literal('authorization'), Type.Literal('capture'), Type.Literal('refund'), Type.Literal('dispute'), Type.Literal('fee')])
export type LedgerKind = Static<typeof LedgerKind>

/** One append-only ledger row: a money fact reported by Stripe, amount as a positive magnitude. */
export const LedgerEntry = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: LedgerKind,
  status: Type.String(),
  amount: Type.Integer({ minimum: 0 }),
  currency: CurrencyCode,
  gatewayObjectId: Type.String(),
  paymentIntentId: NullableString,
  chargeId: NullableString,
  balanceTransactionId: NullableString,
  orderId: NullableString,
  paymentId: NullableString,
  occurredAt: Timestamp,
  createdAt: Timestamp,
})
export type LedgerEntry = Static<typeof LedgerEntry>

/** A UTC period `[from, to)`; reports default to the last 30 days. */
const periodProperties = {
  from: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
  to: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
}
export const PeriodQuery = Type.Object(periodProperties, { additionalProperties: false })
export type PeriodQuery = Static<typeof PeriodQuery>

export const LedgerQuery = Type.Object({
  ...PageQuery.properties,
  ...periodProperties,
  kind: Type.Optional(LedgerKind),
  orderId: Type.Optional(Type.String({ maxLength: 64 })),
}, { additionalProperties: false })
export type LedgerQuery = Static<typeof LedgerQuery>

export const PagedPeriodQuery = Type.Object({ ...PageQuery.properties, ...periodProperties }, { additionalProperties: false })
export type PagedPeriodQuery = Static<typeof PagedPeriodQuery>

export const DailyTotal = Type.Object({
  day: Type.String({ description: 'UTC day, YYYY-MM-DD' }),
  currency: CurrencyCode,
  kind: LedgerKind,
  status: Type.String(),
  count: Type.Integer(),
  amount: Type.Integer({ description: 'Sum of amounts, minor units' }),
})
export type DailyTotal = Static<typeof DailyTotal>

export const DailyTotals = Type.Object({ from: Timestamp, to: Timestamp, items: Type.Array(DailyTotal) })

export const ReconciliationRun = Type.Object({
  id: Type.String({ format: 'uuid' }),
  periodStart: Timestamp,
  periodEnd: Timestamp,
  status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('completed'), Type.Literal('failed')]),
  matchedCount: Type.Integer(),
  mismatchCount: Type.Integer(),
  failure: NullableString,
  createdAt: Timestamp,
  finishedAt: Type.Union([Timestamp, Type.Null()]),
})
export type ReconciliationRun = Static<typeof ReconciliationRun>

export const ReconciliationOutcome = Type.Union([Type.Literal('matched'), Type.Literal('missing_in_ledger'), Type.Literal('missing_at_stripe'), Type.Literal('amount_mismatch')])
export type ReconciliationOutcome = Static<typeof ReconciliationOutcome>

export const ReconciliationItem = Type.Object({
  id: Type.String({ format: 'uuid' }),
  runId: Type.String({ format: 'uuid' }),
  outcome: ReconciliationOutcome,
  kind: Type.String(),
  gatewayObjectId: Type.String(),
  ledgerEntryId: Type.Union([Type.String(), Type.Null()]),
  balanceTransactionId: NullableString,
  ledgerAmount: Type.Union([Type.Integer(), Type.Null()]),
  stripeAmount: Type.Union([Type.Integer(), Type.Null()]),
  currency: CurrencyCode,
  orderId: NullableString,
})
export type ReconciliationItem = Static<typeof ReconciliationItem>

export const StartReconciliationInput = Type.Object({
  from: Type.String({ format: 'date-time', maxLength: 40 }),
  to: Type.String({ format: 'date-time', maxLength: 40 }),
}, { additionalProperties: false })
export type StartReconciliationInput = Static<typeof StartReconciliationInput>

export const RunParams = Type.Object({ runId: Type.String({ format: 'uuid' }) }, { additionalProperties: false })
export const MismatchQuery = Type.Object({ ...PageQuery.properties, runId: Type.Optional(Type.String({ format: 'uuid' })) }, { additionalProperties: false })
export type MismatchQuery = Static<typeof MismatchQuery>

/** A card saved on the customer's Stripe Customer: display facts only. */
export const SavedPaymentMethod = Type.Object({
  id: Type.String(),
  type: Type.String(),
  brand: NullableString,
  last4: NullableString,
  expMonth: Type.Union([Type.Integer(), Type.Null()]),
  expYear: Type.Union([Type.Integer(), Type.Null()]),
})
export type SavedPaymentMethod = Static<typeof SavedPaymentMethod>

export const SavePaymentMethodInput = Type.Object({
  /** A PaymentMethod id made by Stripe.js; omitted, the answer's clientSecret lets the browser collect one. */
  paymentMethod: Type.Optional(Type.String({ pattern: '^pm_[A-Za-z0-9_]+$', maxLength: 255 })),
}, { additionalProperties: false })
export type SavePaymentMethodInput = Static<typeof SavePaymentMethodInput>

export const SetupResult = Type.Object({
  setupIntentId: Type.String(),
  status: Type.String(),
  /** For Stripe.js (confirmCardSetup); shown to the signed-in customer only. */
  clientSecret: NullableString,
  paymentMethod: Type.Union([SavedPaymentMethod, Type.Null()]),
})
export type SetupResult = Static<typeof SetupResult>

export const PaymentMethodParams = Type.Object({ paymentMethodId: Type.String({ pattern: '^pm_[A-Za-z0-9_]+$', maxLength: 255 }) }, { additionalProperties: false })

export const WebhookReceipt = Type.Object({ received: Type.Boolean(), duplicate: Type.Boolean() })

/** What the storefront may send as `payment.data` for provider `stripe`. */
export const StripePaymentData = Type.Object({
  /** A PaymentMethod id (`pm_…`, from Stripe.js or a saved card): confirms server-side at checkout. */
  paymentMethod: Type.Optional(Type.String({ pattern: '^pm_[A-Za-z0-9_]+$', maxLength: 255 })),
  /** Where a redirect-based method returns; without it, server-side confirm refuses redirects. */
  returnUrl: Type.Optional(Type.String({ format: 'uri', maxLength: 2000 })),
  /** Save the card on the signed-in customer's Stripe Customer for later checkouts. */
  savePaymentMethod: Type.Optional(Type.Boolean()),
}, { additionalProperties: false })
export type StripePaymentData = Static<typeof StripePaymentData>

