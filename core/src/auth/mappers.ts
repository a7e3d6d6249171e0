import type { AdminUser, ApiKey, Role } from './schemas.js'

export interface RoleRow {
  id: string
  name: string
  description: string | null
  permissions: string[]
  built_in: boolean
  created_at: Date
  updated_at: Date
}

export interface AdminUserRow {
  id: string
  email: string
  password_hash: string
  disabled: boolean
  last_login_at: Date | null
  created_at: Date
  updated_at: Date
}

export interface ApiKeyRow {
  id: string
  name: string
  prefix: string
  expires_at: Date | null
  revoked_at: Date | null
  last_used_at: Date | null
  created_at: Date
}

/** Columns of an admin user that may leave the service (never the password hash). */
export const adminUserColumns = ['id', 'email', 'disabled', 'last_login_at', 'created_at', 'updated_at'] as const
export const apiKeyColumns = ['id', 'name', 'prefix', 'expires_at', 'revoked_at', 'last_used_at', 'created_at'] as const
export const roleColumns = ['id', 'name', 'description', 'permissions', 'built_in', 'created_at', 'updated_at'] as const

function iso (value: Date | string): string {
  return new Date(value).toISOString()
}

function isoOrNull (value: Date | string | null): string | null {
  return value == null ? null : iso(value)
}

export function toRole (row: RoleRow): Role {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    permissions: [...row.permissions],
    builtIn: row.built_in,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  }
}

export function toAdminUser (row: Omit<AdminUserRow, 'password_hash'>, roles: string[]): AdminUser {
  return {
    id: row.id,
    email: row.email,
    roles,
    disabled: row.disabled,
    lastLoginAt: isoOrNull(row.last_login_at),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  }
}

export function toApiKey (row: ApiKeyRow, roles: string[]): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    roles,
    expiresAt: isoOrNull(row.expires_at),
    revokedAt: isoOrNull(row.revoked_at),
    lastUsedAt: isoOrNull(row.last_used_at),
    createdAt: iso(row.created_at),
  }
}
