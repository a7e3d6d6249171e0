import { randomUUID } from 'node:crypto'
import { inTransaction, type Cradle, type Ctx, type PluginScope } from '@comptoir/core'
import type { OrdersConfig } from '../config.js'
import { IllegalTransitionError, OrderPartNotFoundError, PaymentOperationFailedError, RefundExceedsCapturedError } from '../errors.js'
import { loadOrder, lockOrder, orderRef } from '../orders/read.js'
import type { OrderRow, PaymentRow, RefundRow } from '../orders/rows.js'
import type { Order } from '../orders/schemas.js'
import { recordTimeline } from '../orders/timeline.js'
import { assertNotHeld } from '../orders/holds.js'
import { createGatewayReports } from './gateway-reports.js'
import { createPaymentLedger, lockPayment } from './ledger.js'
import type { PaymentProvider } from './provider.js'

function assertNoTransaction (ctx: Ctx): void {
  // Gateway calls never run under a row lock (PEERS trap 2).
  if ((ctx.db as { isTransaction?: boolean }).isTransaction === true) throw new Error('payment operations call the gateway: call them outside a transaction')
}

/**
 * Payments of orders: capture ("mark paid" for manual providers), void, refund, and the
 * gateway-facing reports (`recordGatewayUpdate`, `recordGatewayRefund`, `recordDispute`) that
 * payment plugins call from their webhooks. Each gateway call sits between two transactions.
 */
