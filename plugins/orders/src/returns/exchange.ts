import { randomUUID } from 'node:crypto'
import { inTransaction, type Cradle, type Ctx, type PluginScope } from '@comptoir/core'
import type { OrdersConfig } from '../config.js'
import { InvalidLinesError } from '../errors.js'
import type { LineQuantity } from '../fulfilment/lines.js'
import { lockOrder, orderRef } from '../orders/read.js'
import type { AdminOrder, OrderReturn } from '../orders/schemas.js'
import { recordTimeline } from '../orders/timeline.js'

export interface ExchangeInput {
  /** Units coming back (a return is opened for them). */
  lines: LineQuantity[]
  /** Units going out instead. */
  newLines: Array<{ variantId: string, quantity: number }>
  reason?: string | null
}

/**
 * An exchange is a return plus a replacement order: the returned units follow the normal return
 * (receive, restock or write off; no refund is due), and the new lines form an order at no charge
 * (status `paid`, total 0, stock reserved now) that is fulfilled and shipped like any other.
 * Price differences are not charged or refunded here: an admin refunds the difference by hand.
 */
export function createExchangeService (cradle: Cradle, scope: PluginScope<OrdersConfig>) {
  const prefix = scope.config.orderNumberPrefix
  const { events } = cradle

  return {
    /** Answers the return (its `exchangeOrderId` is the replacement order) and the original order. */
    async exchange (ctx: Ctx, orderId: string, input: ExchangeInput): Promise<{ return: OrderReturn, order: AdminOrder }> {
      const opened = await inTransaction(ctx, async (tx) => {
        const order = await lockOrder(tx, orderId)
        const { returnId } = await cradle.ordersReturns.request(tx, orderId, { lines: input.lines, reason: input.reason ?? 'exchange' })
        if (input.newLines.length === 0) throw new InvalidLinesError('List at least one new line')
        const ids = [...new Set(input.newLines.map((l) => l.variantId))]
        if (ids.length !== input.newLines.length) throw new InvalidLinesError('A variant is listed twice')
        const variants = await cradle.catalogVariants.forPurchase(tx, ids, order.currency.trim())
        const exchangeId = randomUUID()
        const lines = input.newLines.map((l, position) => {
          const v = variants.get(l.variantId)
          if (v == null || v.productStatus !== 'published') throw new InvalidLinesError(`Variant ${l.variantId} is not for sale`)
          const subtotal = (v.unitAmount ?? 0) * l.quantity
          return {
            id: randomUUID(), order_id: exchangeId, position, variant_id: v.variantId, product_id: v.productId, sku: v.sku,
            title: v.productTitle, variant_title: v.variantTitle, quantity: l.quantity, unit_amount: v.unitAmount ?? 0,
            subtotal_amount: subtotal, discount_amount: subtotal, tax_amount: 0, total_amount: 0, tax_rate_bps: 0, requires_shipping: true,
          }
        })
        await tx.db('orders_orders').insert({
          id: exchangeId, customer_id: order.customer_id, email: order.email, currency: order.currency, status: 'paid', payment_status: 'captured',
          subtotal_amount: lines.reduce((s, l) => s + l.subtotal_amount, 0), discount_amount: lines.reduce((s, l) => s + l.subtotal_amount, 0),
          shipping_amount: 0, tax_amount: 0, total_amount: 0, tax_inclusive: order.tax_inclusive,
          shipping_address: order.shipping_address == null ? null : JSON.stringify(order.shipping_address),
          billing_address: order.billing_address == null ? null : JSON.stringify(order.billing_address),
          confirmed_at: tx.db.fn.now(), paid_at: tx.db.fn.now(),
        })
        await tx.db('orders_lines').insert(lines)
        await cradle.inventory.reserve(tx, { owner: { type: 'order', id: exchangeId }, lines: lines.map((l) => ({ variantId: l.variant_id, quantity: l.quantity, reference: l.id })) })
        await tx.db('orders_returns').where({ id: returnId }).update({ exchange_order_id: exchangeId })
        await recordTimeline(tx, exchangeId, { kind: 'status', from: null, to: 'paid', reason: 'exchange', data: { originalOrderId: orderId, returnId } })
        await recordTimeline(tx, orderId, { kind: 'return', reason: 'exchange', data: { returnId, exchangeOrderId: exchangeId } })
        const created = await tx.db('orders_orders').where({ id: exchangeId }).first()
        await events.emit(tx, 'orders.order.placed', { ...orderRef(created, prefix), amount: 0, currency: order.currency.trim() })
        return { returnId }
      })
      const after = await cradle.orders.get(ctx, orderId)
      return { return: after.returns.find((r) => r.id === opened.returnId)!, order: after }
    },
  }
}
