import { Type, type Static } from '@comptoir/core'
import { Timestamp } from './common.js'

export const consentPurposes = ['marketing_email', 'sms', 'profiling', 'analytics'] as const
export const ConsentPurpose = Type.Union([
  Type.Literal('marketing_email'), Type.Literal('sms'), Type.Literal('profiling'), Type.Literal('analytics'),
], { description: 'What the personal data is used for' })
export type ConsentPurpose = Static<typeof ConsentPurpose>
export const ConsentSource = Type.Union([Type.Literal('storefront'), Type.Literal('checkout'), Type.Literal('admin'), Type.Literal('import'), Type.Literal('api')])
export type ConsentSource = Static<typeof ConsentSource>

/** One entry of the append-only consent log. */
export const ConsentRecord = Type.Object({ purpose: ConsentPurpose, granted: Type.Boolean(), source: ConsentSource, recordedAt: Timestamp })
export type ConsentRecord = Static<typeof ConsentRecord>

/** Current consent per purpose, derived from the log; a purpose never recorded is not granted. */
export const ConsentState = Type.Object({
  purpose: ConsentPurpose,
  granted: Type.Boolean(),
  recordedAt: Type.Union([Timestamp, Type.Null()]),
})
export type ConsentState = Static<typeof ConsentState>
export const ConsentSummary = Type.Object({ items: Type.Array(ConsentState) })
export type ConsentSummary = Static<typeof ConsentSummary>
export const ConsentHistory = Type.Object({ items: Type.Array(ConsentRecord) })
export type ConsentHistory = Static<typeof ConsentHistory>

/** Grants or withdraws one or more purposes; the storefront's source is always `storefront`. */
export const ConsentInput = Type.Object({
  changes: Type.Array(Type.Object({ purpose: ConsentPurpose, granted: Type.Boolean() }, { additionalProperties: false }), { minItems: 1, maxItems: 4 }),
}, { additionalProperties: false })
export type ConsentInput = Static<typeof ConsentInput>
export const AdminConsentInput = Type.Object({
  changes: ConsentInput.properties.changes,
  source: Type.Optional(ConsentSource),
}, { additionalProperties: false })
export type AdminConsentInput = Static<typeof AdminConsentInput>
