import { Page, Type, type Static } from '@comptoir/core'
import { Id, NullableString, NullableTimestamp, PageFields, Timestamp, Units } from './common.js'

export const TransferStatus = Type.Union([Type.Literal('requested'), Type.Literal('in_transit'), Type.Literal('received'), Type.Literal('cancelled')])
export const StockTransfer = Type.Object({
  id: Id,
  fromLocationId: Id,
  toLocationId: Id,
  status: TransferStatus,
  note: NullableString,
  lines: Type.Array(Type.Object({ variantId: Id, quantity: Type.Integer() })),
  createdAt: Timestamp,
  shippedAt: NullableTimestamp,
  receivedAt: NullableTimestamp,
})
export type StockTransfer = Static<typeof StockTransfer>
export const StockTransferPage = Page(StockTransfer)

export const StockTransferInput = Type.Object({
  fromLocationId: Id,
  toLocationId: Id,
  note: Type.Optional(Type.String({ maxLength: 1000 })),
  lines: Type.Array(Type.Object({ variantId: Id, quantity: Units }, { additionalProperties: false }), { minItems: 1, maxItems: 500 }),
}, { additionalProperties: false })
export type StockTransferInput = Static<typeof StockTransferInput>

export const TransferQuery = Type.Object({ ...PageFields, status: Type.Optional(TransferStatus) }, { additionalProperties: false })
export type TransferQuery = Static<typeof TransferQuery>
