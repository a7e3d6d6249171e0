import { inTransaction, type Cradle, type Ctx, type PageOf, type PageQuery, type PluginScope } from '@comptoir/core'
import type { OrdersConfig } from '../config.js'
import { OrderNotFoundError } from '../errors.js'
import { searchOrders, type OrderSearch } from './queries.js'
import { loadOrder, lockOrder, orderRef, orderRow, timelineOf } from './read.js'
import { toOrderSummary, type OrderRow } from './rows.js'
import type { AdminOrder, CustomerOrder, Order, OrderSummary, TimelineEntry } from './schemas.js'
import { recordTimeline } from './timeline.js'
import { transitionOrder } from './transitions.js'

export interface NoteInput {
  body: string
  channel?: 'email' | 'phone' | 'chat' | 'note'
  visibility?: 'internal' | 'customer'
  author?: string | null
}

/** Orders: reads for admins and customers, cancellation, customer-service notes and messages. */
export function createOrdersService (cradle: Cradle, scope: PluginScope<OrdersConfig>) {
  const prefix = scope.config.orderNumberPrefix
  const { events } = cradle

  async function ownRow (ctx: Ctx, customerId: string, orderId: string): Promise<OrderRow> {
    const row = await ctx.db('orders_orders').where({ id: orderId, customer_id: customerId }).first() as OrderRow | undefined
    // Someone else's order answers exactly like a missing one.
    if (row == null) throw new OrderNotFoundError(orderId)
    return row
  }

  return {
    /** Admin detail: the order with its whole timeline. */
    async get (ctx: Ctx, orderId: string): Promise<AdminOrder> {
      const row = await orderRow(ctx, orderId)
      return { ...await loadOrder(ctx, orderId, prefix, row), timeline: await timelineOf(ctx, orderId) }
    },

    async summary (ctx: Ctx, orderId: string): Promise<Order> {
      return await loadOrder(ctx, orderId, prefix)
    },

    async search (ctx: Ctx, filter: OrderSearch): Promise<PageOf<OrderSummary>> {
      const page = await searchOrders(ctx, filter)
      return { items: page.items.map((r) => toOrderSummary(r, prefix)), nextCursor: page.nextCursor }
    },

    async timeline (ctx: Ctx, orderId: string): Promise<TimelineEntry[]> {
      await orderRow(ctx, orderId)
      return await timelineOf(ctx, orderId)
    },

    /** The customer's own orders, newest first; erased or guest orders never show. */
    async listForCustomer (ctx: Ctx, customerId: string, page: PageQuery): Promise<PageOf<OrderSummary>> {
      const result = await searchOrders(ctx, { customerId, limit: page.limit, cursor: page.cursor })
      return { items: result.items.map((r) => toOrderSummary(r, prefix)), nextCursor: result.nextCursor }
    },

    /** One of the customer's own orders with the messages meant for them; 404 for anyone else's. */
    async getForCustomer (ctx: Ctx, customerId: string, orderId: string): Promise<CustomerOrder> {
      const row = await ownRow(ctx, customerId, orderId)
      return { ...await loadOrder(ctx, orderId, prefix, row), messages: await timelineOf(ctx, orderId, true) }
    },

    /**
     * Cancels the order (pending, confirmed or paid, before any fulfilment): releases its stock,
     * then voids authorized payments and refunds captured ones, outside the transaction.
     */
    async cancel (ctx: Ctx, orderId: string, reason: string | null): Promise<AdminOrder> {
      await inTransaction(ctx, async (tx) => {
        const row = await lockOrder(tx, orderId)
        await transitionOrder(tx, orderId, row.status, 'cancelled', reason ?? 'cancelled')
        await cradle.inventory.release(tx, { ownerId: orderId })
        // A cart still `completing` (payment never authorized) is given back to its buyer.
        if (row.status === 'pending' && row.cart_id != null) await cradle.ordersCarts.abortCheckout(tx, row.cart_id)
        await events.emit(tx, 'orders.order.cancelled', { ...orderRef(row, prefix), reason })
      })
      const payments = cradle.ordersPayments
      for (const payment of await payments.openPayments(ctx, orderId)) {
        try {
          if (payment.status === 'pending' || payment.status === 'authorized') {
            await payments.cancel(ctx, orderId, payment.id)
          } else {
            const left = Number(payment.captured_amount) - Number(payment.refunded_amount)
            if (left > 0) await payments.refund(ctx, orderId, { amount: left, reason: reason ?? 'order cancelled', paymentId: payment.id })
          }
        } catch (error) {
          // The order stays cancelled; the payment shows what is left to void or refund, and the timeline why.
          ctx.log.warn({ err: error, orderId, paymentId: payment.id }, 'could not settle the payment of a cancelled order')
          await recordTimeline(ctx, orderId, { kind: 'payment', reason: 'settlement_failed', data: { paymentId: payment.id, error: (error as Error).message?.slice(0, 200) ?? null } })
        }
      }
      return await this.get(ctx, orderId)
    },

    /** A customer-service note (internal) or message (to or from the customer), in the timeline. */
    async addNote (ctx: Ctx, orderId: string, input: NoteInput): Promise<TimelineEntry> {
      return await inTransaction(ctx, async (tx) => {
        const row = await lockOrder(tx, orderId)
        const channel = input.channel ?? 'note'
        const visibility = input.visibility ?? 'internal'
        const id = await recordTimeline(tx, orderId, { kind: channel === 'note' ? 'note' : 'message', body: input.body, channel, visibility, author: input.author ?? null })
        await events.emit(tx, 'orders.note.added', { ...orderRef(row, prefix), entryId: id, visibility })
        const entries = await timelineOf(tx, orderId)
        return entries.find((e) => e.id === id)!
      })
    },

    /** Cancels pending orders older than the payment timeout (the `orders.cancel-unpaid-orders` job). */
    async cancelUnpaid (ctx: Ctx, limit: number): Promise<number> {
      const cutoff = new Date(Date.now() - scope.config.pendingPaymentTimeoutMinutes * 60_000)
      const rows = await ctx.db('orders_orders').where({ status: 'pending' }).where('created_at', '<', cutoff).orderBy('created_at').limit(limit).select('id') as Array<{ id: string }>
      let cancelled = 0
      for (const { id } of rows) {
        try {
          await this.cancel(ctx, id, 'payment_timeout')
          cancelled++
        } catch (error) {
          ctx.log.warn({ err: error, orderId: id }, 'could not cancel an unpaid order')
        }
      }
      return cancelled
    },
  }
}
export type OrdersService = ReturnType<typeof createOrdersService>
