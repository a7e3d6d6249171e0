import t from 'tap'
import { createTestDatabases } from '@comptoir/core/testing'
import { checkout, expectStatus, createVariant, levelOf, openShop, outboxNames, readyCart, registerCustomer, testEngines } from './helpers.js'

const dbs = createTestDatabases(t)

for (const engine of testEngines()) {
  t.test(`${engine}: browse → cart → checkout → pay → fulfil → ship → deliver → return → refund`, async (t) => {
    const shop = await openShop(dbs, t, engine)
    const { app, admin } = shop
    const variantId = await createVariant(shop, 5, 2000)
    const buyer = await registerCustomer(shop)

    // 1. browse: the product is on the storefront.
    const browse = await app.inject({ method: 'GET', url: '/store/products' })
    t.equal(browse.statusCode, 200, 'the storefront lists products')
    const availability = await app.inject({ method: 'GET', url: `/store/variants/availability?ids=${variantId}` })
    t.not(availability.json().items[0].status, 'out_of_stock')

    // 2. cart + checkout with the manual provider.
    const cart = await readyCart(shop, [{ variantId, quantity: 2 }], buyer.headers)
    const placed = await checkout(shop, cart)
    expectStatus(t, placed, 201)
    const { order, payment } = placed.json()
    t.match(order.number, /^#\d{4,}$/, 'human-friendly number')
    t.equal(order.status, 'confirmed', 'manual payment authorizes at once')
    t.equal(order.paymentStatus, 'authorized')
    t.equal(order.customerId, buyer.customerId)
    t.equal(order.lines.length, 1)
    t.equal(order.totals.subtotal, 4000)
    t.equal(order.totals.shipping, 500)
    t.equal(payment.status, 'authorized')
    t.same(await levelOf(shop, variantId), { on_hand: 5, reserved: 2 }, 'stock reserved')
    t.ok((await outboxNames(shop)).includes('orders.order.placed'), 'order.placed in the outbox')

    // 3. admin marks it paid (capture of the manual payment).
    const paid = await app.inject({ method: 'POST', url: `/admin/orders/${order.id}/payments/${payment.id}/capture`, headers: admin, payload: {} })
    expectStatus(t, paid, 200)
    t.equal(paid.json().status, 'paid')
    t.equal(paid.json().paymentStatus, 'captured')

    // 4. partial fulfilment, then the rest.
    const lineId = order.lines[0].id
    const first = await app.inject({ method: 'POST', url: `/admin/orders/${order.id}/fulfilments`, headers: admin, payload: { lines: [{ lineId, quantity: 1 }] } })
    expectStatus(t, first, 201)
    const { fulfilment, order: partly } = first.json()
    t.not(fulfilment.id, order.id, 'the answer names the new fulfilment, not the order')
    t.match(fulfilment, { status: 'pending', lines: [{ lineId, quantity: 1 }], locationId: shop.locationId })
    t.equal(partly.id, order.id)
    t.equal(partly.status, 'partially_fulfilled')
    t.same(partly.fulfilments.map((f: { id: string }) => f.id), [fulfilment.id], 'the order shows the fulfilment')
    const second = await app.inject({ method: 'POST', url: `/admin/orders/${order.id}/fulfilments`, headers: admin, payload: { lines: [{ lineId, quantity: 1 }], locationId: shop.locationId } })
    expectStatus(t, second, 201)
    t.equal(second.json().order.status, 'fulfilled')
    t.same(await levelOf(shop, variantId), { on_hand: 3, reserved: 0 }, 'fulfilment consumed the reservation')
    const over = await app.inject({ method: 'POST', url: `/admin/orders/${order.id}/fulfilments`, headers: admin, payload: { lines: [{ lineId, quantity: 1 }] } })
    t.equal(over.statusCode, 409, 'a fulfilled order cannot be fulfilled again')
    t.equal(over.json().code, 'ORDERS_ILLEGAL_TRANSITION')

    // 5. ship both with tracking, then deliver.
    const [f1, f2] = second.json().order.fulfilments as Array<{ id: string }>
    t.equal(f1!.id, fulfilment.id)
    t.equal(f2!.id, second.json().fulfilment.id)
    for (const f of [f1!, f2!]) {
      const shipped = await app.inject({ method: 'POST', url: `/admin/orders/${order.id}/fulfilments/${f.id}/ship`, headers: admin, payload: { carrier: 'La Poste', trackingNumber: '6A123', trackingUrl: 'https://www.laposte.fr/outils/suivre-vos-envois?code=6A123' } })
      expectStatus(t, shipped, 200)
    }
    const afterShip = await app.inject({ method: 'GET', url: `/admin/orders/${order.id}`, headers: admin })
    t.equal(afterShip.json().status, 'shipped')
    t.equal(afterShip.json().fulfilments[0].trackingNumber, '6A123')
    t.ok(afterShip.json().fulfilments[0].shippedAt)
    for (const f of [f1!, f2!]) {
      const delivered = await app.inject({ method: 'POST', url: `/admin/orders/${order.id}/fulfilments/${f.id}/deliver`, headers: admin })
      expectStatus(t, delivered, 200)
    }
    const afterDeliver = await app.inject({ method: 'GET', url: `/admin/orders/${order.id}`, headers: admin })
    t.equal(afterDeliver.json().status, 'delivered')

    // 6. the customer asks to return one unit; the admin receives (restock) and refunds it.
    const asked = await app.inject({ method: 'POST', url: `/store/customers/me/orders/${order.id}/returns`, headers: buyer.headers, payload: { lines: [{ lineId, quantity: 1 }], reason: 'too small' } })
    expectStatus(t, asked, 201)
    t.match(asked.json(), { return: { status: 'requested', reason: 'too small', lines: [{ lineId, quantity: 1 }] }, order: { id: order.id } })
    const returnId = asked.json().return.id as string
    t.not(returnId, order.id, 'the customer gets the new return, not the order, as its id')
    t.same(asked.json().order.returns.map((r: { id: string }) => r.id), [returnId], 'and the order lists it')
    const tooMany = await app.inject({ method: 'POST', url: `/admin/orders/${order.id}/returns`, headers: admin, payload: { lines: [{ lineId, quantity: 2 }] } })
    t.equal(tooMany.statusCode, 422, 'cannot return more than is left')
    t.equal(tooMany.json().code, 'ORDERS_QUANTITY_EXCEEDED')
    const opened = await app.inject({ method: 'POST', url: `/admin/orders/${order.id}/returns`, headers: admin, payload: { lines: [{ lineId, quantity: 1 }] } })
    expectStatus(t, opened, 201)
    t.match(opened.json(), { return: { status: 'requested', lines: [{ lineId, quantity: 1 }] }, order: { id: order.id } })
    t.not(opened.json().return.id, order.id, 'the answer names the new return, not the order')
    const withdrawn = await app.inject({ method: 'POST', url: `/admin/orders/${order.id}/returns/${opened.json().return.id as string}/cancel`, headers: admin })
    expectStatus(t, withdrawn, 200)
    const received = await app.inject({ method: 'POST', url: `/admin/orders/${order.id}/returns/${returnId}/receive`, headers: admin, payload: { locationId: shop.locationId } })
    expectStatus(t, received, 200)
    t.same(await levelOf(shop, variantId), { on_hand: 4, reserved: 0 }, 'the unit is back on hand')
    const refunded = await app.inject({ method: 'POST', url: `/admin/orders/${order.id}/returns/${returnId}/refund`, headers: admin, payload: {} })
    expectStatus(t, refunded, 200)
    t.equal(refunded.json().paymentStatus, 'partially_refunded')
    t.equal(refunded.json().totals.refunded, order.lines[0].totalAmount / 2)
    t.equal(refunded.json().returns[0].status, 'refunded')
    const again = await app.inject({ method: 'POST', url: `/admin/orders/${order.id}/returns/${returnId}/refund`, headers: admin, payload: {} })
    t.equal(again.statusCode, 409, 'a return is refunded once')

    // 7. exchange the other unit for another variant: a return plus a replacement order at no charge.
    const other = await createVariant(shop, 1, 2500)
    const exchanged = await app.inject({ method: 'POST', url: `/admin/orders/${order.id}/exchanges`, headers: admin, payload: { lines: [{ lineId, quantity: 1 }], newLines: [{ variantId: other, quantity: 1 }], reason: 'wrong colour' } })
    expectStatus(t, exchanged, 201)
    const exchangeOrderId = exchanged.json().return.exchangeOrderId as string
    t.same(exchanged.json().order.returns.map((r: { id: string }) => r.id), [returnId, opened.json().return.id, exchanged.json().return.id], 'the order shows the new return')
    const replacement = await app.inject({ method: 'GET', url: `/admin/orders/${exchangeOrderId}`, headers: admin })
    t.match(replacement.json(), { status: 'paid', paymentStatus: 'captured', totals: { total: 0 }, customerId: buyer.customerId })
    t.same(await levelOf(shop, other), { on_hand: 1, reserved: 1 }, 'the replacement is reserved')
    const sent = await app.inject({ method: 'POST', url: `/admin/orders/${exchangeOrderId}/fulfilments`, headers: admin, payload: { lines: [{ lineId: replacement.json().lines[0].id, quantity: 1 }] } })
    expectStatus(t, sent, 201)
    t.equal(sent.json().order.status, 'fulfilled')

    // 8. notes: the customer sees only customer-visible ones; the timeline has every change.
    await app.inject({ method: 'POST', url: `/admin/orders/${order.id}/notes`, headers: admin, payload: { body: 'Fraud check ok', visibility: 'internal' } })
    const message = await app.inject({ method: 'POST', url: `/admin/orders/${order.id}/notes`, headers: admin, payload: { body: 'Your refund is on its way', channel: 'email', visibility: 'customer', author: 'Support' } })
    expectStatus(t, message, 201)
    t.equal(message.json().kind, 'message')
    const mine = await app.inject({ method: 'GET', url: `/store/customers/me/orders/${order.id}`, headers: buyer.headers })
    expectStatus(t, mine, 200)
    t.same(mine.json().messages.map((m: { body: string }) => m.body), ['Your refund is on its way'])
    const timeline = await app.inject({ method: 'GET', url: `/admin/orders/${order.id}/timeline`, headers: admin })
    const statuses = (timeline.json() as Array<{ kind: string, to: string | null }>).filter((e) => e.kind === 'status').map((e) => e.to)
    t.same(statuses, ['pending', 'confirmed', 'paid', 'partially_fulfilled', 'fulfilled', 'shipped', 'delivered'])
    const events = await outboxNames(shop, 'orders.')
    for (const name of ['orders.order.placed', 'orders.order.confirmed', 'orders.order.paid', 'orders.order.fulfilled', 'orders.order.shipped', 'orders.order.delivered', 'orders.return.received', 'orders.payment.refunded']) {
      t.ok(events.includes(name), `${name} emitted`)
    }

    // 9. lists: mine, and the admin search.
    const list = await app.inject({ method: 'GET', url: '/store/customers/me/orders', headers: buyer.headers })
    t.equal(list.json().items.length, 2, 'the order and its replacement')
    const search = await app.inject({ method: 'GET', url: `/admin/orders?status=delivered&paymentStatus=partially_refunded&customerId=${buyer.customerId}&totalMin=1`, headers: admin })
    expectStatus(t, search, 200)
    t.same(search.json().items.map((o: { id: string }) => o.id), [order.id])
  })
}
