import type { Cradle, Ctx } from '@comptoir/core'

/** How far a PaymentIntent got; a state is only ever replaced by one of higher rank. */
export const intentRanks = { requires_action: 0, failed: 1, authorized: 2, canceled: 3, captured: 4 } as const
export type IntentState = keyof typeof intentRanks

export interface AdvanceInput {
  paymentIntentId: string
  status: IntentState
  amount: number
  currency: string
  orderId?: string | null
  paymentId?: string | null
  at: Date
}

/**
 * The forward-only record of each PaymentIntent. Webhooks arrive late, twice, or out of order
 * (payment_intent.amount_capturable_updated after .succeeded): the rank check in SQL makes any
 * such stale report a no-op, whoever delivers it.
 */
export function createIntentStatesService (_cradle: Cradle) {
  return {
    /** Moves the intent to `status` when that is forward (or first seen); resolves true when it moved. */
    async advance (ctx: Ctx, input: AdvanceInput): Promise<boolean> {
      const rows = await ctx.db('payments_stripe_payment_intents').insert({
        payment_intent_id: input.paymentIntentId,
        payment_id: input.paymentId ?? null,
        order_id: input.orderId ?? null,
        status: input.status,
        status_rank: intentRanks[input.status],
        amount: input.amount,
        currency: input.currency.toUpperCase(),
        state_at: input.at,
      }).onConflict('payment_intent_id').merge({
        status: input.status,
        status_rank: intentRanks[input.status],
        state_at: input.at,
        updated_at: ctx.db.fn.now(),
        order_id: ctx.db.raw('coalesce(payments_stripe_payment_intents.order_id, excluded.order_id)'),
        payment_id: ctx.db.raw('coalesce(payments_stripe_payment_intents.payment_id, excluded.payment_id)'),
      }).where('payments_stripe_payment_intents.status_rank', '<', intentRanks[input.status]).returning('payment_intent_id') as unknown[]
      return rows.length > 0
    },

    /** The recorded state of an intent, or null. */
    async get (ctx: Ctx, paymentIntentId: string): Promise<{ status: IntentState, orderId: string | null, paymentId: string | null } | null> {
      const row = await ctx.db('payments_stripe_payment_intents').select('status', 'order_id', 'payment_id').where({ payment_intent_id: paymentIntentId }).first() as { status: IntentState, order_id: string | null, payment_id: string | null } | undefined
      return row == null ? null : { status: row.status, orderId: row.order_id, paymentId: row.payment_id }
    },
  }
}

export type IntentStatesService = ReturnType<typeof createIntentStatesService>
