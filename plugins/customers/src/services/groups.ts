import { isUniqueViolation, type Ctx } from '@comptoir/core'
import { GroupCodeTakenError, GroupNotFoundError } from '../errors.js'
import type { CustomerGroup, CustomerGroupInput, CustomerGroupList, CustomerGroupUpdate } from '../schemas/groups.js'
import { iso } from './rows.js'

interface GroupRow { id: string, code: string, name: string, description: string | null, created_at: Date, updated_at: Date }
const columns = ['id', 'code', 'name', 'description', 'created_at', 'updated_at'] as const

function toGroup (row: GroupRow): CustomerGroup {
  return { id: row.id, code: row.code, name: row.name, description: row.description, createdAt: iso(row.created_at), updatedAt: iso(row.updated_at) }
}

function codeTaken (error: unknown, code: string | undefined): unknown {
  return isUniqueViolation(error, 'customers_groups_code_unique') ? new GroupCodeTakenError(code ?? '', error) : error
}

/** Customer groups (wholesale, VIP, …) that pricing and CRM plugins key rules on. */
export function createGroupsService () {
  return {
    async list (ctx: Ctx): Promise<CustomerGroupList> {
      const rows = await ctx.db('customers_groups').select(columns).orderBy('code') as GroupRow[]
      return { items: rows.map(toGroup) }
    },

    async get (ctx: Ctx, groupId: string): Promise<CustomerGroup> {
      const row = await ctx.db('customers_groups').select(columns).where({ id: groupId }).first() as GroupRow | undefined
      if (row == null) throw new GroupNotFoundError(groupId)
      return toGroup(row)
    },

    /** Finds a group by its code (what pricing rules reference); null when none. */
    async findByCode (ctx: Ctx, code: string): Promise<CustomerGroup | null> {
      const row = await ctx.db('customers_groups').select(columns).where({ code }).first() as GroupRow | undefined
      return row == null ? null : toGroup(row)
    },

    async create (ctx: Ctx, input: CustomerGroupInput): Promise<CustomerGroup> {
      try {
        const [row] = await ctx.db('customers_groups').insert({ code: input.code, name: input.name, description: input.description ?? null }).returning(columns) as GroupRow[]
        return toGroup(row)
      } catch (error) {
        throw codeTaken(error, input.code)
      }
    },

    async update (ctx: Ctx, groupId: string, input: CustomerGroupUpdate): Promise<CustomerGroup> {
      try {
        const [row] = await ctx.db('customers_groups').where({ id: groupId })
          .update({ ...input, updated_at: ctx.db.fn.now() }).returning(columns) as GroupRow[]
        if (row == null) throw new GroupNotFoundError(groupId)
        return toGroup(row)
      } catch (error) {
        throw codeTaken(error, input.code)
      }
    },

    /** Deletes a group; memberships go with it. */
    async remove (ctx: Ctx, groupId: string): Promise<void> {
      const deleted = await ctx.db('customers_groups').where({ id: groupId }).delete().returning('id') as unknown[]
      if (deleted.length === 0) throw new GroupNotFoundError(groupId)
    },
  }
}

export type GroupsService = ReturnType<typeof createGroupsService>
