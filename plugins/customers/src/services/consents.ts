import { inTransaction, type Cradle, type Ctx } from '@comptoir/core'
import { CustomerErasedError, CustomerNotFoundError } from '../errors.js'
import type { ConsentHistory, ConsentInput, ConsentSource, ConsentSummary } from '../schemas/consents.js'
import { consentHistory, currentConsent } from './consent-log.js'
import { createEmitter } from './emitter.js'

/** The append-only consent log: record grants and withdrawals, read the history and the current state. */
export function createConsentsService (cradle: Cradle) {
  const emitter = createEmitter(cradle)
  return {
    /** Current consent per purpose. */
    async current (ctx: Ctx, customerId: string): Promise<ConsentSummary> {
      return { items: await currentConsent(ctx, customerId) }
    },

    /** Every record, oldest first. */
    async history (ctx: Ctx, customerId: string): Promise<ConsentHistory> {
      return { items: await consentHistory(ctx, customerId) }
    },

    /** Appends one record per change (never updates one); emits `customers.consent.changed` when a state flips. */
    async record (ctx: Ctx, customerId: string, changes: ConsentInput['changes'], source: ConsentSource): Promise<ConsentSummary> {
      return await inTransaction(ctx, async (tx) => {
        // The row lock serialises concurrent changes of one customer, so "flipped" is computed on fresh state.
        const customer = await tx.db('customers_customers').select('status').where({ id: customerId }).forUpdate().first() as { status: string } | undefined
        if (customer == null) throw new CustomerNotFoundError(customerId)
        if (customer.status === 'erased') throw new CustomerErasedError(customerId)
        const before = await currentConsent(tx, customerId)
        await tx.db('customers_consents').insert(changes.map((c) => ({ customer_id: customerId, purpose: c.purpose, granted: c.granted, source })))
        for (const change of changes) {
          if (before.find((s) => s.purpose === change.purpose)?.granted !== change.granted) {
            await emitter.emit(tx, 'customers.consent.changed', { customerId, purpose: change.purpose, granted: change.granted })
          }
        }
        return { items: await currentConsent(tx, customerId) }
      })
    },
  }
}

export type ConsentsService = ReturnType<typeof createConsentsService>
