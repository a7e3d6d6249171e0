import { inTransaction, keysetPage, type Cradle, type Ctx, type PageOf } from '@comptoir/core'
import { CustomerErasedError, CustomerNotFoundError, GroupNotFoundError } from '../errors.js'
import type { AdminCustomerUpdate, Customer, CustomerSearchQuery, ProfileUpdate } from '../schemas/customers.js'
import type { ConsentPurpose } from '../schemas/consents.js'
import { currentConsent } from './consent-log.js'
import { createEmitter } from './emitter.js'
import { customerColumns, groupIdsOf, profileColumns, toCustomer, type CustomerRow } from './rows.js'

/** `%` and `_` in a search term are literal characters, not wildcards. */
function likePattern (term: string): string {
  return `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/** Customer profiles: read, change, search, disable; and the questions other plugins ask (consent, groups). */
export function createCustomersService (cradle: Cradle) {
  const emitter = createEmitter(cradle)

  async function findRow (ctx: Ctx, customerId: string, forUpdate = false): Promise<CustomerRow> {
    const query = ctx.db('customers_customers').select(customerColumns).where({ id: customerId })
    const row = await (forUpdate ? query.forUpdate() : query).first() as CustomerRow | undefined
    if (row == null) throw new CustomerNotFoundError(customerId)
    return row
  }

  async function get (ctx: Ctx, customerId: string): Promise<Customer> {
    const row = await findRow(ctx, customerId)
    return toCustomer(row, (await groupIdsOf(ctx, [row.id])).get(row.id) ?? [])
  }

  async function replaceGroups (ctx: Ctx, customerId: string, groupIds: readonly string[]): Promise<void> {
    if (groupIds.length > 0) {
      const found = await ctx.db('customers_groups').select('id').whereIn('id', groupIds) as Array<{ id: string }>
      const missing = groupIds.find((id) => !found.some((row) => row.id === id))
      if (missing != null) throw new GroupNotFoundError(missing)
    }
    await ctx.db('customers_group_members').where({ customer_id: customerId }).delete()
    if (groupIds.length > 0) await ctx.db('customers_group_members').insert(groupIds.map((groupId) => ({ customer_id: customerId, group_id: groupId })))
  }

  async function update (ctx: Ctx, customerId: string, input: AdminCustomerUpdate): Promise<Customer> {
    return await inTransaction(ctx, async (tx) => {
      const row = await findRow(tx, customerId, true)
      if (row.status === 'erased') throw new CustomerErasedError(customerId)
      const columns = profileColumns(input)
      const changed = Object.keys(columns)
      if (changed.length > 0) await tx.db('customers_customers').where({ id: customerId }).update({ ...columns, updated_at: tx.db.fn.now() })
      if (input.groupIds != null) {
        await replaceGroups(tx, customerId, input.groupIds)
        await emitter.emit(tx, 'customers.group-membership.changed', { customerId, groupIds: input.groupIds })
      }
      if (changed.length > 0) await emitter.emit(tx, 'customers.customer.updated', { customerId, changed })
      return await get(tx, customerId)
    })
  }

  return {
    /** Reads one customer (any status); 404 CUSTOMERS_CUSTOMER_NOT_FOUND. */
    get,

    /** A customer changes their own profile (not email, password or groups). */
    async updateProfile (ctx: Ctx, customerId: string, input: ProfileUpdate): Promise<Customer> {
      return await update(ctx, customerId, input)
    },

    /** An admin changes a profile and, with `groupIds`, replaces the customer's groups. */
    updateByAdmin: update,

    /** Disables an account: its sessions end and it can no longer log in. Idempotent. */
    async disable (ctx: Ctx, customerId: string): Promise<Customer> {
      return await inTransaction(ctx, async (tx) => {
        const row = await findRow(tx, customerId, true)
        if (row.status === 'erased') throw new CustomerErasedError(customerId)
        if (row.status === 'active') {
          await tx.db('customers_customers').where({ id: customerId, status: 'active' })
            .update({ status: 'disabled', disabled_at: tx.db.fn.now(), updated_at: tx.db.fn.now() })
          await cradle.sessions.revokeAll(tx, 'customer', customerId)
          await emitter.emit(tx, 'customers.customer.disabled', { customerId })
        }
        return await get(tx, customerId)
      })
    },

    /** Re-enables a disabled account. Idempotent. */
    async enable (ctx: Ctx, customerId: string): Promise<Customer> {
      return await inTransaction(ctx, async (tx) => {
        const row = await findRow(tx, customerId, true)
        if (row.status === 'erased') throw new CustomerErasedError(customerId)
        await tx.db('customers_customers').where({ id: customerId, status: 'disabled' })
          .update({ status: 'active', disabled_at: null, updated_at: tx.db.fn.now() })
        return await get(tx, customerId)
      })
    },

    /** Admin search: `q` in email, first/last/full name or phone; filters; newest first, keyset pages. */
    async search (ctx: Ctx, query: CustomerSearchQuery): Promise<PageOf<Customer>> {
      const builder = ctx.db('customers_customers').select(customerColumns)
      if (query.q != null) {
        const pattern = likePattern(query.q.trim())
        // Phone digits only for a query that reads as a phone number: an email's digits are not one.
        const digits = /^[\d\s+().-]+$/.test(query.q) ? query.q.replace(/[^0-9]/g, '') : ''
        builder.where((q) => {
          void q.whereRaw('lower(email) like ?', [pattern])
            .orWhereRaw('lower(first_name) like ?', [pattern])
            .orWhereRaw('lower(last_name) like ?', [pattern])
            .orWhereRaw("lower(concat_ws(' ', first_name, last_name)) like ?", [pattern])
          if (digits.length >= 3) void q.orWhereRaw("regexp_replace(phone, '[^0-9]', '', 'g') like ?", [`%${digits}%`])
        })
      }
      if (query.status != null) builder.where('status', query.status)
      if (query.createdFrom != null) builder.where('created_at', '>=', query.createdFrom)
      if (query.createdTo != null) builder.where('created_at', '<', query.createdTo)
      if (query.groupId != null) {
        builder.whereExists((q) => { void q.select(ctx.db.raw('1')).from('customers_group_members as m').whereRaw('m.customer_id = customers_customers.id').andWhere('m.group_id', query.groupId) })
      }
      if (query.consent != null) {
        builder.whereRaw(`(select c.granted from customers_consents c where c.customer_id = customers_customers.id
          and c.purpose = ? order by c.seq desc limit 1) is true`, [query.consent])
      }
      const page = await keysetPage<CustomerRow>(builder, { limit: query.limit, cursor: query.cursor }, {
        list: 'customers.customers', columns: ['created_at', 'id'], direction: 'desc',
        keyOf: (row) => [new Date(row.created_at).toISOString(), row.id],
      })
      const groups = await groupIdsOf(ctx, page.items.map((row) => row.id))
      return { items: page.items.map((row) => toCustomer(row, groups.get(row.id) ?? [])), nextCursor: page.nextCursor }
    },

    /**
     * Whether the customer currently consents to `purpose`, from the consent log. Call it before
     * using their personal data for that purpose. Unknown customers and purposes never recorded: false.
     */
    async hasConsent (ctx: Ctx, customerId: string, purpose: ConsentPurpose): Promise<boolean> {
      const states = await currentConsent(ctx, customerId)
      return states.find((s) => s.purpose === purpose)?.granted ?? false
    },

    /** Ids of the groups the customer belongs to (pricing, CRM). */
    async groupIds (ctx: Ctx, customerId: string): Promise<string[]> {
      return (await groupIdsOf(ctx, [customerId])).get(customerId) ?? []
    },
  }
}

export type CustomersService = ReturnType<typeof createCustomersService>
