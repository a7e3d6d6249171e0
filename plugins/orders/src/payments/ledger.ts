import type { Cradle, Ctx } from '@comptoir/core'
import { createOrderEffects } from '../orders/effects.js'
import { orderRef } from '../orders/read.js'
import type { OrderRow, PaymentRow } from '../orders/rows.js'
import type { PaymentStatus } from '../orders/schemas.js'
import { recordTimeline } from '../orders/timeline.js'
import { paymentTransitions } from '../orders/transitions.js'
import type { PaymentRisk } from '../checkout/extensions.js'
import { runAfterPayment } from '../checkout/run-extensions.js'
import { placeHold } from '../orders/holds.js'

/** A payment outcome, from the provider's answer at checkout or capture, or from a gateway webhook. */
export interface PaymentOutcome {
  status: 'authorized' | 'captured' | 'failed' | 'canceled'
  reference?: string | null
  amount?: number
  amountCaptured?: number
  failureCode?: string | null
  failureMessage?: string | null
  /** The gateway's risk assessment, handed to checkout extensions' `afterPayment`. */
  risk?: PaymentRisk | null
}

/**
 * Records payment outcomes, forward only: an outcome the payment's state machine does not allow
 * from where it is (a repeat, or an older state arriving late) changes nothing and returns false.
 * Runs inside the caller's transaction with the order row, then the payment row, locked.
 */
export function createPaymentLedger (cradle: Cradle, prefix: string) {
  const { events } = cradle
  const effects = createOrderEffects(cradle, prefix)

  async function setStatus (ctx: Ctx, order: OrderRow, payment: PaymentRow, to: PaymentStatus, patch: Record<string, unknown>, reason: string | null): Promise<boolean> {
    if (!paymentTransitions[payment.status].includes(to)) return false
    const updated = await ctx.db('orders_payments').where({ id: payment.id, status: payment.status })
      .update({ ...patch, status: to, updated_at: ctx.db.fn.now() })
    if (updated !== 1) return false
    await ctx.db('orders_orders').where({ id: order.id }).update({ payment_status: to, updated_at: ctx.db.fn.now() })
    await recordTimeline(ctx, order.id, { kind: 'payment', from: payment.status, to, reason, data: { paymentId: payment.id, provider: payment.provider } })
    return true
  }

  /** Checkout extensions see every recorded payment result, in this transaction; one may hold the order. */
  async function afterPayment (ctx: Ctx, order: OrderRow, payment: PaymentRow, outcome: PaymentOutcome, amount: number): Promise<void> {
    const registry = cradle.ordersCheckoutExtensions
    if (registry.list().length === 0) return
    const hold = await runAfterPayment(ctx, registry, {
      orderId: order.id, number: `${prefix}${String(order.number)}`, customerId: order.customer_id, email: order.email, currency: order.currency.trim(), totalAmount: Number(order.total_amount),
    }, {
      paymentId: payment.id, provider: payment.provider, status: outcome.status, amount, reference: outcome.reference ?? payment.reference,
      failureCode: outcome.failureCode ?? null, risk: outcome.risk ?? null,
    })
    if (hold != null) await placeHold(ctx, cradle, prefix, order, hold)
  }

  return {
    setStatus,

    async apply (ctx: Ctx, order: OrderRow, payment: PaymentRow, outcome: PaymentOutcome): Promise<boolean> {
      const ref = orderRef(order, prefix)
      const reference = outcome.reference ?? payment.reference
      const currency = payment.currency.trim()
      if (outcome.status === 'authorized') {
        const amount = outcome.amount ?? Number(payment.amount)
        const changed = await setStatus(ctx, order, payment, 'authorized', { reference, authorized_amount: amount, authorized_at: ctx.db.fn.now() }, 'authorized')
        if (!changed) return false
        await events.emit(ctx, 'orders.payment.authorized', { ...ref, paymentId: payment.id, provider: payment.provider, amount, currency })
        await effects.authorized(ctx, order)
        await afterPayment(ctx, order, payment, outcome, amount)
        return true
      }
      if (outcome.status === 'captured') {
        const amount = Math.min(outcome.amountCaptured ?? outcome.amount ?? Number(payment.amount), Number(payment.amount))
        const changed = await setStatus(ctx, order, payment, 'captured', {
          reference, captured_amount: amount, authorized_amount: Math.max(amount, Number(payment.authorized_amount)), captured_at: ctx.db.fn.now(),
        }, payment.status === 'pending' || payment.status === 'authorized' ? 'captured' : 'captured_after_cancel')
        if (!changed) return false
        if (order.status === 'cancelled') ctx.log.warn({ orderId: order.id, paymentId: payment.id }, 'payment captured on a cancelled order: refund it')
        await events.emit(ctx, 'orders.payment.captured', { ...ref, paymentId: payment.id, provider: payment.provider, amount, currency })
        await effects.captured(ctx, order, payment, amount)
        await afterPayment(ctx, order, payment, outcome, amount)
        return true
      }
      const wasPending = payment.status === 'pending'
      const changed = await setStatus(ctx, order, payment, outcome.status, {
        reference, failure_code: outcome.failureCode?.slice(0, 100) ?? null, failure_message: outcome.failureMessage?.slice(0, 500) ?? null,
      }, outcome.failureCode ?? outcome.status)
      if (!changed) return false
      if (outcome.status === 'failed') await events.emit(ctx, 'orders.payment.failed', { ...ref, paymentId: payment.id, provider: payment.provider, failureCode: outcome.failureCode ?? null })
      if (wasPending) await effects.failed(ctx, order)
      await afterPayment(ctx, order, payment, outcome, Number(payment.amount))
      return true
    },
  }
}
export type PaymentLedger = ReturnType<typeof createPaymentLedger>

export async function lockPayment (ctx: Ctx, paymentId: string): Promise<PaymentRow | undefined> {
  return await ctx.db('orders_payments').where({ id: paymentId }).forUpdate().first() as PaymentRow | undefined
}
