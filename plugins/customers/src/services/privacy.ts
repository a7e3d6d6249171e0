import { randomUUID } from 'node:crypto'
import { inTransaction, type Cradle, type Ctx, type PluginScope } from '@comptoir/core'
import type { CustomersConfig } from '../config.js'
import { CustomerNotFoundError } from '../errors.js'
import type { ErasureRequest, ErasureResult, PersonalDataExport } from '../schemas/privacy.js'
import { createEmitter } from './emitter.js'
import { iso } from './rows.js'

interface RequestRow {
  id: string, customer_id: string, status: ErasureRequest['status'], requested_by: ErasureRequest['requestedBy'],
  requested_at: Date, due_at: Date, completed_at: Date | null
}
const requestColumns = ['id', 'customer_id', 'status', 'requested_by', 'requested_at', 'due_at', 'completed_at'] as const

function toRequest (row: RequestRow): ErasureRequest {
  return {
    id: row.id, customerId: row.customer_id, status: row.status, requestedBy: row.requested_by,
    requestedAt: iso(row.requested_at), dueAt: iso(row.due_at), completedAt: row.completed_at == null ? null : iso(row.completed_at),
  }
}

export type ErasureReason = 'customer-request' | 'admin' | 'retention'

/** GDPR: export across plugins, erasure requests, erasure (now, when due, or after retention). */
export function createPrivacyService (cradle: Cradle, { config }: PluginScope<CustomersConfig>) {
  const emitter = createEmitter(cradle)

  async function pendingRequest (ctx: Ctx, customerId: string): Promise<RequestRow | undefined> {
    return await ctx.db('customers_erasure_requests').select(requestColumns).where({ customer_id: customerId, status: 'pending' }).first() as RequestRow | undefined
  }

  /**
   * Erases a customer across every installed plugin in one transaction, ends their sessions and
   * records it in the audit log (ids and plugin names only). Erasing an erased customer does nothing.
   */
  async function erase (ctx: Ctx, customerId: string, reason: ErasureReason): Promise<ErasureResult> {
    return await inTransaction(ctx, async (tx) => {
      const row = await tx.db('customers_customers').select('status', 'pseudonym', 'erased_at').where({ id: customerId }).forUpdate().first() as { status: string, pseudonym: string | null, erased_at: Date | null } | undefined
      if (row == null) throw new CustomerNotFoundError(customerId)
      if (row.status === 'erased' && row.pseudonym != null && row.erased_at != null) {
        return { customerId, pseudonym: row.pseudonym, plugins: cradle.personalData.contributors(), erasedAt: iso(row.erased_at) }
      }
      const pseudonym = randomUUID()
      const plugins = await cradle.personalData.eraseCustomer(tx, customerId, pseudonym)
      await cradle.sessions.revokeAll(tx, 'customer', customerId)
      await tx.db('customers_erasure_requests').where({ customer_id: customerId, status: 'pending' }).update({ status: 'completed', completed_at: tx.db.fn.now() })
      await cradle.audit.record(tx, { action: 'customers.customer.erased', targetType: 'customer', targetId: customerId, after: { pseudonym, reason, plugins } })
      await emitter.emit(tx, 'customers.customer.erased', { customerId, pseudonym })
      const erased = await tx.db('customers_customers').select('erased_at').where({ id: customerId }).first() as { erased_at: Date }
      return { customerId, pseudonym, plugins, erasedAt: iso(erased.erased_at) }
    })
  }

  async function eraseEach (ctx: Ctx, customerIds: string[], reason: ErasureReason): Promise<number> {
    let count = 0
    for (const customerId of customerIds) {
      // One transaction per customer: a failure leaves the others erased and this one for the retry.
      await erase(ctx, customerId, reason)
      count++
    }
    return count
  }

  return {
    /** One JSON bundle with what every installed plugin holds about the customer. */
    async exportCustomer (ctx: Ctx, customerId: string): Promise<PersonalDataExport> {
      const exists = await ctx.db('customers_customers').select('id').where({ id: customerId }).first()
      if (exists == null) throw new CustomerNotFoundError(customerId)
      return { customerId, exportedAt: new Date().toISOString(), plugins: await cradle.personalData.exportCustomer(ctx, customerId) }
    },

    /** Records an erasure request, due after `erasureDelaySeconds`; asking again returns the pending one. */
    async requestErasure (ctx: Ctx, customerId: string, requestedBy: 'customer' | 'admin'): Promise<ErasureRequest> {
      return await inTransaction(ctx, async (tx) => {
        const customer = await tx.db('customers_customers').select('status').where({ id: customerId }).forUpdate().first() as { status: string } | undefined
        if (customer == null || customer.status === 'erased') throw new CustomerNotFoundError(customerId)
        const existing = await pendingRequest(tx, customerId)
        if (existing != null) return toRequest(existing)
        const [row] = await tx.db('customers_erasure_requests').insert({
          customer_id: customerId, requested_by: requestedBy, due_at: tx.db.raw('now() + make_interval(secs => ?)', [config.erasureDelaySeconds]),
        }).returning(requestColumns) as RequestRow[]
        await emitter.emit(tx, 'customers.erasure.requested', { customerId, erasureRequestId: row.id, dueAt: iso(row.due_at) })
        return toRequest(row)
      })
    },

    /** The pending erasure request, or null. */
    async pendingErasure (ctx: Ctx, customerId: string): Promise<ErasureRequest | null> {
      const row = await pendingRequest(ctx, customerId)
      return row == null ? null : toRequest(row)
    },

    /** Withdraws a pending request (the customer changed their mind); false when there was none. */
    async cancelErasure (ctx: Ctx, customerId: string): Promise<boolean> {
      return await ctx.db('customers_erasure_requests').where({ customer_id: customerId, status: 'pending' }).update({ status: 'cancelled', completed_at: ctx.db.fn.now() }) > 0
    },

    erase,

    /** Erases the customers whose requests are due; returns how many (the job calls it). */
    async eraseDue (ctx: Ctx, limit = 100): Promise<number> {
      const rows = await ctx.db('customers_erasure_requests').select('customer_id').where({ status: 'pending' })
        .andWhere('due_at', '<=', ctx.db.fn.now()).orderBy('due_at').limit(limit) as Array<{ customer_id: string }>
      return await eraseEach(ctx, rows.map((r) => r.customer_id), 'customer-request')
    },

    /** Erases accounts disabled for longer than `disabledRetentionSeconds`; returns how many (the retention job). */
    async eraseExpiredDisabled (ctx: Ctx, limit = 100): Promise<number> {
      const rows = await ctx.db('customers_customers').select('id').where({ status: 'disabled' })
        .andWhere('disabled_at', '<=', ctx.db.raw('now() - make_interval(secs => ?)', [config.disabledRetentionSeconds]))
        .orderBy('disabled_at').limit(limit) as Array<{ id: string }>
      return await eraseEach(ctx, rows.map((r) => r.id), 'retention')
    },
  }
}

export type PrivacyService = ReturnType<typeof createPrivacyService>
