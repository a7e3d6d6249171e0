import Type, { type Static } from 'typebox'

const Id = Type.String({ format: 'uuid' })
const Timestamp = Type.String({ format: 'date-time' })
const NullableTimestamp = Type.Union([Timestamp, Type.Null()])
const Email = Type.String({ format: 'email', maxLength: 320 })
/** New passwords: long enough to resist guessing (NIST 800-63B), short enough to hash cheaply. */
const NewPassword = Type.String({ minLength: 12, maxLength: 256 })
const RoleName = Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9][a-z0-9_-]*$' })
const RoleNames = Type.Array(RoleName, { maxItems: 50, uniqueItems: true })
const PermissionName = Type.String({ minLength: 1, maxLength: 100, pattern: '^(\\*|[a-z0-9-]+:(\\*|[a-z0-9._-]+))$' })

export const AdminUser = Type.Object({
  id: Id,
  email: Email,
  roles: Type.Array(Type.String()),
  disabled: Type.Boolean(),
  lastLoginAt: NullableTimestamp,
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type AdminUser = Static<typeof AdminUser>

export const AdminUserCreateInput = Type.Object({
  email: Email,
  password: NewPassword,
  roles: Type.Optional(RoleNames),
  disabled: Type.Optional(Type.Boolean()),
}, { additionalProperties: false })
export type AdminUserCreateInput = Static<typeof AdminUserCreateInput>

export const AdminUserUpdateInput = Type.Object({
  email: Type.Optional(Email),
  password: Type.Optional(NewPassword),
  roles: Type.Optional(RoleNames),
  disabled: Type.Optional(Type.Boolean()),
}, { additionalProperties: false, minProperties: 1 })
export type AdminUserUpdateInput = Static<typeof AdminUserUpdateInput>

export const AdminUserParams = Type.Object({ adminUserId: Id }, { additionalProperties: false })

export const Role = Type.Object({
  id: Id,
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  permissions: Type.Array(Type.String()),
  builtIn: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type Role = Static<typeof Role>

export const RoleCreateInput = Type.Object({
  name: RoleName,
  description: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  permissions: Type.Array(PermissionName, { maxItems: 500, uniqueItems: true }),
}, { additionalProperties: false })
export type RoleCreateInput = Static<typeof RoleCreateInput>

export const RoleUpdateInput = Type.Object({
  name: Type.Optional(RoleName),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  permissions: Type.Optional(Type.Array(PermissionName, { maxItems: 500, uniqueItems: true })),
}, { additionalProperties: false, minProperties: 1 })
export type RoleUpdateInput = Static<typeof RoleUpdateInput>

export const RoleParams = Type.Object({ roleId: Id }, { additionalProperties: false })

export const PermissionList = Type.Object({ items: Type.Array(Type.String()) })

export const ApiKey = Type.Object({
  id: Id,
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the key, to recognise it' }),
  roles: Type.Array(Type.String()),
  expiresAt: NullableTimestamp,
  revokedAt: NullableTimestamp,
  lastUsedAt: NullableTimestamp,
  createdAt: Timestamp,
})
export type ApiKey = Static<typeof ApiKey>

export const ApiKeyCreateInput = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  roles: Type.Array(RoleName, { minItems: 1, maxItems: 50, uniqueItems: true }),
  expiresAt: Type.Optional(Timestamp),
}, { additionalProperties: false })
export type ApiKeyCreateInput = Static<typeof ApiKeyCreateInput>

export const ApiKeyCreated = Type.Object({
  apiKey: ApiKey,
  secret: Type.String({ description: 'The key itself: shown once, never again' }),
})
export type ApiKeyCreated = Static<typeof ApiKeyCreated>

export const ApiKeyParams = Type.Object({ apiKeyId: Id }, { additionalProperties: false })

export const LoginInput = Type.Object({
  email: Type.String({ minLength: 1, maxLength: 320 }),
  password: Type.String({ minLength: 1, maxLength: 256 }),
}, { additionalProperties: false })
export type LoginInput = Static<typeof LoginInput>

export const AdminSession = Type.Object({
  token: Type.String({ description: 'Send as Authorization: Bearer <token>' }),
  expiresAt: Timestamp,
  adminUser: AdminUser,
})
export type AdminSession = Static<typeof AdminSession>

export const Me = Type.Object({
  type: Type.Union([Type.Literal('admin'), Type.Literal('api-key')]),
  id: Id,
  permissions: Type.Array(Type.String()),
  adminUser: Type.Optional(AdminUser),
  apiKey: Type.Optional(ApiKey),
})
export type Me = Static<typeof Me>
