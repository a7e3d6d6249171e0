import type { Ctx } from '@comptoir/core'
import type { Customer, CustomerStatus } from '../schemas/customers.js'

/** A customers_customers row, without the password hash. */
export interface CustomerRow {
  id: string
  email: string
  status: CustomerStatus
  first_name: string | null
  last_name: string | null
  phone: string | null
  locale: string | null
  preferred_currency: string | null
  preferred_channel: Customer['communication']['preferredChannel']
  order_updates: boolean
  email_verified_at: Date | null
  created_at: Date
  updated_at: Date
}

export const customerColumns = [
  'id', 'email', 'status', 'first_name', 'last_name', 'phone', 'locale', 'preferred_currency',
  'preferred_channel', 'order_updates', 'email_verified_at', 'created_at', 'updated_at',
] as const

export const iso = (value: Date | string): string => new Date(value).toISOString()

export function toCustomer (row: CustomerRow, groupIds: string[]): Customer {
  return {
    id: row.id,
    email: row.email,
    emailVerified: row.email_verified_at != null,
    status: row.status,
    firstName: row.first_name,
    lastName: row.last_name,
    phone: row.phone,
    locale: row.locale,
    preferredCurrency: row.preferred_currency,
    communication: { preferredChannel: row.preferred_channel, orderUpdates: row.order_updates },
    groupIds,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  }
}

/** Group ids of each customer, in one query for a whole page. */
export async function groupIdsOf (ctx: Ctx, customerIds: readonly string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>(customerIds.map((id) => [id, []]))
  if (customerIds.length === 0) return result
  const rows = await ctx.db('customers_group_members').select('customer_id', 'group_id')
    .whereIn('customer_id', customerIds).orderBy('group_id') as Array<{ customer_id: string, group_id: string }>
  for (const row of rows) result.get(row.customer_id)?.push(row.group_id)
  return result
}

/** Maps profile input (camelCase, partial) to columns; undefined fields are left out. */
export function profileColumns (input: {
  firstName?: string | null, lastName?: string | null, phone?: string | null, locale?: string | null,
  preferredCurrency?: string | null, communication?: Customer['communication'],
}): Record<string, unknown> {
  const columns: Record<string, unknown> = {}
  if (input.firstName !== undefined) columns.first_name = input.firstName
  if (input.lastName !== undefined) columns.last_name = input.lastName
  if (input.phone !== undefined) columns.phone = input.phone
  if (input.locale !== undefined) columns.locale = input.locale
  if (input.preferredCurrency !== undefined) columns.preferred_currency = input.preferredCurrency
  if (input.communication !== undefined) {
    columns.preferred_channel = input.communication.preferredChannel
    columns.order_updates = input.communication.orderUpdates
  }
  return columns
}
