import { CurrencyCode, PageQuery, Type, type Static } from '@comptoir/core'

export { CurrencyCode }
export const Id = Type.String({ format: 'uuid' })
export const Timestamp = Type.String({ format: 'date-time' })
export const NullableTimestamp = Type.Union([Timestamp, Type.Null()])
export const NullableString = Type.Union([Type.String(), Type.Null()])
/** A calendar day, `YYYY-MM-DD`, years 1000–9999 (the database has no year 0). */
export const Day = Type.String({ format: 'date', pattern: '^[1-9][0-9]{3}-', description: 'YYYY-MM-DD' })
export const NullableDay = Type.Union([Day, Type.Null()])
export const Name = Type.String({ minLength: 1, maxLength: 200 })
export const Code = Type.String({ minLength: 1, maxLength: 50, pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' })
/** Integer minor units of the currency next to it (never a float). */
export const Amount = Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 })
export const Units = Type.Integer({ minimum: 1, maximum: 1_000_000 })
export const Days = Type.Integer({ minimum: 0, maximum: 365 })
export const Note = Type.String({ minLength: 1, maxLength: 2000 })

export const PageFields = PageQuery.properties
export const ListQuery = Type.Object({ ...PageFields }, { additionalProperties: false })
export type ListQuery = Static<typeof ListQuery>
export const NoContent = Type.Null({ description: 'No content' })
