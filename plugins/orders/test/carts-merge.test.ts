import t from 'tap'
import { createTestDatabases, testEngines } from '@comptoir/core/testing'
import { address, cartsApp, outboxNames, type CartsTestApp } from './helpers-carts.js'

const dbs = createTestDatabases(t)

for (const engine of testEngines()) {
  t.test(engine, async (t) => {
    // One app per engine for the whole file: every test makes its own carts and products.
    const s: CartsTestApp = await cartsApp(dbs, t, engine, { maxLineQuantity: 10, maxLines: 3 })
    const knex = s.app.comptoir.database.knex
    const { call } = s

    t.test('a customer has one open cart: creating again returns it', async (t) => {
      const c = await s.customer()
      const first = await call('POST', '/store/carts', c.headers, { currency: 'EUR' })
      t.equal(first.statusCode, 201)
      t.match(first.json(), { cartToken: null, cart: { customerId: c.customerId, email: c.email } }, 'the email comes from the profile')
      const again = await call('POST', '/store/carts', c.headers, {})
      t.equal(again.statusCode, 200)
      t.equal(again.json().cart.id, first.json().cart.id)
      const racer = await s.customer()
      const racing = await Promise.all([1, 2, 3].map(async () => await call('POST', '/store/carts', racer.headers, {})))
      t.equal(new Set(racing.map((r) => r.json().cart.id)).size, 1, 'concurrent creates agree on one cart')
      t.equal(racing.filter((r) => r.statusCode === 201).length, 1)
    })
    t.test('at login a guest cart merges into the customer\'s cart; quantities add up to the limit', async (t) => {
      const { variantIds: [a, b] } = await s.product([{ prices: { EUR: 1000 } }, { prices: { EUR: 700 } }])
      const c = await s.customer()
      const mine = (await call('POST', '/store/carts', c.headers, {})).json().cart.id as string
      await call('POST', `/store/carts/${mine}/lines`, c.headers, { variantId: a, quantity: 6 })
      const g = await s.guest()
      await call('POST', `/store/carts/${g.cartId}/lines`, g.headers, { variantId: a, quantity: 7 })
      await call('POST', `/store/carts/${g.cartId}/lines`, g.headers, { variantId: b, quantity: 1 })
      await call('PATCH', `/store/carts/${g.cartId}`, g.headers, { shippingAddress: address('FR') })
      t.equal((await call('POST', `/store/carts/${g.cartId}/merge`, g.headers)).statusCode, 401, 'merging needs the customer')
      t.equal((await call('POST', `/store/carts/${g.cartId}/merge`, c.headers)).statusCode, 404, 'and the guest token')
      const res = await call('POST', `/store/carts/${g.cartId}/merge`, { ...c.headers, ...g.headers })
      t.equal(res.statusCode, 200)
      t.match(res.json(), { id: mine, customerId: c.customerId, shippingAddress: { country: 'FR' } })
      t.same(res.json().lines.map((l: { variantId: string, quantity: number }) => [l.variantId, l.quantity]), [[a, 10], [b, 1]], '6 + 7 capped at maxLineQuantity')
      t.match((await knex('orders_carts').where({ id: g.cartId }).first()), { status: 'merged', merged_into_cart_id: mine })
      t.equal((await call('POST', `/store/carts/${g.cartId}/lines`, g.headers, { variantId: b, quantity: 1 })).json().code, 'ORDERS_CART_MERGED')
      const retry = await call('POST', `/store/carts/${g.cartId}/merge`, { ...c.headers, ...g.headers })
      t.equal(retry.json().id, mine, 'a retried merge returns the same cart')
      t.equal(retry.json().lines[0].quantity, 10, 'and adds nothing twice')
      t.ok((await outboxNames(s.app)).includes('orders.cart.merged'))
    })
    t.test('a customer without a cart adopts the guest cart, whose token then stops working', async (t) => {
      const { variantIds: [a] } = await s.product([{ prices: { EUR: 1000 } }])
      const c = await s.customer()
      const g = await s.guest()
      await call('POST', `/store/carts/${g.cartId}/lines`, g.headers, { variantId: a, quantity: 1 })
      const res = await call('POST', `/store/carts/${g.cartId}/merge`, { ...c.headers, ...g.headers })
      t.match(res.json(), { id: g.cartId, customerId: c.customerId, email: c.email, lines: [{ variantId: a }] })
      t.equal((await call('GET', `/store/carts/${g.cartId}`, g.headers)).statusCode, 404, 'the guest token no longer opens it')
      t.equal((await call('GET', `/store/carts/${g.cartId}`, c.headers)).statusCode, 200)
      t.equal((await call('POST', '/store/carts', c.headers, {})).json().cart.id, g.cartId, 'it is now the customer\'s open cart')
    })
  })
}
