import { randomUUID } from 'node:crypto'
import { inTransaction, type Cradle, type Ctx, type PluginScope } from '@comptoir/core'
import type { OrdersConfig } from '../config.js'
import { IllegalTransitionError, OrderPartNotFoundError } from '../errors.js'
import { linesOf, lockOrder, orderRef } from '../orders/read.js'
import type { FulfilmentRow, OrderRow, PaymentRow } from '../orders/rows.js'
import type { AdminOrder, Fulfilment } from '../orders/schemas.js'
import { recordTimeline } from '../orders/timeline.js'
import { assertNotHeld } from '../orders/holds.js'
import { transitionOrder } from '../orders/transitions.js'
import { incrementBounded, resolveLines, type LineQuantity } from './lines.js'

export interface ShipInput { carrier?: string | null, trackingNumber?: string | null, trackingUrl?: string | null }

const fulfillable = new Set(['confirmed', 'paid', 'partially_fulfilled'])

/** Fulfilments (which lines leave from which location) and their shipment and delivery. */
export function createFulfilmentService (cradle: Cradle, scope: PluginScope<OrdersConfig>) {
  const prefix = scope.config.orderNumberPrefix
  const { events } = cradle

  async function lockFulfilment (ctx: Ctx, order: OrderRow, fulfilmentId: string): Promise<FulfilmentRow> {
    const row = await ctx.db('orders_fulfilments').where({ id: fulfilmentId, order_id: order.id }).forUpdate().first() as FulfilmentRow | undefined
    if (row == null) throw new OrderPartNotFoundError('fulfilment', fulfilmentId)
    return row
  }

  async function statusesOf (ctx: Ctx, orderId: string): Promise<string[]> {
    return (await ctx.db('orders_fulfilments').where({ order_id: orderId }).select('status') as Array<{ status: string }>).map((r) => r.status)
  }

  /** Captures authorized gateway payments at the first fulfilment (setting `captureAtFulfilment`); manual ones wait for "mark paid". */
  async function captureAtFulfilment (ctx: Ctx, orderId: string): Promise<void> {
    const enabled = await cradle.settings.get<boolean>(ctx, 'orders', 'captureAtFulfilment')
    if (!enabled) return
    const payments = await ctx.db('orders_payments').where({ order_id: orderId, status: 'authorized' }) as PaymentRow[]
    for (const payment of payments) {
      if (cradle.ordersPaymentProviders.get(payment.provider)?.manualSettlement === true) continue
      try {
        await cradle.ordersPayments.capture(ctx, orderId, payment.id)
      } catch (error) {
        // The parcel leaves anyway; the failed capture is on the timeline for an admin to retry.
        ctx.log.warn({ err: error, orderId, paymentId: payment.id }, 'capture at fulfilment failed')
        await recordTimeline(ctx, orderId, { kind: 'payment', reason: 'capture_failed', data: { paymentId: payment.id } })
      }
    }
  }

  return {
    /**
     * Fulfils lines (partially allowed) from a location: consumes the order's reservations through
     * inventory. Answers the new fulfilment and the order after it (and after any capture).
     */
    async create (ctx: Ctx, orderId: string, input: { lines: LineQuantity[], locationId?: string }): Promise<{ fulfilment: Fulfilment, order: AdminOrder }> {
      const fulfilmentId = randomUUID()
      await inTransaction(ctx, async (tx) => {
        const order = await lockOrder(tx, orderId)
        assertNotHeld(order, 'fulfil')
        if (!fulfillable.has(order.status)) throw new IllegalTransitionError('order', order.status, 'partially_fulfilled')
        const lines = await resolveLines(tx, orderId, input.lines)
        for (const line of lines) await incrementBounded(tx, line.row, 'fulfilled_quantity', line.quantity, 'fulfil')
        const { allocations } = await cradle.inventory.fulfil(tx, {
          ownerId: orderId, reference: fulfilmentId, locationId: input.locationId,
          lines: lines.map((l) => ({ variantId: l.row.variant_id, quantity: l.quantity, lineReference: l.lineId })),
        })
        await tx.db('orders_fulfilments').insert({ id: fulfilmentId, order_id: orderId, location_id: input.locationId ?? allocations[0]?.locationId ?? null })
        await tx.db('orders_fulfilment_lines').insert(lines.map((l) => ({ fulfilment_id: fulfilmentId, line_id: l.lineId, quantity: l.quantity })))
        const complete = (await linesOf(tx, orderId)).every((l) => l.fulfilled_quantity === l.quantity)
        const to = complete ? 'fulfilled' : 'partially_fulfilled'
        if (order.status !== to) await transitionOrder(tx, orderId, order.status, to, 'fulfilment')
        await recordTimeline(tx, orderId, { kind: 'fulfilment', reason: complete ? 'complete' : 'partial', data: { fulfilmentId, lines: input.lines, allocations } })
        await events.emit(tx, 'orders.order.fulfilled', { ...orderRef(order, prefix), fulfilmentId, complete })
      })
      await captureAtFulfilment(ctx, orderId)
      const after = await cradle.orders.get(ctx, orderId)
      return { fulfilment: after.fulfilments.find((f) => f.id === fulfilmentId)!, order: after }
    },

    /** Hands a fulfilment to a carrier; the order is `shipped` once every unit has shipped. */
    async ship (ctx: Ctx, orderId: string, fulfilmentId: string, input: ShipInput): Promise<AdminOrder> {
      await inTransaction(ctx, async (tx) => {
        const order = await lockOrder(tx, orderId)
        assertNotHeld(order, 'ship')
        const fulfilment = await lockFulfilment(tx, order, fulfilmentId)
        if (fulfilment.status !== 'pending') throw new IllegalTransitionError('fulfilment', fulfilment.status, 'shipped')
        await tx.db('orders_fulfilments').where({ id: fulfilmentId, status: 'pending' }).update({
          status: 'shipped', carrier: input.carrier ?? null, tracking_number: input.trackingNumber ?? null,
          tracking_url: input.trackingUrl ?? null, shipped_at: tx.db.fn.now(), updated_at: tx.db.fn.now(),
        })
        await recordTimeline(tx, orderId, { kind: 'shipment', from: 'pending', to: 'shipped', data: { fulfilmentId, carrier: input.carrier ?? null, trackingNumber: input.trackingNumber ?? null, trackingUrl: input.trackingUrl ?? null } })
        if (order.status === 'fulfilled' && (await statusesOf(tx, orderId)).every((s) => s !== 'pending')) {
          await transitionOrder(tx, orderId, 'fulfilled', 'shipped', 'all_shipped')
        }
        await events.emit(tx, 'orders.order.shipped', {
          ...orderRef(order, prefix), fulfilmentId, carrier: input.carrier ?? null, trackingNumber: input.trackingNumber ?? null, trackingUrl: input.trackingUrl ?? null,
        })
      })
      return await cradle.orders.get(ctx, orderId)
    },

    /** Records delivery of a shipped fulfilment; the order is `delivered` once every fulfilment is. */
    async deliver (ctx: Ctx, orderId: string, fulfilmentId: string): Promise<AdminOrder> {
      await inTransaction(ctx, async (tx) => {
        const order = await lockOrder(tx, orderId)
        const fulfilment = await lockFulfilment(tx, order, fulfilmentId)
        if (fulfilment.status !== 'shipped') throw new IllegalTransitionError('fulfilment', fulfilment.status, 'delivered')
        await tx.db('orders_fulfilments').where({ id: fulfilmentId, status: 'shipped' }).update({ status: 'delivered', delivered_at: tx.db.fn.now(), updated_at: tx.db.fn.now() })
        await recordTimeline(tx, orderId, { kind: 'shipment', from: 'shipped', to: 'delivered', data: { fulfilmentId } })
        if (order.status === 'shipped' && (await statusesOf(tx, orderId)).every((s) => s === 'delivered')) {
          await transitionOrder(tx, orderId, 'shipped', 'delivered', 'all_delivered')
        }
        await events.emit(tx, 'orders.order.delivered', { ...orderRef(order, prefix), fulfilmentId })
      })
      return await cradle.orders.get(ctx, orderId)
    },
  }
}
export type FulfilmentService = ReturnType<typeof createFulfilmentService>
