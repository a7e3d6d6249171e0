import type { Actor, Ctx } from '../context.js'
import { GrantForbiddenError, UnknownRoleError } from './errors.js'
import type { RoleRow } from './mappers.js'
import { missingGrants } from './permissions.js'

/** Who holds roles: admin users and API keys, each through a join table. */
export interface RoleHolder { table: 'comptoir_admin_user_roles' | 'comptoir_api_key_roles', column: 'admin_user_id' | 'api_key_id' }
export const adminUserRoles: RoleHolder = Object.freeze({ table: 'comptoir_admin_user_roles', column: 'admin_user_id' })
export const apiKeyRoles: RoleHolder = Object.freeze({ table: 'comptoir_api_key_roles', column: 'api_key_id' })

/** Loads roles by name; any unknown name is a 422 naming it. */
export async function resolveRoleNames (ctx: Ctx, names: readonly string[]): Promise<RoleRow[]> {
  if (names.length === 0) return []
  const rows = await ctx.db('comptoir_roles').select('id', 'name', 'permissions').whereIn('name', [...names]) as RoleRow[]
  const unknown = names.filter((name) => !rows.some((row) => row.name === name))
  if (unknown.length > 0) throw new UnknownRoleError(unknown)
  return rows
}

/**
 * Nobody grants what they do not hold: assigning a role, or writing a role's permissions, needs
 * every one of those permissions. Without this, `core:api-keys` alone could mint an owner key.
 */
export function assertCanGrant (actor: Actor | null, permissions: readonly string[]): void {
  const missing = missingGrants(actor?.permissions ?? [], permissions)
  if (missing.length > 0) throw new GrantForbiddenError(missing)
}

/** Replaces the roles of one holder. */
export async function assignRoles (ctx: Ctx, holder: RoleHolder, holderId: string, roles: readonly RoleRow[]): Promise<void> {
  await ctx.db(holder.table).where({ [holder.column]: holderId }).delete()
  if (roles.length > 0) await ctx.db(holder.table).insert(roles.map((role) => ({ [holder.column]: holderId, role_id: role.id })))
}

/** Role names of each holder, sorted. */
export async function roleNamesOf (ctx: Ctx, holder: RoleHolder, holderIds: readonly string[]): Promise<Map<string, string[]>> {
  const result = new Map(holderIds.map((id) => [id, [] as string[]]))
  if (holderIds.length === 0) return result
  const rows = await ctx.db(`${holder.table} as h`).join('comptoir_roles as r', 'r.id', 'h.role_id')
    .select(`h.${holder.column} as holder_id`, 'r.name').whereIn(`h.${holder.column}`, [...holderIds])
    .orderBy('r.name') as Array<{ holder_id: string, name: string }>
  for (const row of rows) result.get(row.holder_id)?.push(row.name)
  return result
}

/** The union of the permissions of a holder's roles. */
export async function permissionsOf (ctx: Ctx, holder: RoleHolder, holderId: string): Promise<string[]> {
  const rows = await ctx.db(`${holder.table} as h`).join('comptoir_roles as r', 'r.id', 'h.role_id')
    .select('r.permissions').where(`h.${holder.column}`, holderId) as Array<{ permissions: string[] }>
  return [...new Set(rows.flatMap((row) => row.permissions))].sort()
}
