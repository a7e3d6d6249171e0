import { PageQuery, Type, type Static } from '@comptoir/core'

export const Id = Type.String({ format: 'uuid' })
export const NullableId = Type.Union([Id, Type.Null()])
export const Timestamp = Type.String({ format: 'date-time' })
export const NullableTimestamp = Type.Union([Timestamp, Type.Null()])
export const NullableString = Type.Union([Type.String(), Type.Null()])

export const ListQuery = Type.Object({ ...PageQuery.properties }, { additionalProperties: false })
export type ListQuery = Static<typeof ListQuery>

export const CustomerParams = Type.Object({ customerId: Id }, { additionalProperties: false })
export type CustomerParams = Static<typeof CustomerParams>
