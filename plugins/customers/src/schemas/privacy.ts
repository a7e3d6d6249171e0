import { Type, type Static } from '@comptoir/core'
import { Id, Timestamp } from './common.js'

export const ErasureRequest = Type.Object({
  id: Id,
  customerId: Id,
  status: Type.Union([Type.Literal('pending'), Type.Literal('completed'), Type.Literal('cancelled')]),
  requestedBy: Type.Union([Type.Literal('customer'), Type.Literal('admin'), Type.Literal('retention')]),
  requestedAt: Timestamp,
  dueAt: Timestamp,
  completedAt: Type.Union([Timestamp, Type.Null()]),
})
export type ErasureRequest = Static<typeof ErasureRequest>

/** The GDPR export: what every installed plugin holds about the customer, keyed by plugin name. */
export const PersonalDataExport = Type.Object({
  customerId: Id,
  exportedAt: Timestamp,
  plugins: Type.Record(Type.String(), Type.Unknown()),
})
export type PersonalDataExport = Static<typeof PersonalDataExport>

export const ErasureResult = Type.Object({ customerId: Id, pseudonym: Type.String(), plugins: Type.Array(Type.String()), erasedAt: Timestamp })
export type ErasureResult = Static<typeof ErasureResult>
