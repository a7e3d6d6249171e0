import { Page, Type, type Static } from '@comptoir/core'
import { Id, NullableString, NullableTimestamp, PageFields, Timestamp } from './common.js'

export const ReplenishmentSuggestion = Type.Object({
  itemId: Id,
  variantId: Id,
  sku: NullableString,
  dailyDemand: Type.Number({ description: 'Forecast units per day (exponential smoothing of the ledger demand)' }),
  available: Type.Integer(),
  incoming: Type.Integer(),
  leadTimeDays: Type.Integer(),
  reorderPoint: Type.Integer({ description: 'Forecast demand over the lead time + safety stock' }),
  suggestedQuantity: Type.Integer(),
  daysOfCover: Type.Union([Type.Number(), Type.Null()], { description: 'Days the stock lasts at the forecast; null without demand' }),
  computedAt: Timestamp,
})
export type ReplenishmentSuggestion = Static<typeof ReplenishmentSuggestion>
export const ReplenishmentSuggestionPage = Page(ReplenishmentSuggestion)
export const ReplenishmentQuery = Type.Object({ ...PageFields }, { additionalProperties: false })
export type ReplenishmentQuery = Static<typeof ReplenishmentQuery>
export const JobAccepted = Type.Object({ jobId: Type.String() })

export const ImportStatus = Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('completed'), Type.Literal('failed')])
export const StockImport = Type.Object({
  id: Id,
  status: ImportStatus,
  filename: NullableString,
  progress: Type.Integer({ minimum: 0, maximum: 100 }),
  rowsTotal: Type.Integer(),
  rowsProcessed: Type.Integer(),
  rowsFailed: Type.Integer(),
  error: NullableString,
  createdAt: Timestamp,
  startedAt: NullableTimestamp,
  finishedAt: NullableTimestamp,
})
export type StockImport = Static<typeof StockImport>
export const ImportRowError = Type.Object({ row: Type.Integer(), column: NullableString, reason: Type.String() })
export type ImportRowError = Static<typeof ImportRowError>
export const ImportRowErrorPage = Page(ImportRowError)
export const ImportUploadQuery = Type.Object({ filename: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })) }, { additionalProperties: false })
export type ImportUploadQuery = Static<typeof ImportUploadQuery>
