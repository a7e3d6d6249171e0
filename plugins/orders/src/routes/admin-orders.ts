import { Type, type RoutePlugin } from '@comptoir/core'
import type { OrdersConfig } from '../config.js'
import { OrderSearch } from '../orders/queries.js'
import { AdminOrder, TimelineEntry } from '../orders/schemas.js'
import { CancelInput, CaptureInput, NoteInput, OrderParams, OrderSummaryPage, PaymentParams, RefundInput, ReleaseHoldInput } from './schemas.js'

const tags = ['orders']
const read = { permission: 'orders:read' }
const write = { permission: 'orders:write' }

/** Back office: search, detail with timeline, cancellation, notes, payments. */
export const adminOrderRoutes: RoutePlugin<OrdersConfig> = async (app) => {
  const { orders, ordersPayments, ordersHolds } = app.services

  app.get<{ Querystring: OrderSearch }>('/orders', {
    config: read,
    schema: { tags, operationId: 'searchOrders', summary: 'Search orders (status, payment status, dates, customer, email, total), newest first', querystring: OrderSearch, response: { 200: OrderSummaryPage } },
  }, async (request) => await orders.search(request.ctx, request.query))

  app.get<{ Params: OrderParams }>('/orders/:orderId', {
    config: read,
    schema: { tags, operationId: 'getOrder', summary: 'An order with lines, payments, fulfilments, returns and timeline', params: OrderParams, response: { 200: AdminOrder } },
  }, async (request) => await orders.get(request.ctx, request.params.orderId))

  app.get<{ Params: OrderParams }>('/orders/:orderId/timeline', {
    config: read,
    schema: { tags, operationId: 'getOrderTimeline', summary: 'Every change, note and message of an order, oldest first', params: OrderParams, response: { 200: Type.Array(TimelineEntry) } },
  }, async (request) => await orders.timeline(request.ctx, request.params.orderId))

  app.post<{ Params: OrderParams, Body: CancelInput }>('/orders/:orderId/cancel', {
    config: write,
    schema: { tags, operationId: 'cancelOrder', summary: 'Cancel before fulfilment: release stock, void or refund the payment', params: OrderParams, body: CancelInput, response: { 200: AdminOrder } },
  }, async (request) => await orders.cancel(request.ctx, request.params.orderId, request.body.reason ?? null))

  app.post<{ Params: OrderParams, Body: NoteInput }>('/orders/:orderId/notes', {
    config: write,
    schema: { tags, operationId: 'addOrderNote', summary: 'Add a customer-service note or message (internal or customer-visible)', params: OrderParams, body: NoteInput, response: { 201: TimelineEntry } },
  }, async (request, reply) => {
    const entry = await orders.addNote(request.ctx, request.params.orderId, request.body)
    reply.code(201)
    return entry
  })

  app.post<{ Params: PaymentParams, Body: CaptureInput }>('/orders/:orderId/payments/:paymentId/capture', {
    config: write,
    schema: { tags, operationId: 'captureOrderPayment', summary: 'Capture an authorized payment ("mark paid" for manual providers)', params: PaymentParams, body: CaptureInput, response: { 200: AdminOrder } },
  }, async (request) => {
    await ordersPayments.capture(request.ctx, request.params.orderId, request.params.paymentId, request.body.amount)
    return await orders.get(request.ctx, request.params.orderId)
  })

  app.post<{ Params: OrderParams, Body: RefundInput }>('/orders/:orderId/refunds', {
    config: write,
    schema: { tags, operationId: 'refundOrder', summary: 'Refund part or all of the captured amount through the provider', params: OrderParams, body: RefundInput, response: { 200: AdminOrder } },
  }, async (request) => {
    await ordersPayments.refund(request.ctx, request.params.orderId, { amount: request.body.amount, reason: request.body.reason ?? null, paymentId: request.body.paymentId })
    return await orders.get(request.ctx, request.params.orderId)
  })

  app.post<{ Params: OrderParams, Body: ReleaseHoldInput }>('/orders/:orderId/hold/release', {
    config: { permission: 'orders:release-hold' },
    schema: { tags, operationId: 'releaseOrderHold', summary: 'Release the hold on an order (audited, on the timeline): fulfilment and capture may go on', params: OrderParams, body: ReleaseHoldInput, response: { 200: AdminOrder } },
  }, async (request) => await ordersHolds.release(request.ctx, request.params.orderId, { note: request.body.note ?? null }))
}
