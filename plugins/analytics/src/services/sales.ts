import { inTransaction, type Cradle, type Ctx } from '@comptoir/core'
import { insertEvents } from './event-rows.js'

interface OrderFacts { orderId: string, customerId: string | null, amount: number, currency: string }

/**
 * The orders side of analytics, fed only by orders' events (a purchase is never taken from the
 * client): the order with its lines and their products' categories, cancellations and refunds.
 * Every method is idempotent (at-least-once delivery).
 */
export function createSalesService ({ orders, catalog, customers, analyticsPartitions }: Cradle) {
  async function linesOf (ctx: Ctx, orderId: string): Promise<Array<{ product_id: string, category_ids: string[], quantity: number, total_amount: number }>> {
    let lines: Array<{ productId: string, quantity: number, totalAmount: number }>
    try {
      lines = (await orders.summary(ctx, orderId)).lines
    } catch (error) {
      if ((error as { status?: number }).status === 404) return [] // gone since: the order's total still counts
      throw error
    }
    const categories = new Map<string, string[]>()
    for (const productId of new Set(lines.map((l) => l.productId))) {
      try {
        categories.set(productId, (await catalog.get(ctx, productId)).categoryIds)
      } catch (error) {
        if ((error as { status?: number }).status !== 404) throw error
      }
    }
    return lines.map((l) => ({ product_id: l.productId, category_ids: categories.get(l.productId) ?? [], quantity: l.quantity, total_amount: l.totalAmount }))
  }

  return {
    /** orders.order.placed: the order, its lines and a server-side `purchase` raw event. */
    async orderPlaced (ctx: Ctx, eventId: string, occurredAt: string, order: OrderFacts): Promise<void> {
      const lines = await linesOf(ctx, order.orderId)
      const consented = order.customerId != null && await customers.hasConsent(ctx, order.customerId, 'analytics')
      // Its month's partition first: inside the transaction below a failed insert cannot be retried.
      await analyticsPartitions.ensure(ctx, new Date(occurredAt))
      // The order row is the dedupe marker, so it commits with its lines and event or not at all (a
      // delivery cut after the row alone would be taken for "delivered before": found by the
      // reliability suite's PostgreSQL restart).
      await inTransaction(ctx, async (tx) => {
        const inserted = await tx.db('analytics_orders').insert({
          order_id: order.orderId, customer_id: order.customerId, currency: order.currency, total_amount: order.amount, placed_at: occurredAt,
        }).onConflict('order_id').ignore().returning('order_id') as unknown[]
        if (inserted.length === 0) return // delivered before
        if (lines.length > 0) await tx.db('analytics_order_lines').insert(lines.map((l) => ({ ...l, order_id: order.orderId })))
        await insertEvents(tx, { sessionId: 'server', customerId: consented ? order.customerId : null, ipPrefix: null }, [{
          occurred_at: occurredAt, event_id: eventId, type: 'purchase', order_id: order.orderId, amount: order.amount, currency: order.currency,
        }], async (retry) => await analyticsPartitions.ensure(retry))
      })
    },

    /** orders.order.cancelled: the order stops counting from its day's next rollup. */
    async orderCancelled (ctx: Ctx, orderId: string, occurredAt: string): Promise<string | null> {
      const rows = await ctx.db('analytics_orders').where({ order_id: orderId }).whereNull('cancelled_at')
        .update({ cancelled_at: occurredAt, updated_at: ctx.db.fn.now() }).returning('placed_at') as Array<{ placed_at: Date }>
      return rows[0] != null ? new Date(rows[0].placed_at).toISOString() : null
    },

    /** orders.payment.refunded: counted on the refund's day. */
    async paymentRefunded (ctx: Ctx, refund: { refundId: string, orderId: string, amount: number, currency: string }, occurredAt: string): Promise<void> {
      await ctx.db('analytics_refunds').insert({ refund_id: refund.refundId, order_id: refund.orderId, amount: refund.amount, currency: refund.currency, refunded_at: occurredAt })
        .onConflict('refund_id').ignore()
    },
  }
}

export type SalesService = ReturnType<typeof createSalesService>
