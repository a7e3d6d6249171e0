import t from 'tap'
import { createTestDatabases } from '@comptoir/core/testing'
import { checkout, createTestProvider, createVariant, expectStatus, levelOf, openShop, outboxNames, readyCart, registerCustomer, testEngines, uniqueName } from './helpers.js'

const dbs = createTestDatabases(t)

for (const engine of testEngines()) {
  t.test(`${engine}: payments`, async (t) => {
    const gateway = createTestProvider('test-pay')
    const shop = await openShop(dbs, t, engine, [gateway])
    const { app, admin } = shop
    const cartRow = async (cartId: string): Promise<{ status: string }> => await app.comptoir.database.knex('orders_carts').where({ id: cartId }).first('status') as { status: string }

    t.test('requires_action leaves the order pending until the gateway reports', async (t) => {
      const variantId = await createVariant(shop, 2)
      const cart = await readyCart(shop, [{ variantId, quantity: 1 }])
      gateway.next.authorize = 'requires_action'
      const res = await checkout(shop, cart, 'test-pay')
      gateway.next.authorize = 'authorized'
      expectStatus(t, res, 201)
      t.equal(res.json().order.status, 'pending')
      t.equal(res.json().payment.clientSecret, 'secret_123')
      t.equal((await cartRow(cart.cartId)).status, 'completing')
      const reference = `pi_${res.json().payment.id as string}`
      const { ordersPayments } = app.services
      t.same(await ordersPayments.recordGatewayUpdate(shop.ctx, { provider: 'test-pay', reference: 'pi_unknown', status: 'captured' }), { changed: false, orderId: null })
      const captured = await ordersPayments.recordGatewayUpdate(shop.ctx, { provider: 'test-pay', reference, status: 'captured', amountCaptured: res.json().order.totals.total })
      t.same(captured, { changed: true, orderId: res.json().order.id })
      t.same(await ordersPayments.recordGatewayUpdate(shop.ctx, { provider: 'test-pay', reference, status: 'captured' }), { changed: false, orderId: res.json().order.id }, 'a repeat changes nothing')
      t.same(await ordersPayments.recordGatewayUpdate(shop.ctx, { provider: 'test-pay', reference, status: 'authorized' }), { changed: false, orderId: res.json().order.id }, 'an older state arriving late changes nothing')
      const order = await app.inject({ method: 'GET', url: `/admin/orders/${res.json().order.id as string}`, headers: admin })
      t.equal(order.json().status, 'paid')
      t.equal((await cartRow(cart.cartId)).status, 'completed')

      // Refunds seen at the gateway are deduped by their reference.
      const refund = { provider: 'test-pay', reference, refundReference: 're_dash_1', amount: 100 }
      t.same(await ordersPayments.recordGatewayRefund(shop.ctx, refund), { changed: true, orderId: res.json().order.id })
      t.same(await ordersPayments.recordGatewayRefund(shop.ctx, refund), { changed: false, orderId: res.json().order.id })
      const dispute = { provider: 'test-pay', reference, disputeReference: 'dp_1', status: 'opened' as const, amount: 500 }
      t.equal((await ordersPayments.recordDispute(shop.ctx, dispute)).changed, true)
      t.equal((await ordersPayments.recordDispute(shop.ctx, dispute)).changed, false)
      t.equal((await ordersPayments.recordDispute(shop.ctx, { ...dispute, status: 'lost' })).changed, true)
      const after = await app.inject({ method: 'GET', url: `/admin/orders/${res.json().order.id as string}`, headers: admin })
      t.equal(after.json().totals.refunded, 100)
      t.equal(after.json().paymentStatus, 'partially_refunded')
    })

    t.test('a failed gateway report cancels a pending order and releases its stock', async (t) => {
      const variantId = await createVariant(shop, 2)
      const cart = await readyCart(shop, [{ variantId, quantity: 2 }])
      gateway.next.authorize = 'requires_action'
      const res = await checkout(shop, cart, 'test-pay')
      gateway.next.authorize = 'authorized'
      t.same(await levelOf(shop, variantId), { on_hand: 2, reserved: 2 })
      const report = await app.services.ordersPayments.recordGatewayUpdate(shop.ctx, { provider: 'test-pay', reference: `pi_${res.json().payment.id as string}`, status: 'failed', failureCode: 'authentication_failed' })
      t.equal(report.changed, true)
      t.same(await levelOf(shop, variantId), { on_hand: 2, reserved: 0 })
      t.equal((await cartRow(cart.cartId)).status, 'open')
    })

    t.test('the cancel-unpaid job cancels pending orders past the timeout and voids their payment', async (t) => {
      const variantId = await createVariant(shop, 1)
      const cart = await readyCart(shop, [{ variantId, quantity: 1 }])
      gateway.next.authorize = 'requires_action'
      const res = await checkout(shop, cart, 'test-pay')
      gateway.next.authorize = 'authorized'
      const orderId = res.json().order.id as string
      await app.comptoir.database.knex('orders_orders').where({ id: orderId }).update({ created_at: new Date(Date.now() - 2 * 3600_000) })
      const cancels = gateway.calls.cancel
      t.equal(await app.services.orders.cancelUnpaid(shop.ctx, 100), 1)
      const order = await app.services.orders.get(shop.ctx, orderId)
      t.equal(order.status, 'cancelled')
      t.equal(order.cancelReason, 'payment_timeout')
      t.equal(order.paymentStatus, 'canceled')
      t.equal(gateway.calls.cancel, cancels + 1, 'provider payment voided')
      t.same(await levelOf(shop, variantId), { on_hand: 1, reserved: 0 })

      // A capture the gateway reports after all is recorded, so the money can be refunded.
      const late = await app.services.ordersPayments.recordGatewayUpdate(shop.ctx, { provider: 'test-pay', reference: `pi_${res.json().payment.id as string}`, status: 'captured', amountCaptured: order.totals.total })
      t.equal(late.changed, true)
      const after = await app.services.orders.get(shop.ctx, orderId)
      t.match(after, { status: 'cancelled', paymentStatus: 'captured' })
      t.ok(after.timeline.some((e) => e.reason === 'captured_after_cancel'))
      const refund = await app.inject({ method: 'POST', url: `/admin/orders/${orderId}/refunds`, headers: admin, payload: { amount: order.totals.total } })
      expectStatus(t, refund, 200)
      t.equal(refund.json().paymentStatus, 'refunded')
    })

    t.test('cancellation voids an authorization; gateway payments are captured at fulfilment', async (t) => {
      const variantId = await createVariant(shop, 4)
      const cancelled = await checkout(shop, await readyCart(shop, [{ variantId, quantity: 1 }]), 'test-pay')
      const voids = gateway.calls.cancel
      const res = await app.inject({ method: 'POST', url: `/admin/orders/${cancelled.json().order.id as string}/cancel`, headers: admin, payload: { reason: 'customer asked' } })
      expectStatus(t, res, 200)
      t.equal(res.json().status, 'cancelled')
      t.equal(res.json().paymentStatus, 'canceled')
      t.equal(gateway.calls.cancel, voids + 1)
      t.ok((await outboxNames(shop)).includes('orders.order.cancelled'))
      const again = await app.inject({ method: 'POST', url: `/admin/orders/${cancelled.json().order.id as string}/cancel`, headers: admin, payload: {} })
      expectStatus(t, again, 409)
      t.equal(again.json().code, 'ORDERS_ILLEGAL_TRANSITION')
      t.match(again.json(), { from: 'cancelled', to: 'cancelled' })

      // A gateway that is down while cancelling: the order is cancelled anyway, the payment left visible.
      const stuck = (await checkout(shop, await readyCart(shop, [{ variantId, quantity: 1 }]), 'test-pay')).json().order
      gateway.next.gatewayDown = true
      const down = await app.inject({ method: 'POST', url: `/admin/orders/${stuck.id as string}/cancel`, headers: admin, payload: {} })
      gateway.next.gatewayDown = false
      expectStatus(t, down, 200)
      t.match(down.json(), { status: 'cancelled', paymentStatus: 'authorized' })
      t.ok(down.json().timeline.some((e: { reason: string | null }) => e.reason === 'settlement_failed'))

      const placed = await checkout(shop, await readyCart(shop, [{ variantId, quantity: 2 }]), 'test-pay')
      const order = placed.json().order
      const captures = gateway.calls.capture
      const fulfilled = await app.inject({ method: 'POST', url: `/admin/orders/${order.id as string}/fulfilments`, headers: admin, payload: { lines: [{ lineId: order.lines[0].id, quantity: 2 }] } })
      expectStatus(t, fulfilled, 201)
      t.equal(gateway.calls.capture, captures + 1, 'captured at fulfilment')
      t.equal(fulfilled.json().order.paymentStatus, 'captured', 'the answer\'s order is read after the capture')
      t.equal(fulfilled.json().order.status, 'fulfilled')
      const cancelLate = await app.inject({ method: 'POST', url: `/admin/orders/${order.id as string}/cancel`, headers: admin, payload: {} })
      t.equal(cancelLate.statusCode, 409, 'a fulfilled order cannot be cancelled')
      const refundTooMuch = await app.inject({ method: 'POST', url: `/admin/orders/${order.id as string}/refunds`, headers: admin, payload: { amount: order.totals.total + 1 } })
      t.equal(refundTooMuch.json().code, 'ORDERS_REFUND_EXCEEDS_CAPTURED')
      const refund = await app.inject({ method: 'POST', url: `/admin/orders/${order.id as string}/refunds`, headers: admin, payload: { amount: order.totals.total, reason: 'goodwill' } })
      expectStatus(t, refund, 200)
      t.equal(refund.json().paymentStatus, 'refunded')
    })
  })
}
