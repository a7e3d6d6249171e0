import { PageQuery, requireCustomer, Type, type RoutePlugin } from '@comptoir/core'
import { cartAccessOf } from '../carts/index.js'
import type { OrdersConfig } from '../config.js'
import { CustomerOrder, Order } from '../orders/schemas.js'
import { CartParams, CheckoutInput, CheckoutPayment, CreatedCustomerReturn, OrderParams, OrderSummaryPage, PaymentProviderInfo, ReturnInput } from './schemas.js'

const tags = ['orders']

/** Storefront: checkout, payment options, and the signed-in customer's own orders. */
export const orderStoreRoutes: RoutePlugin<OrdersConfig> = async (app) => {
  const { orders, ordersCheckout, ordersPaymentProviders, ordersReturns } = app.services

  app.post<{ Params: CartParams, Body: CheckoutInput }>('/carts/:cartId/complete', {
    // The kernel stores the first response under the Idempotency-Key and replays it to retries;
    // checkout claims the key in its first transaction and stores the response in its last.
    config: { idempotent: 'required', idempotencyInTransaction: true, customer: 'optional' },
    schema: {
      tags, operationId: 'completeCart', summary: 'Place the order: reserve stock, authorize payment (Idempotency-Key required)',
      params: CartParams, body: CheckoutInput,
      response: { 201: Type.Object({ order: Order, payment: CheckoutPayment }) },
    },
  }, async (request, reply) => {
    reply.code(201) // before the service runs: the response it stores is the 201
    const deviceId = request.headers['x-device-id']
    return await ordersCheckout.complete(request.ctx, request.params.cartId, cartAccessOf(request), request.body.payment, {
      extensions: request.body.extensions,
      request: { ip: request.ip, userAgent: request.headers['user-agent']?.slice(0, 500) ?? null, deviceId: typeof deviceId === 'string' ? deviceId.slice(0, 200) : null },
    })
  })

  app.get('/payment-providers', {
    schema: { tags, operationId: 'listPaymentProviders', summary: 'Payment options a checkout may name', response: { 200: Type.Array(PaymentProviderInfo) } },
  }, async () => ordersPaymentProviders.list().map((p) => ({ id: p.id, title: p.title, manualSettlement: p.manualSettlement === true })))

  app.get<{ Querystring: PageQuery }>('/customers/me/orders', {
    config: { customer: true },
    schema: { tags, operationId: 'listMyOrders', summary: 'My orders, newest first', querystring: PageQuery, response: { 200: OrderSummaryPage } },
  }, async (request) => await orders.listForCustomer(request.ctx, requireCustomer(request).id, request.query))

  app.get<{ Params: OrderParams }>('/customers/me/orders/:orderId', {
    config: { customer: true },
    schema: { tags, operationId: 'getMyOrder', summary: 'One of my orders, with the messages addressed to me', params: OrderParams, response: { 200: CustomerOrder } },
  }, async (request) => await orders.getForCustomer(request.ctx, requireCustomer(request).id, request.params.orderId))

  app.post<{ Params: OrderParams, Body: ReturnInput }>('/customers/me/orders/:orderId/returns', {
    config: { customer: true },
    schema: { tags, operationId: 'requestMyReturn', summary: 'Ask to return delivered units of one of my orders', params: OrderParams, body: ReturnInput, response: { 201: CreatedCustomerReturn } },
  }, async (request, reply) => {
    const customerId = requireCustomer(request).id
    await orders.getForCustomer(request.ctx, customerId, request.params.orderId)
    const { returnId } = await ordersReturns.request(request.ctx, request.params.orderId, request.body)
    const order = await orders.getForCustomer(request.ctx, customerId, request.params.orderId)
    reply.code(201)
    // Same shape as the admin's create routes: the new part beside the order, never mistaken for it.
    return { return: order.returns.find((r) => r.id === returnId), order }
  })
}
