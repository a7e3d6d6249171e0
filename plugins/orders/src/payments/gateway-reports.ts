import { randomUUID } from 'node:crypto'
import { inTransaction, type Cradle, type Ctx } from '@comptoir/core'
import { lockOrder, orderRef } from '../orders/read.js'
import type { PaymentRow, RefundRow } from '../orders/rows.js'
import { recordTimeline } from '../orders/timeline.js'
import { lockPayment, type PaymentLedger } from './ledger.js'
import type { SettleRefund } from './service.js'
import type { PaymentRisk } from '../checkout/extensions.js'

export interface GatewayUpdateInput {
  provider: string, reference: string, status: 'authorized' | 'captured' | 'failed' | 'canceled'
  amount?: number, amountCaptured?: number, failureCode?: string, failureMessage?: string, occurredAt?: Date
  /** The gateway's risk assessment when it has one (Stripe Radar), for checkout extensions. */
  risk?: PaymentRisk
}
export interface GatewayRefundInput { provider: string, reference: string, refundReference: string, amount: number, occurredAt?: Date }
export interface DisputeInput {
  provider: string, reference: string, disputeReference: string, status: 'opened' | 'won' | 'lost' | 'closed', amount: number, reason?: string
}
export interface ReportResult { changed: boolean, orderId: string | null }

const disputeRank = { opened: 0, won: 1, lost: 1, closed: 2 } as const

/**
 * What payment plugins report from their webhooks. Idempotent and forward-only: a repeat, or
 * an older state arriving after a newer one, changes nothing. Each joins or opens a transaction
 * and locks the order row, then the payment row (the same order as every other path).
 */
export function createGatewayReports (cradle: Cradle, prefix: string, ledger: PaymentLedger, settleRefund: SettleRefund) {
  const { events } = cradle

  async function findPayment (ctx: Ctx, provider: string, reference: string): Promise<PaymentRow | undefined> {
    return await ctx.db('orders_payments').where({ provider, reference }).first() as PaymentRow | undefined
  }

  return {
    /** A payment's state at the gateway (authorized, captured, failed, canceled). */
    async recordGatewayUpdate (ctx: Ctx, input: GatewayUpdateInput): Promise<ReportResult> {
      return await inTransaction(ctx, async (tx) => {
        const found = await findPayment(tx, input.provider, input.reference)
        if (found == null) return { changed: false, orderId: null }
        const order = await lockOrder(tx, found.order_id)
        const payment = (await lockPayment(tx, found.id))!
        const changed = await ledger.apply(tx, order, payment, {
          status: input.status, amount: input.amount, amountCaptured: input.amountCaptured,
          failureCode: input.failureCode ?? null, failureMessage: input.failureMessage ?? null, risk: input.risk ?? null,
        })
        return { changed, orderId: order.id }
      })
    },

    /**
     * A refund seen at the gateway. Deduped by `refundReference`; a refund orders started itself
     * and still awaits (no reference recorded yet, same amount) is claimed rather than counted twice.
     */
    async recordGatewayRefund (ctx: Ctx, input: GatewayRefundInput): Promise<ReportResult> {
      return await inTransaction(ctx, async (tx) => {
        const found = await findPayment(tx, input.provider, input.reference)
        if (found == null) return { changed: false, orderId: null }
        const order = await lockOrder(tx, found.order_id)
        const payment = (await lockPayment(tx, found.id))!
        const known = await tx.db('orders_refunds').where({ provider: input.provider, reference: input.refundReference }).first() as RefundRow | undefined
          ?? await tx.db('orders_refunds').where({ payment_id: payment.id, status: 'pending', amount: input.amount }).whereNull('reference').orderBy('created_at').first() as RefundRow | undefined
        if (known?.status === 'succeeded') return { changed: false, orderId: order.id }
        if (known?.status === 'failed') return { changed: false, orderId: order.id }
        const refundable = Number(payment.captured_amount) - Number(payment.refunded_amount)
        if (input.amount > refundable || input.amount <= 0) {
          await recordTimeline(tx, order.id, { kind: 'refund', reason: 'gateway_refund_unmatched', data: { refundReference: input.refundReference, amount: input.amount } })
          return { changed: true, orderId: order.id }
        }
        let id = known?.id
        if (id == null) {
          id = randomUUID()
          // The payment row lock serialises reports of one payment; the unique index is the last guard.
          const inserted = await tx.db('orders_refunds').insert({ id, order_id: order.id, payment_id: payment.id, provider: input.provider, reference: input.refundReference, amount: input.amount, reason: 'gateway', status: 'pending' })
            .onConflict().ignore().returning('id') as Array<{ id: string }>
          if (inserted.length === 0) return { changed: false, orderId: order.id }
        }
        await settleRefund(tx, order, payment, { id, amount: input.amount, reference: input.refundReference })
        return { changed: true, orderId: order.id }
      })
    },

    /** A chargeback opened or decided at the gateway; recorded on the order's timeline. */
    async recordDispute (ctx: Ctx, input: DisputeInput): Promise<ReportResult> {
      return await inTransaction(ctx, async (tx) => {
        const found = await findPayment(tx, input.provider, input.reference)
        if (found == null) return { changed: false, orderId: null }
        const order = await lockOrder(tx, found.order_id)
        const existing = await tx.db('orders_disputes').where({ provider: input.provider, reference: input.disputeReference }).forUpdate().first() as { id: string, status: keyof typeof disputeRank } | undefined
        if (existing != null && (existing.status === input.status || disputeRank[existing.status] >= disputeRank[input.status])) return { changed: false, orderId: order.id }
        if (existing == null) {
          await tx.db('orders_disputes').insert({ order_id: order.id, payment_id: found.id, provider: input.provider, reference: input.disputeReference, status: input.status, amount: input.amount, reason: input.reason?.slice(0, 200) ?? null })
        } else {
          await tx.db('orders_disputes').where({ id: existing.id }).update({ status: input.status, amount: input.amount, updated_at: tx.db.fn.now() })
        }
        await recordTimeline(tx, order.id, { kind: 'dispute', from: existing?.status ?? null, to: input.status, reason: input.reason?.slice(0, 200) ?? null, data: { paymentId: found.id, disputeReference: input.disputeReference, amount: input.amount } })
        await events.emit(tx, 'orders.payment.disputed', { ...orderRef(order, prefix), paymentId: found.id, status: input.status, amount: input.amount, currency: found.currency.trim() })
        return { changed: true, orderId: order.id }
      })
    },
  }
}
