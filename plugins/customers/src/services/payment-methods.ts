import { inTransaction, isCheckViolation, type Ctx } from '@comptoir/core'
import { CardDataRejectedError, PaymentMethodNotFoundError } from '../errors.js'
import type { PaymentMethod, PaymentMethodInput, PaymentMethodList } from '../schemas/payment-methods.js'
import { iso } from './rows.js'

interface PaymentMethodRow {
  id: string, gateway: string, gateway_customer_id: string | null, gateway_method_id: string, brand: string | null,
  last4: string | null, exp_month: number | null, exp_year: number | null, is_default: boolean, created_at: Date
}
const columns = ['id', 'gateway', 'gateway_customer_id', 'gateway_method_id', 'brand', 'last4', 'exp_month', 'exp_year', 'is_default', 'created_at'] as const

export function toPaymentMethod (row: PaymentMethodRow): PaymentMethod {
  return {
    id: row.id, gateway: row.gateway, gatewayCustomerId: row.gateway_customer_id, gatewayMethodId: row.gateway_method_id,
    brand: row.brand, last4: row.last4, expMonth: row.exp_month, expYear: row.exp_year, isDefault: row.is_default, createdAt: iso(row.created_at),
  }
}

/** Saved payment methods: gateway references only. A value that looks like a card number is refused (422), by the database. */
export function createPaymentMethodsService () {
  return {
    async list (ctx: Ctx, customerId: string): Promise<PaymentMethodList> {
      const rows = await ctx.db('customers_payment_methods').select(columns).where({ customer_id: customerId })
        .orderBy([{ column: 'created_at' }, { column: 'id' }]) as PaymentMethodRow[]
      return { items: rows.map(toPaymentMethod) }
    },

    async add (ctx: Ctx, customerId: string, input: PaymentMethodInput): Promise<PaymentMethod> {
      return await inTransaction(ctx, async (tx) => {
        await tx.db('customers_customers').select('id').where({ id: customerId }).forUpdate()
        if (input.isDefault === true) await tx.db('customers_payment_methods').where({ customer_id: customerId, is_default: true }).update({ is_default: false })
        try {
          const [row] = await tx.db('customers_payment_methods').insert({
            customer_id: customerId, gateway: input.gateway, gateway_customer_id: input.gatewayCustomerId ?? null,
            gateway_method_id: input.gatewayMethodId, brand: input.brand ?? null, last4: input.last4 ?? null,
            exp_month: input.expMonth ?? null, exp_year: input.expYear ?? null, is_default: input.isDefault ?? false,
          }).returning(columns) as PaymentMethodRow[]
          return toPaymentMethod(row)
        } catch (error) {
          if (isCheckViolation(error)) throw new CardDataRejectedError(error)
          throw error
        }
      })
    },

    async remove (ctx: Ctx, customerId: string, paymentMethodId: string): Promise<void> {
      // returning() rather than the count: knex-pglite reports no row count for deletes (see README).
      const deleted = await ctx.db('customers_payment_methods').where({ id: paymentMethodId, customer_id: customerId }).delete().returning('id') as unknown[]
      if (deleted.length === 0) throw new PaymentMethodNotFoundError(paymentMethodId)
    },
  }
}

export type PaymentMethodsService = ReturnType<typeof createPaymentMethodsService>
