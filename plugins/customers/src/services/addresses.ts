import { inTransaction, type Ctx } from '@comptoir/core'
import { AddressNotFoundError } from '../errors.js'
import type { Address, AddressInput, AddressList, AddressUpdate } from '../schemas/addresses.js'
import { iso } from './rows.js'

interface AddressRow {
  id: string, first_name: string | null, last_name: string | null, company: string | null, line1: string, line2: string | null,
  city: string, region: string | null, postal_code: string | null, country_code: string, phone: string | null,
  is_default_shipping: boolean, is_default_billing: boolean, created_at: Date, updated_at: Date
}
const columns = ['id', 'first_name', 'last_name', 'company', 'line1', 'line2', 'city', 'region', 'postal_code', 'country_code',
  'phone', 'is_default_shipping', 'is_default_billing', 'created_at', 'updated_at'] as const

export function toAddress (row: AddressRow): Address {
  return {
    id: row.id, firstName: row.first_name, lastName: row.last_name, company: row.company, line1: row.line1, line2: row.line2,
    city: row.city, region: row.region, postalCode: row.postal_code, countryCode: row.country_code, phone: row.phone,
    isDefaultShipping: row.is_default_shipping, isDefaultBilling: row.is_default_billing,
    createdAt: iso(row.created_at), updatedAt: iso(row.updated_at),
  }
}

function toColumns (input: AddressUpdate): Record<string, unknown> {
  const map: Record<string, string> = {
    firstName: 'first_name', lastName: 'last_name', company: 'company', line1: 'line1', line2: 'line2', city: 'city', region: 'region',
    postalCode: 'postal_code', countryCode: 'country_code', phone: 'phone', isDefaultShipping: 'is_default_shipping', isDefaultBilling: 'is_default_billing',
  }
  const result: Record<string, unknown> = {}
  for (const [field, value] of Object.entries(input)) if (value !== undefined && map[field] != null) result[map[field]] = value
  return result
}

/**
 * A customer's address book. Every method takes the owning customer's id: an address of another
 * customer is "not found". Making an address the default clears the previous one in the same
 * transaction; the partial unique indexes keep it to one default of each kind.
 */
export function createAddressesService () {
  async function find (ctx: Ctx, customerId: string, addressId: string): Promise<AddressRow> {
    const row = await ctx.db('customers_addresses').select(columns).where({ id: addressId, customer_id: customerId }).first() as AddressRow | undefined
    if (row == null) throw new AddressNotFoundError(addressId)
    return row
  }

  async function clearDefaults (ctx: Ctx, customerId: string, input: AddressUpdate, exceptId: string | null): Promise<void> {
    for (const [field, column] of [['isDefaultShipping', 'is_default_shipping'], ['isDefaultBilling', 'is_default_billing']] as const) {
      if (input[field] !== true) continue
      const query = ctx.db('customers_addresses').where({ customer_id: customerId, [column]: true })
      if (exceptId != null) query.whereNot({ id: exceptId })
      await query.update({ [column]: false, updated_at: ctx.db.fn.now() })
    }
  }

  async function lockCustomer (ctx: Ctx, customerId: string): Promise<void> {
    // Serialises default changes per customer, so two concurrent "make default" calls do not collide on the index.
    await ctx.db('customers_customers').select('id').where({ id: customerId }).forUpdate()
  }

  return {
    async list (ctx: Ctx, customerId: string): Promise<AddressList> {
      const rows = await ctx.db('customers_addresses').select(columns).where({ customer_id: customerId }).orderBy([{ column: 'created_at' }, { column: 'id' }]) as AddressRow[]
      return { items: rows.map(toAddress) }
    },

    async get (ctx: Ctx, customerId: string, addressId: string): Promise<Address> {
      return toAddress(await find(ctx, customerId, addressId))
    },

    async create (ctx: Ctx, customerId: string, input: AddressInput): Promise<Address> {
      return await inTransaction(ctx, async (tx) => {
        await lockCustomer(tx, customerId)
        await clearDefaults(tx, customerId, input, null)
        const [row] = await tx.db('customers_addresses').insert({ customer_id: customerId, ...toColumns(input) }).returning(columns) as AddressRow[]
        return toAddress(row)
      })
    },

    async update (ctx: Ctx, customerId: string, addressId: string, input: AddressUpdate): Promise<Address> {
      return await inTransaction(ctx, async (tx) => {
        await lockCustomer(tx, customerId)
        await find(tx, customerId, addressId)
        await clearDefaults(tx, customerId, input, addressId)
        const [row] = await tx.db('customers_addresses').where({ id: addressId, customer_id: customerId })
          .update({ ...toColumns(input), updated_at: tx.db.fn.now() }).returning(columns) as AddressRow[]
        return toAddress(row)
      })
    },

    async remove (ctx: Ctx, customerId: string, addressId: string): Promise<void> {
      // returning() rather than the count: knex-pglite reports no row count for deletes (see README).
      const deleted = await ctx.db('customers_addresses').where({ id: addressId, customer_id: customerId }).delete().returning('id') as unknown[]
      if (deleted.length === 0) throw new AddressNotFoundError(addressId)
    },
  }
}

export type AddressesService = ReturnType<typeof createAddressesService>