export function createPaymentsService (cradle: Cradle, scope: PluginScope<OrdersConfig>) {
  const prefix = scope.config.orderNumberPrefix
  const ledger = createPaymentLedger(cradle, prefix)
  const { events } = cradle

  function providerOf (payment: PaymentRow): PaymentProvider {
    const provider = cradle.ordersPaymentProviders.get(payment.provider)
    if (provider == null) throw new PaymentOperationFailedError('payment', `provider '${payment.provider}' is not installed`)
    return provider
  }

  /** A gateway that throws (network, 5xx) becomes a 409 the admin can retry, never a 500. */
  async function gatewayCall<T> (operation: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call()
    } catch (error) {
      if (error instanceof PaymentOperationFailedError) throw error
      throw new PaymentOperationFailedError(operation, (error as Error).message?.slice(0, 200) || 'the payment provider did not answer')
    }
  }

  async function lockBoth (ctx: Ctx, orderId: string, paymentId: string): Promise<{ order: OrderRow, payment: PaymentRow }> {
    const order = await lockOrder(ctx, orderId)
    const payment = await lockPayment(ctx, paymentId)
    if (payment == null || payment.order_id !== orderId) throw new OrderPartNotFoundError('payment', paymentId)
    return { order, payment }
  }

  async function capture (ctx: Ctx, orderId: string, paymentId: string, amount?: number): Promise<Order> {
    assertNoTransaction(ctx)
    const { order, payment } = await inTransaction(ctx, async (tx) => await lockBoth(tx, orderId, paymentId))
    assertNotHeld(order, 'capture')
    if (payment.status !== 'authorized') throw new IllegalTransitionError('payment', payment.status, 'captured')
    const toCapture = Math.min(amount ?? Number(payment.authorized_amount), Number(payment.amount))
    const result = await gatewayCall('capture', async () => await providerOf(payment).capture(ctx, {
      paymentId, reference: payment.reference, amount: toCapture, currency: payment.currency.trim(), idempotencyKey: `orders:${paymentId}:capture`,
    }))
    return await inTransaction(ctx, async (tx) => {
      const locked = await lockBoth(tx, orderId, paymentId)
      if (result.status === 'captured') {
        await ledger.apply(tx, locked.order, locked.payment, { status: 'captured', amountCaptured: result.amountCaptured })
      } else {
        await recordTimeline(tx, orderId, { kind: 'payment', reason: 'capture_requested', data: { paymentId, amount: toCapture } })
      }
      return await loadOrder(tx, orderId, prefix)
    })
  }

  /** Voids an authorization (order cancellation); a payment not yet authorized is cancelled too. */
  async function cancel (ctx: Ctx, orderId: string, paymentId: string): Promise<void> {
    assertNoTransaction(ctx)
    const { payment } = await inTransaction(ctx, async (tx) => await lockBoth(tx, orderId, paymentId))
    if (payment.status !== 'authorized' && payment.status !== 'pending') throw new IllegalTransitionError('payment', payment.status, 'canceled')
    await gatewayCall('cancel', async () => { await providerOf(payment).cancel(ctx, { paymentId, reference: payment.reference, idempotencyKey: `orders:${paymentId}:cancel` }) })
    await inTransaction(ctx, async (tx) => {
      const locked = await lockBoth(tx, orderId, paymentId)
      await ledger.setStatus(tx, locked.order, locked.payment, 'canceled', {}, 'voided')
    })
  }

  /** Adds a succeeded refund to the payment and the order, inside the caller's transaction. */
  async function settleRefund (ctx: Ctx, order: OrderRow, payment: PaymentRow, refund: { id: string, amount: number, reference: string | null }): Promise<void> {
    const refunded = Number(payment.refunded_amount) + refund.amount
    const to = refunded >= Number(payment.captured_amount) ? 'refunded' : 'partially_refunded'
    // The CHECK constraint (refunded_amount <= captured_amount) is the last guard against over-refunding.
    await ledger.setStatus(ctx, order, payment, to, { refunded_amount: refunded }, 'refund')
    await ctx.db('orders_orders').where({ id: order.id }).increment('refunded_amount', refund.amount)
    await ctx.db('orders_refunds').where({ id: refund.id }).update({ status: 'succeeded', reference: refund.reference, updated_at: ctx.db.fn.now() })
    await recordTimeline(ctx, order.id, { kind: 'refund', reason: 'refunded', data: { refundId: refund.id, paymentId: payment.id, amount: refund.amount } })
    await events.emit(ctx, 'orders.payment.refunded', { ...orderRef(order, prefix), paymentId: payment.id, refundId: refund.id, amount: refund.amount, currency: payment.currency.trim() })
  }

  /**
   * Refunds `amount` of the order's captured payment (its first captured one unless `paymentId`).
   * The refund row is written first (the amount is then held against concurrent refunds), the
   * gateway called, and the result recorded.
   */
  async function refund (ctx: Ctx, orderId: string, input: { amount: number, reason?: string | null, paymentId?: string, returnId?: string | null }): Promise<Order> {
    assertNoTransaction(ctx)
    const pending = await inTransaction(ctx, async (tx) => {
      const order = await lockOrder(tx, orderId)
      const paymentId = input.paymentId ?? (await tx.db('orders_payments').where({ order_id: orderId })
        .whereIn('status', ['captured', 'partially_refunded']).orderBy('created_at').first('id') as { id: string } | undefined)?.id
      if (paymentId == null) throw new IllegalTransitionError('payment', order.payment_status, 'refunded')
      const { payment } = await lockBoth(tx, orderId, paymentId)
      if (payment.status !== 'captured' && payment.status !== 'partially_refunded') throw new IllegalTransitionError('payment', payment.status, 'refunded')
      const held = await tx.db('orders_refunds').where({ payment_id: paymentId, status: 'pending' }).sum({ s: 'amount' }).first() as { s: string | number | null }
      const refundable = Number(payment.captured_amount) - Number(payment.refunded_amount) - Number(held.s ?? 0)
      if (input.amount > refundable) throw new RefundExceedsCapturedError(input.amount, Math.max(refundable, 0))
      const id = randomUUID()
      await tx.db('orders_refunds').insert({ id, order_id: orderId, payment_id: paymentId, return_id: input.returnId ?? null, provider: payment.provider, amount: input.amount, reason: input.reason ?? null })
      return { id, payment }
    })
    const payment = pending.payment
    let result: Awaited<ReturnType<PaymentProvider['refund']>>
    try {
      result = await providerOf(payment).refund(ctx, {
        paymentId: payment.id, refundId: pending.id, reference: payment.reference, amount: input.amount, currency: payment.currency.trim(),
        reason: input.reason ?? null, idempotencyKey: `orders:${pending.id}:refund`,
      })
    } catch (error) {
      ctx.log.error({ err: error, refundId: pending.id }, 'payment provider failed to refund')
      result = { reference: null, status: 'failed' }
    }
    await inTransaction(ctx, async (tx) => {
      const locked = await lockBoth(tx, orderId, payment.id)
      if (result.status === 'succeeded') {
        await settleRefund(tx, locked.order, locked.payment, { id: pending.id, amount: input.amount, reference: result.reference })
      } else if (result.status === 'pending') {
        await tx.db('orders_refunds').where({ id: pending.id }).update({ reference: result.reference, updated_at: tx.db.fn.now() })
      } else {
        await tx.db('orders_refunds').where({ id: pending.id }).update({ status: 'failed', reference: result.reference, updated_at: tx.db.fn.now() })
        await recordTimeline(tx, orderId, { kind: 'refund', reason: 'refund_failed', data: { refundId: pending.id, amount: input.amount } })
      }
    })
    if (result.status === 'failed') throw new PaymentOperationFailedError('refund', 'the payment provider refused the refund')
    return await loadOrder(ctx, orderId, prefix)
  }

  return {
    capture,
    cancel,
    refund,
    ...createGatewayReports(cradle, prefix, ledger, settleRefund),
    /** The order's payments still holding money or a pending authorization, for cancellation. */
    async openPayments (ctx: Ctx, orderId: string): Promise<PaymentRow[]> {
      return await ctx.db('orders_payments').where({ order_id: orderId }).whereIn('status', ['pending', 'authorized', 'captured', 'partially_refunded']) as PaymentRow[]
    },
    async refundRows (ctx: Ctx, orderId: string): Promise<RefundRow[]> {
      return await ctx.db('orders_refunds').where({ order_id: orderId }) as RefundRow[]
    },
  }
}
export type PaymentsService = ReturnType<typeof createPaymentsService>
export type SettleRefund = (ctx: Ctx, order: OrderRow, payment: PaymentRow, refund: { id: string, amount: number, reference: string | null }) => Promise<void>
