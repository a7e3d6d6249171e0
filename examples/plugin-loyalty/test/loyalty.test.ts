import t from 'tap'
import { createTestDatabases, testEngines } from '@comptoir/core/testing'
import { balanceOf, deliver, grant, openShop, refundOne } from './helpers.js'

// comptoir-plugin-loyalty, tested as a third-party author would: through the harness of
// @comptoir/core/testing, the plugins' routes and the kernel's services.
const dbs = createTestDatabases(t)

for (const engine of testEngines()) {
  t.test(engine, async (t) => {
    const shop = await openShop(t, dbs, engine)
    const { app } = shop

    t.test('a delivered order earns 1 point per euro paid, once, and a refund takes its share back', async (t) => {
      const buyer = await shop.customerSession()
      const { orderId, order } = await shop.placedOrder({ amount: 2000, quantity: 2, customer: buyer.headers })
      const total = (order.totals as { total: number }).total
      t.equal(await balanceOf(shop, buyer.headers), 0, 'nothing before delivery')
      await deliver(shop, orderId)
      t.equal(await balanceOf(shop, buyer.headers), Math.floor(total / 100))
      t.equal(await app.services.loyalty.earnForOrder(shop.ctx, orderId), 0, 'a second delivery event earns nothing')
      const refund = await refundOne(shop, orderId)
      const refunded = (refund.totals as { refunded: number }).refunded
      t.equal(await balanceOf(shop, buyer.headers), Math.floor(total / 100) - Math.floor(refunded / 100))
      const ledger = await app.inject({ method: 'GET', url: '/store/loyalty/me/ledger', headers: buyer.headers })
      t.same(ledger.json().items.map((e: { reason: string, orderId: string }) => [e.reason, e.orderId]), [['reversed', orderId], ['earned', orderId]], 'newest first')
    })

    t.test('points redeemed at checkout become a discount line and leave the balance', async (t) => {
      const buyer = await shop.customerSession()
      await grant(shop, buyer.customerId, 500)
      const { variantIds } = await shop.product({ variants: [{ amount: 3000, stock: 5 }] })
      const cart = await shop.cart({ lines: [{ variantId: variantIds[0]!, quantity: 1 }], customer: buyer.headers })
      const res = await shop.checkout(cart, { payload: { extensions: { loyalty: { points: 300 } } } })
      t.equal(res.statusCode, 201, res.body)
      const order = res.json().order
      t.match(order.adjustments, [{ extension: 'loyalty', code: 'loyalty_points', amount: 300 }])
      t.equal(order.totals.discount, 300)
      t.equal(await balanceOf(shop, buyer.headers), 200)
      await shop.drain()
      t.equal((await shop.events('loyalty.points.redeemed')).filter((e) => (e.payload as { orderId: string }).orderId === order.id).length, 1)
    })

    t.test('spending more points than held is a 409 and changes nothing', async (t) => {
      const buyer = await shop.customerSession()
      await grant(shop, buyer.customerId, 50)
      const { variantIds } = await shop.product({ variants: [{ amount: 3000, stock: 5 }] })
      const cart = await shop.cart({ lines: [{ variantId: variantIds[0]!, quantity: 1 }], customer: buyer.headers })
      const res = await shop.checkout(cart, { payload: { extensions: { loyalty: { points: 80 } } } })
      t.equal(res.statusCode, 409, res.body)
      t.equal(res.json().code, 'LOYALTY_INSUFFICIENT_POINTS')
      t.equal(await balanceOf(shop, buyer.headers), 50)
      t.equal((await app.comptoir.database.knex('orders_orders').where({ cart_id: cart.cartId })).length, 0, 'no order')
      const guest = await shop.cart({ lines: [{ variantId: variantIds[0]!, quantity: 1 }] })
      const anonymous = await shop.checkout(guest, { payload: { extensions: { loyalty: { points: 1 } } } })
      t.equal(anonymous.statusCode, 403)
      t.equal(anonymous.json().code, 'LOYALTY_SIGN_IN_REQUIRED')
    })

    t.test('two concurrent checkouts cannot spend the same points', async (t) => {
      const buyer = await shop.customerSession()
      await grant(shop, buyer.customerId, 100)
      const { variantIds } = await shop.product({ variants: [{ amount: 3000, stock: 5 }] })
      const carts = [
        await shop.cart({ lines: [{ variantId: variantIds[0]!, quantity: 1 }], customer: buyer.headers }),
        await shop.cart({ lines: [{ variantId: variantIds[0]!, quantity: 1 }], customer: buyer.headers }),
      ]
      const answers = await Promise.all(carts.map(async (cart) => await shop.checkout(cart, { payload: { extensions: { loyalty: { points: 60 } } } })))
      t.same(answers.map((r) => r.statusCode).sort(), [201, 409], answers.map((r) => r.body).join('\n'))
      t.equal(await balanceOf(shop, buyer.headers), 40)
      t.equal((await app.comptoir.database.knex('loyalty_ledger').where({ customer_id: buyer.customerId, reason: 'redeemed' })).length, 1)
    })

    t.test('a cancelled order gives its points back', async (t) => {
      const buyer = await shop.customerSession()
      await grant(shop, buyer.customerId, 100)
      const { variantIds } = await shop.product({ variants: [{ amount: 3000, stock: 5 }] })
      const cart = await shop.cart({ lines: [{ variantId: variantIds[0]!, quantity: 1 }], customer: buyer.headers })
      const order = (await shop.checkout(cart, { payload: { extensions: { loyalty: { points: 70 } } } })).json().order
      t.equal(await balanceOf(shop, buyer.headers), 30)
      const cancelled = await app.inject({ method: 'POST', url: `/admin/orders/${order.id}/cancel`, headers: await shop.admin(), payload: { reason: 'changed mind' } })
      t.equal(cancelled.statusCode, 200, cancelled.body)
      await shop.drain()
      t.equal(await balanceOf(shop, buyer.headers), 100)
    })

    t.test('admin adjustments need loyalty:write, cannot go below zero, and are audited', async (t) => {
      const buyer = await shop.customerSession()
      const url = `/admin/loyalty/accounts/${buyer.customerId}/adjustments`
      const reader = await shop.adminSession(['loyalty:read'])
      t.equal((await app.inject({ method: 'POST', url, headers: reader.headers, payload: { points: 10, note: 'x' } })).statusCode, 403)
      const added = await app.inject({ method: 'POST', url, headers: await shop.admin(), payload: { points: 25, note: 'goodwill' } })
      t.equal(added.statusCode, 201)
      t.match(added.json(), { customerId: buyer.customerId, balance: 25 })
      const over = await app.inject({ method: 'POST', url, headers: await shop.admin(), payload: { points: -26, note: 'too much' } })
      t.equal(over.statusCode, 409)
      t.match(over.json(), { code: 'LOYALTY_INSUFFICIENT_POINTS', balance: 25 })
      t.equal((await app.inject({ method: 'GET', url: `/admin/loyalty/accounts/${buyer.customerId}`, headers: reader.headers })).json().balance, 25)
      const unknown = await app.inject({ method: 'GET', url: '/admin/loyalty/accounts/00000000-0000-4000-8000-000000000000', headers: reader.headers })
      t.equal(unknown.statusCode, 404)
      const audit = await app.comptoir.database.knex('comptoir_audit_log').where('target_id', buyer.customerId).orWhere('action', 'like', '%loyalty%').select('action')
      t.ok(audit.length >= 1, 'the adjustment is in the audit log')
    })

    t.test('GDPR: the export lists the balance and ledger; erasure removes them', async (t) => {
      const buyer = await shop.customerSession()
      await grant(shop, buyer.customerId, 42)
      const bundle = await app.services.personalData.exportCustomer(shop.ctx, buyer.customerId)
      t.match(bundle.loyalty, { balance: 42, ledger: [{ points: 42, reason: 'adjusted', note: 'test grant' }] })
      await app.comptoir.database.knex.transaction(async (trx) => {
        await app.services.personalData.eraseCustomer({ ...shop.ctx, db: trx }, buyer.customerId, '00000000-0000-4000-8000-000000000001')
      })
      t.equal((await app.comptoir.database.knex('loyalty_ledger').where({ customer_id: buyer.customerId })).length, 0)
      t.equal((await app.comptoir.database.knex('loyalty_accounts').where({ customer_id: buyer.customerId })).length, 0)
    })
  })
}
