import { CurrencyCode, Page, PageQuery, Type, type Static } from '@comptoir/core'
import { ConsentPurpose } from './consents.js'
import { Email, Id, Locale, Nullable, OneTimeToken, Password, Phone, Timestamp } from './common.js'

export const CommunicationPreferences = Type.Object({
  preferredChannel: Type.Union([Type.Literal('email'), Type.Literal('sms'), Type.Literal('phone'), Type.Literal('none')]),
  orderUpdates: Type.Boolean({ description: 'Transactional messages about orders' }),
}, { additionalProperties: false })
export type CommunicationPreferences = Static<typeof CommunicationPreferences>

export const CustomerStatus = Type.Union([Type.Literal('active'), Type.Literal('disabled'), Type.Literal('erased')])
export type CustomerStatus = Static<typeof CustomerStatus>

/** A customer's profile, as the API returns it. */
export const Customer = Type.Object({
  id: Id,
  email: Type.String(),
  emailVerified: Type.Boolean(),
  status: CustomerStatus,
  firstName: Nullable(Type.String()),
  lastName: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  locale: Nullable(Type.String()),
  preferredCurrency: Nullable(Type.String()),
  communication: CommunicationPreferences,
  groupIds: Type.Array(Id),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type Customer = Static<typeof Customer>

const ProfileFields = {
  firstName: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 100 }))),
  lastName: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 100 }))),
  phone: Type.Optional(Nullable(Phone)),
  locale: Type.Optional(Nullable(Locale)),
  preferredCurrency: Type.Optional(Nullable(CurrencyCode)),
  communication: Type.Optional(CommunicationPreferences),
}

export const RegisterInput = Type.Object({ email: Email, password: Password, ...ProfileFields }, { additionalProperties: false })
export type RegisterInput = Static<typeof RegisterInput>

/** What a customer may change on their own profile (email and password have their own routes). */
export const ProfileUpdate = Type.Object(ProfileFields, { additionalProperties: false, minProperties: 1 })
export type ProfileUpdate = Static<typeof ProfileUpdate>

/** What an admin may change: the profile and the groups. */
export const AdminCustomerUpdate = Type.Object({
  ...ProfileFields,
  groupIds: Type.Optional(Type.Array(Id, { maxItems: 50, uniqueItems: true })),
}, { additionalProperties: false, minProperties: 1 })
export type AdminCustomerUpdate = Static<typeof AdminCustomerUpdate>

export const LoginInput = Type.Object({
  email: Type.String({ minLength: 1, maxLength: 254 }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
}, { additionalProperties: false })
export type LoginInput = Static<typeof LoginInput>

/** A customer session token, shown once. */
export const CustomerSession = Type.Object({ token: Type.String(), expiresAt: Timestamp, customerId: Id })
export type CustomerSession = Static<typeof CustomerSession>

export const PasswordResetRequest = Type.Object({ email: Type.String({ minLength: 1, maxLength: 254 }) }, { additionalProperties: false })
export type PasswordResetRequest = Static<typeof PasswordResetRequest>
export const PasswordResetConfirm = Type.Object({ token: OneTimeToken, password: Password }, { additionalProperties: false })
export type PasswordResetConfirm = Static<typeof PasswordResetConfirm>
export const PasswordChange = Type.Object({ currentPassword: Type.String({ minLength: 1, maxLength: 200 }), newPassword: Password }, { additionalProperties: false })
export type PasswordChange = Static<typeof PasswordChange>
export const EmailChangeRequest = Type.Object({ newEmail: Email, password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false })
export type EmailChangeRequest = Static<typeof EmailChangeRequest>
export const TokenConfirm = Type.Object({ token: OneTimeToken }, { additionalProperties: false })
export type TokenConfirm = Static<typeof TokenConfirm>



/** Admin search: `q` matches email, names and phone (case-insensitive); filters combine with AND. */
export const CustomerSearchQuery = Type.Object({
  ...PageQuery.properties,
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  groupId: Type.Optional(Id),
  status: Type.Optional(CustomerStatus),
  createdFrom: Type.Optional(Timestamp),
  createdTo: Type.Optional(Timestamp),
  consent: Type.Optional(ConsentPurpose),
}, { additionalProperties: false })
export type CustomerSearchQuery = Static<typeof CustomerSearchQuery>

export const CustomerPage = Page(Customer)
export type CustomerPage = Static<typeof CustomerPage>
