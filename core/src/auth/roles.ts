import { randomUUID } from 'node:crypto'
import type { Ctx } from '../context.js'
import { inTransaction, isUniqueViolation } from '../db/transaction.js'
import { keysetPage, type PageOf, type PageQuery } from '../http/pagination.js'
import { BuiltInRoleError, RoleInUseError, RoleNameTakenError, RoleNotFoundError } from './errors.js'
import { roleColumns, toRole, type RoleRow } from './mappers.js'
import { assertKnownPermissions } from './permissions.js'
import { assertCanGrant } from './role-assignments.js'
import type { Role, RoleCreateInput, RoleUpdateInput } from './schemas.js'

/** A role still referenced by an assignment: 23503 (foreign key), or 23001 (restrict) from PostgreSQL 17. */
function isRoleAssigned (error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code
  return code === '23503' || code === '23001'
}

/** Roles: named sets of permissions, assigned to admin users and API keys. */
export function createRoleOperations (deps: { permissions: readonly string[] }) {
  async function findRole (ctx: Ctx, roleId: string, forUpdate = false): Promise<RoleRow> {
    const query = ctx.db('comptoir_roles').select(...roleColumns).where({ id: roleId })
    const row = await (forUpdate ? query.forUpdate() : query).first() as RoleRow | undefined
    if (row == null) throw new RoleNotFoundError(roleId)
    return row
  }

  function checkPermissions (ctx: Ctx, permissions: readonly string[]): void {
    assertKnownPermissions(deps.permissions, permissions)
    assertCanGrant(ctx.actor, permissions)
  }

  return {
    /** Every permission a role may hold in this store: the kernel's and each plugin's. */
    listPermissions (): readonly string[] {
      return deps.permissions
    },

    async listRoles (ctx: Ctx, page: PageQuery): Promise<PageOf<Role>> {
      const result = await keysetPage<RoleRow>(ctx.db('comptoir_roles').select(...roleColumns), page, {
        list: 'core.roles', columns: ['name'], keyOf: (row) => [row.name],
      })
      return { items: result.items.map(toRole), nextCursor: result.nextCursor }
    },

    async getRole (ctx: Ctx, roleId: string): Promise<Role> {
      return toRole(await findRole(ctx, roleId))
    },

    /** Creates a role; its permissions must be known (422) and held by the actor (403). */
    async createRole (ctx: Ctx, input: RoleCreateInput): Promise<Role> {
      checkPermissions(ctx, input.permissions)
      try {
        const [row] = await ctx.db('comptoir_roles').insert({
          id: randomUUID(), name: input.name, description: input.description ?? null, permissions: JSON.stringify(input.permissions),
        }).returning([...roleColumns]) as RoleRow[]
        return toRole(row)
      } catch (error) {
        if (isUniqueViolation(error, 'comptoir_roles_name_unique')) throw new RoleNameTakenError(input.name, { cause: error })
        throw error
      }
    },

    /** Changes a role; built-in roles (`owner`) cannot change. Takes effect on holders' next request. */
    async updateRole (ctx: Ctx, roleId: string, input: RoleUpdateInput): Promise<Role> {
      if (input.permissions != null) checkPermissions(ctx, input.permissions)
      return await inTransaction(ctx, async (tx) => {
        const current = await findRole(tx, roleId, true)
        if (current.built_in) throw new BuiltInRoleError(current.name)
        try {
          const [row] = await tx.db('comptoir_roles').where({ id: roleId }).update({
            ...(input.name != null ? { name: input.name } : {}),
            ...(input.description !== undefined ? { description: input.description } : {}),
            ...(input.permissions != null ? { permissions: JSON.stringify(input.permissions) } : {}),
            updated_at: tx.db.fn.now(),
          }).returning([...roleColumns]) as RoleRow[]
          return toRole(row)
        } catch (error) {
          if (isUniqueViolation(error, 'comptoir_roles_name_unique')) throw new RoleNameTakenError(input.name ?? current.name, { cause: error })
          throw error
        }
      })
    },

    /** Deletes a role that nobody holds (409 otherwise: access is never removed as a side effect). */
    async deleteRole (ctx: Ctx, roleId: string): Promise<void> {
      await inTransaction(ctx, async (tx) => {
        const current = await findRole(tx, roleId, true)
        if (current.built_in) throw new BuiltInRoleError(current.name)
        try {
          await tx.db('comptoir_roles').where({ id: roleId }).delete()
        } catch (error) {
          if (isRoleAssigned(error)) throw new RoleInUseError(current.name, { cause: error })
          throw error
        }
      })
    },
  }
}
