import t from 'tap'
import catalog from '@comptoir/plugin-catalog'
import customers from '@comptoir/plugin-customers'
import inventory from '@comptoir/plugin-inventory'
import orders from '@comptoir/plugin-orders'
import { createPluginTestApp, createTestDatabases, testEngines } from '@comptoir/core/testing'

// The plugin-author harness (#23): one app per engine with the commerce plugins, fixtures made
// through the plugins' own services and routes.
const dbs = createTestDatabases(t)

for (const engine of testEngines()) {
  t.test(engine, async (t) => {
    const shop = await createPluginTestApp(t, { databases: dbs, engine, plugins: [catalog, customers, inventory, [orders, { defaultCurrency: 'EUR', manualProvider: true }]] })
    const { app } = shop

    t.test('an admin session holds exactly the permissions asked for', async (t) => {
      const reader = await shop.adminSession(['catalog:read'])
      const { productId } = await shop.product()
      t.equal((await app.inject({ method: 'GET', url: `/admin/products/${productId}`, headers: reader.headers })).statusCode, 200)
      const denied = await app.inject({ method: 'DELETE', url: `/admin/products/${productId}`, headers: reader.headers })
      t.equal(denied.statusCode, 403)
      t.equal(denied.json().code, 'CORE_FORBIDDEN')
    })

    t.test('a customer session is signed in as that customer', async (t) => {
      const customer = await shop.customerSession()
      const me = await app.inject({ method: 'GET', url: '/store/customers/me', headers: customer.headers })
      t.equal(me.statusCode, 200)
      t.match(me.json(), { id: customer.customerId, email: customer.email })
    })

    t.test('a product is published with its variants priced and stocked', async (t) => {
      const { variantIds } = await shop.product({ variants: [{ amount: 1500, stock: 3 }, { amount: 2500, stock: 0 }] })
      t.equal(variantIds.length, 2)
      const levels = await app.comptoir.database.knex('inventory_levels').whereIn('variant_id', variantIds).select('variant_id', 'on_hand')
      t.same(Object.fromEntries(levels.map((l: { variant_id: string, on_hand: number }) => [l.variant_id, l.on_hand])), { [variantIds[0]!]: 3, [variantIds[1]!]: 0 })
    })

    t.test('a placed order comes with its events delivered, and events() lists them', async (t) => {
      const customer = await shop.customerSession()
      const { orderId, order } = await shop.placedOrder({ amount: 1200, quantity: 2, customer: customer.headers })
      t.match(order, { id: orderId, customerId: customer.customerId })
      const placed = (await shop.events('orders.order.placed')).filter((e) => (e.payload as { orderId: string }).orderId === orderId)
      t.equal(placed.length, 1)
      t.equal(Number((await app.comptoir.database.knex('comptoir_outbox').whereNull('dispatched_at').count({ n: '*' }))[0]!.n), 0, 'the outbox is drained')
    })

    t.test('a cart checked out twice in a race places one order', async (t) => {
      const { variantIds } = await shop.product({ variants: [{ amount: 900, stock: 1 }] })
      const cart = await shop.cart({ lines: [{ variantId: variantIds[0]!, quantity: 1 }] })
      const answers = await Promise.all([shop.checkout(cart), shop.checkout(cart)])
      t.equal(answers.filter((r) => r.statusCode === 201).length, 1, answers.map((r) => r.statusCode).join(','))
    })
  })
}
