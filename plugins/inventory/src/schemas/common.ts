import { PageQuery, Type, type Static } from '@comptoir/core'

export const Id = Type.String({ format: 'uuid' })
export const Timestamp = Type.String({ format: 'date-time' })
export const NullableTimestamp = Type.Union([Timestamp, Type.Null()])
export const NullableString = Type.Union([Type.String(), Type.Null()])
/** A count of units in one movement or level (int32 range). */
export const Units = Type.Integer({ minimum: 1, maximum: 1_000_000_000 })
export const Reason = Type.String({ minLength: 1, maxLength: 500 })
export const Reference = Type.String({ minLength: 1, maxLength: 255 })

export const PageFields = PageQuery.properties
export const ListQuery = Type.Object({ ...PageFields }, { additionalProperties: false })
export type ListQuery = Static<typeof ListQuery>

export const LocationParams = Type.Object({ locationId: Id }, { additionalProperties: false })
export type LocationParams = Static<typeof LocationParams>
export const VariantParams = Type.Object({ variantId: Id }, { additionalProperties: false })
export type VariantParams = Static<typeof VariantParams>
export const StockLevelParams = Type.Object({ stockLevelId: Id }, { additionalProperties: false })
export type StockLevelParams = Static<typeof StockLevelParams>
export const ReservationParams = Type.Object({ reservationId: Id }, { additionalProperties: false })
export type ReservationParams = Static<typeof ReservationParams>
export const TransferParams = Type.Object({ transferId: Id }, { additionalProperties: false })
export type TransferParams = Static<typeof TransferParams>
export const ImportParams = Type.Object({ importId: Id }, { additionalProperties: false })
export type ImportParams = Static<typeof ImportParams>
