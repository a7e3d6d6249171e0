import { Type, type Static } from '@comptoir/core'

export const Id = Type.String({ format: 'uuid' })
export const Timestamp = Type.String({ format: 'date-time' })
export const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 })
/** 10–200 characters; scrypt-hashed, never stored or logged in clear. */
export const Password = Type.String({ minLength: 10, maxLength: 200 })
export const Phone = Type.String({ minLength: 3, maxLength: 40, pattern: '^\\+?[0-9 ().-]{3,40}$' })
export const Locale = Type.String({ minLength: 2, maxLength: 35, pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$', description: 'BCP 47 language tag' })
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])

export const CustomerParams = Type.Object({ customerId: Id }, { additionalProperties: false })
export type CustomerParams = Static<typeof CustomerParams>

/** A one-time token from a password-reset or email-change link. */
export const OneTimeToken = Type.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' })

/** An empty 202/204 answer acknowledging a request. */
export const Accepted = Type.Object({ accepted: Type.Literal(true) })
export type Accepted = Static<typeof Accepted>
