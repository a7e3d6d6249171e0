import { randomUUID } from 'node:crypto'
import type { Ctx } from '../context.js'
import { inTransaction, isUniqueViolation } from '../db/transaction.js'
import { keysetPage, type PageOf, type PageQuery } from '../http/pagination.js'
import { AdminUserNotFoundError, EmailTakenError } from './errors.js'
import { adminUserColumns, toAdminUser, type AdminUserRow } from './mappers.js'
import { hashPassword } from './passwords.js'
import { adminUserRoles, assertCanGrant, assignRoles, permissionsOf, resolveRoleNames, roleNamesOf } from './role-assignments.js'
import type { AdminUser, AdminUserCreateInput, AdminUserUpdateInput } from './schemas.js'
import type { SessionService } from './sessions.js'

type PublicRow = Omit<AdminUserRow, 'password_hash'>

/** Emails are compared case-insensitively: stored trimmed and lower-cased. */
export function normalizeEmail (email: string): string {
  return email.trim().toLowerCase()
}

/** Admin users: CRUD with roles. Disabling or changing a password ends the user's sessions. */
export function createAdminUserOperations (deps: { sessions: SessionService }) {
  async function findRow (ctx: Ctx, adminUserId: string, forUpdate = false): Promise<PublicRow> {
    const query = ctx.db('comptoir_admin_users').select(...adminUserColumns).where({ id: adminUserId })
    const row = await (forUpdate ? query.forUpdate() : query).first() as PublicRow | undefined
    if (row == null) throw new AdminUserNotFoundError(adminUserId)
    return row
  }

  async function withRoles (ctx: Ctx, row: PublicRow): Promise<AdminUser> {
    const roles = await roleNamesOf(ctx, adminUserRoles, [row.id])
    return toAdminUser(row, roles.get(row.id) ?? [])
  }

  /** Managing a user (password, roles, disabling) needs every permission that user holds. */
  async function assertCanManage (ctx: Ctx, adminUserId: string): Promise<void> {
    assertCanGrant(ctx.actor, await permissionsOf(ctx, adminUserRoles, adminUserId))
  }

  function emailTaken (error: unknown): unknown {
    return isUniqueViolation(error, 'comptoir_admin_users_email_unique') ? new EmailTakenError({ cause: error }) : error
  }

  return {
    async listAdminUsers (ctx: Ctx, page: PageQuery): Promise<PageOf<AdminUser>> {
      const result = await keysetPage<PublicRow>(ctx.db('comptoir_admin_users').select(...adminUserColumns), page, {
        list: 'core.admin-users', columns: ['email'], keyOf: (row) => [row.email],
      })
      const roles = await roleNamesOf(ctx, adminUserRoles, result.items.map((row) => row.id))
      return { items: result.items.map((row) => toAdminUser(row, roles.get(row.id) ?? [])), nextCursor: result.nextCursor }
    },

    async getAdminUser (ctx: Ctx, adminUserId: string): Promise<AdminUser> {
      return await withRoles(ctx, await findRow(ctx, adminUserId))
    },

    /** Creates an admin user; the actor must hold every permission of the roles given. */
    async createAdminUser (ctx: Ctx, input: AdminUserCreateInput): Promise<AdminUser> {
      const passwordHash = await hashPassword(input.password)
      return await inTransaction(ctx, async (tx) => {
        const roles = await resolveRoleNames(tx, input.roles ?? [])
        assertCanGrant(tx.actor, roles.flatMap((role) => role.permissions))
        const id = randomUUID()
        try {
          await tx.db('comptoir_admin_users').insert({ id, email: normalizeEmail(input.email), password_hash: passwordHash, disabled: input.disabled ?? false })
        } catch (error) {
          throw emailTaken(error)
        }
        await assignRoles(tx, adminUserRoles, id, roles)
        return await withRoles(tx, await findRow(tx, id))
      })
    },

    async updateAdminUser (ctx: Ctx, adminUserId: string, input: AdminUserUpdateInput): Promise<AdminUser> {
      const passwordHash = input.password != null ? await hashPassword(input.password) : undefined
      return await inTransaction(ctx, async (tx) => {
        const current = await findRow(tx, adminUserId, true)
        await assertCanManage(tx, adminUserId)
        if (input.roles != null) {
          const roles = await resolveRoleNames(tx, input.roles)
          assertCanGrant(tx.actor, roles.flatMap((role) => role.permissions))
          await assignRoles(tx, adminUserRoles, adminUserId, roles)
        }
        try {
          await tx.db('comptoir_admin_users').where({ id: adminUserId }).update({
            ...(input.email != null ? { email: normalizeEmail(input.email) } : {}),
            ...(passwordHash != null ? { password_hash: passwordHash } : {}),
            ...(input.disabled != null ? { disabled: input.disabled } : {}),
            updated_at: tx.db.fn.now(),
          })
        } catch (error) {
          throw emailTaken(error)
        }
        if (passwordHash != null || (input.disabled === true && !current.disabled)) {
          await deps.sessions.revokeAll(tx, 'admin', adminUserId)
        }
        return await withRoles(tx, await findRow(tx, adminUserId))
      })
    },

    async deleteAdminUser (ctx: Ctx, adminUserId: string): Promise<void> {
      await inTransaction(ctx, async (tx) => {
        await findRow(tx, adminUserId, true)
        await assertCanManage(tx, adminUserId)
        await tx.db('comptoir_admin_users').where({ id: adminUserId }).delete()
        await deps.sessions.revokeAll(tx, 'admin', adminUserId)
      })
    },
  }
}
