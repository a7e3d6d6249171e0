import type { Ctx, PersonalDataContributor } from '@comptoir/core'
import { consentHistory } from './services/consent-log.js'
import { toAddress } from './services/addresses.js'
import { toPaymentMethod } from './services/payment-methods.js'
import { throttleKeys } from './services/login-throttle.js'
import { customerColumns, iso, toCustomer, type CustomerRow } from './services/rows.js'



/** Everything this plugin holds about a customer; null when there is no such customer. */
async function exportCustomer (ctx: Ctx, customerId: string): Promise<unknown> {
  const row = await ctx.db('customers_customers').select(customerColumns).where({ id: customerId }).first() as CustomerRow | undefined
  if (row == null) return null
  const groups = await ctx.db('customers_group_members as m').join('customers_groups as g', 'g.id', 'm.group_id')
    .select('g.id', 'g.code', 'g.name').where('m.customer_id', customerId).orderBy('g.code') as Array<{ id: string, code: string, name: string }>
  const addresses = await ctx.db('customers_addresses').select('*').where({ customer_id: customerId }).orderBy('created_at') as Array<Parameters<typeof toAddress>[0]>
  const methods = await ctx.db('customers_payment_methods').select('*').where({ customer_id: customerId }).orderBy('created_at') as Array<Parameters<typeof toPaymentMethod>[0]>
  const requests = await ctx.db('customers_erasure_requests').select('status', 'requested_by', 'requested_at', 'due_at', 'completed_at')
    .where({ customer_id: customerId }).orderBy('requested_at') as Array<{ status: string, requested_by: string, requested_at: Date, due_at: Date, completed_at: Date | null }>
  return {
    profile: toCustomer(row, groups.map((g) => g.id)),
    groups: groups.map((g) => ({ code: g.code, name: g.name })),
    addresses: addresses.map(toAddress),
    paymentMethods: methods.map(toPaymentMethod),
    consents: await consentHistory(ctx, customerId),
    erasureRequests: requests.map((r) => ({
      status: r.status, requestedBy: r.requested_by, requestedAt: iso(r.requested_at), dueAt: iso(r.due_at), completedAt: r.completed_at == null ? null : iso(r.completed_at),
    })),
  }
}

/**
 * Erasure of this plugin's rows. The customer row stays (other plugins' records point to its id)
 * with every personal field cleared and the email replaced by `erased+<pseudonym>@invalid`.
 * Addresses, payment methods, one-time tokens, group memberships and login counters are deleted.
 * Consent records are kept as proof of what was consented when, detached from the person:
 * `customer_id` becomes null and `pseudonym` is set (they hold no personal data themselves).
 */
async function eraseCustomer (ctx: Ctx, customerId: string, pseudonym: string): Promise<void> {
  const row = await ctx.db('customers_customers').select('email').where({ id: customerId }).forUpdate().first() as { email: string } | undefined
  if (row == null) return
  await ctx.db('customers_login_failures').where({ key: throttleKeys(row.email, '').account }).delete()
  for (const table of ['customers_addresses', 'customers_payment_methods', 'customers_tokens', 'customers_group_members']) {
    await ctx.db(table).where({ customer_id: customerId }).delete()
  }
  await ctx.db('customers_consents').where({ customer_id: customerId }).update({ customer_id: null, pseudonym })
  await ctx.db('customers_customers').where({ id: customerId }).update({
    email: `erased+${pseudonym}@invalid`, password_hash: null, first_name: null, last_name: null, phone: null, locale: null,
    preferred_currency: null, email_verified_at: null, status: 'erased', erased_at: ctx.db.fn.now(), pseudonym, updated_at: ctx.db.fn.now(),
  })
}

/** The customers plugin's GDPR contributor, called by the kernel's `personalData` service. */
export const customersPersonalData: PersonalDataContributor = { export: exportCustomer, erase: eraseCustomer }
