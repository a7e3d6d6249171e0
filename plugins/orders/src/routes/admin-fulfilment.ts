import type { RoutePlugin } from '@comptoir/core'
import type { OrdersConfig } from '../config.js'
import { AdminOrder } from '../orders/schemas.js'
import { CreatedFulfilment, CreatedReturn, ExchangeInput, FulfilmentInput, FulfilmentParams, OrderParams, ReceiveInput, ReturnInput, ReturnParams, ReturnRefundInput, ShipInput } from './schemas.js'

const tags = ['orders']
const write = { permission: 'orders:write' }

/** Back office: fulfilments, shipments with tracking, deliveries, returns. */
export const adminFulfilmentRoutes: RoutePlugin<OrdersConfig> = async (app) => {
  const { orders, ordersFulfilments: fulfilments, ordersReturns: returns } = app.services

  app.post<{ Params: OrderParams, Body: FulfilmentInput }>('/orders/:orderId/fulfilments', {
    config: write,
    schema: { tags, operationId: 'fulfilOrder', summary: 'Fulfil lines (partial allowed) from a location: the new fulfilment and the order', params: OrderParams, body: FulfilmentInput, response: { 201: CreatedFulfilment } },
  }, async (request, reply) => {
    const created = await fulfilments.create(request.ctx, request.params.orderId, request.body)
    reply.code(201)
    return created
  })

  app.post<{ Params: FulfilmentParams, Body: ShipInput }>('/orders/:orderId/fulfilments/:fulfilmentId/ship', {
    config: write,
    schema: { tags, operationId: 'shipFulfilment', summary: 'Mark a fulfilment shipped with carrier and tracking', params: FulfilmentParams, body: ShipInput, response: { 200: AdminOrder } },
  }, async (request) => await fulfilments.ship(request.ctx, request.params.orderId, request.params.fulfilmentId, request.body))

  app.post<{ Params: FulfilmentParams }>('/orders/:orderId/fulfilments/:fulfilmentId/deliver', {
    config: write,
    schema: { tags, operationId: 'deliverFulfilment', summary: 'Mark a shipped fulfilment delivered', params: FulfilmentParams, response: { 200: AdminOrder } },
  }, async (request) => await fulfilments.deliver(request.ctx, request.params.orderId, request.params.fulfilmentId))

  app.post<{ Params: OrderParams, Body: ReturnInput }>('/orders/:orderId/returns', {
    config: write,
    schema: { tags, operationId: 'requestOrderReturn', summary: 'Open a return (RMA) of fulfilled units: the new return and the order', params: OrderParams, body: ReturnInput, response: { 201: CreatedReturn } },
  }, async (request, reply) => {
    const { returnId } = await returns.request(request.ctx, request.params.orderId, request.body)
    const order = await orders.get(request.ctx, request.params.orderId)
    reply.code(201)
    return { return: order.returns.find((r) => r.id === returnId)!, order }
  })

  app.post<{ Params: OrderParams, Body: ExchangeInput }>('/orders/:orderId/exchanges', {
    config: write,
    schema: { tags, operationId: 'exchangeOrderLines', summary: 'Exchange: return units and send replacement lines as a new order at no charge (return.exchangeOrderId)', params: OrderParams, body: ExchangeInput, response: { 201: CreatedReturn } },
  }, async (request, reply) => {
    const created = await returns.exchange(request.ctx, request.params.orderId, request.body)
    reply.code(201)
    return created
  })

  app.post<{ Params: ReturnParams, Body: ReceiveInput }>('/orders/:orderId/returns/:returnId/receive', {
    config: write,
    schema: { tags, operationId: 'receiveOrderReturn', summary: 'Receive a return: restock into a location or write off', params: ReturnParams, body: ReceiveInput, response: { 200: AdminOrder } },
  }, async (request) => await returns.receive(request.ctx, request.params.orderId, request.params.returnId, request.body))

  app.post<{ Params: ReturnParams, Body: ReturnRefundInput }>('/orders/:orderId/returns/:returnId/refund', {
    config: write,
    schema: { tags, operationId: 'refundOrderReturn', summary: 'Refund a received return through the provider', params: ReturnParams, body: ReturnRefundInput, response: { 200: AdminOrder } },
  }, async (request) => await returns.refund(request.ctx, request.params.orderId, request.params.returnId, request.body))

  app.post<{ Params: ReturnParams }>('/orders/:orderId/returns/:returnId/cancel', {
    config: write,
    schema: { tags, operationId: 'cancelOrderReturn', summary: 'Withdraw a return not yet received', params: ReturnParams, response: { 200: AdminOrder } },
  }, async (request) => await returns.cancel(request.ctx, request.params.orderId, request.params.returnId))
}
