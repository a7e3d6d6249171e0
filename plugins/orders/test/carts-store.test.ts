import { createHash } from 'node:crypto'
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

    t.test('a guest cart gets a token once; only its sha256 is stored', async (t) => {
      const res = await call('POST', '/store/carts', {}, { currency: 'EUR', email: 'guest@example.com' })
      t.equal(res.statusCode, 201)
      t.equal(res.headers['cache-control'], 'no-store')
      const { cart, cartToken } = res.json()
      t.match(cartToken, /^cct_[A-Za-z0-9_-]{43}$/)
      t.match(cart, { status: 'open', currency: 'EUR', email: 'guest@example.com', customerId: null, lines: [], totals: { subtotal: 0, total: 0 } })
      const row = await knex('orders_carts').where({ id: cart.id }).first()
      t.equal(row.token_hash, createHash('sha256').update(cartToken).digest('hex'))
      t.notOk(JSON.stringify(row).includes(cartToken), 'the token itself is nowhere in the row')
      t.equal((await call('GET', `/store/carts/${cart.id}`, { 'x-cart-token': cartToken })).statusCode, 200)
      t.equal((await call('GET', `/store/carts/${cart.id}`, {})).json().code, 'ORDERS_CART_NOT_FOUND', 'no token, no cart')
      t.ok((await outboxNames(s.app)).includes('orders.cart.created'))
      t.equal((await call('POST', '/store/carts', {}, {})).json().cart.currency, 'EUR', 'defaultCurrency applies')
      const bare = await call('POST', '/store/carts', {})
      t.equal(bare.statusCode, 201, 'no body at all is a guest cart too')
      t.equal((await call('POST', '/store/carts', {}, { currency: 'eur' })).statusCode, 400, 'currency codes are upper-case ISO 4217')
    })
    t.test('lines snapshot the price; the same variant again increments; limits hold', async (t) => {
      const { variantIds: [a, b, c, d] } = await s.product([{ prices: { EUR: 1250 } }, { prices: { EUR: 800 } }, { prices: { EUR: 100 } }, { prices: { EUR: 100 } }])
      const g = await s.guest()
      let res = await call('POST', `/store/carts/${g.cartId}/lines`, g.headers, { variantId: a, quantity: 2 })
      t.equal(res.statusCode, 200)
      t.match(res.json().lines, [{ variantId: a, quantity: 2, unitAmount: 1250, subtotalAmount: 2500, available: true }])
      res = await call('POST', `/store/carts/${g.cartId}/lines`, g.headers, { variantId: a, quantity: 3 })
      t.equal(res.json().lines.length, 1, 'still one line')
      t.equal(res.json().lines[0].quantity, 5)
      res = await call('POST', `/store/carts/${g.cartId}/lines`, g.headers, { variantId: a, quantity: 6 })
      t.equal(res.statusCode, 422)
      t.match(res.json(), { code: 'ORDERS_LINE_QUANTITY_LIMIT', requested: 11, max: 10 })
      t.equal((await call('POST', `/store/carts/${g.cartId}/lines`, g.headers, { variantId: b, quantity: 11 })).json().code, 'ORDERS_LINE_QUANTITY_LIMIT')
      await call('POST', `/store/carts/${g.cartId}/lines`, g.headers, { variantId: b, quantity: 1 })
      await call('POST', `/store/carts/${g.cartId}/lines`, g.headers, { variantId: c, quantity: 1 })
      res = await call('POST', `/store/carts/${g.cartId}/lines`, g.headers, { variantId: d, quantity: 1 })
      t.match(res.json(), { status: 422, code: 'ORDERS_CART_LIMIT', limit: 'lines', max: 3 })
      const cart = (await call('GET', `/store/carts/${g.cartId}`, g.headers)).json()
      t.same(cart.lines.map((l: { variantId: string }) => l.variantId), [a, b, c], 'lines keep the order they were added in')
      t.equal(cart.totals.subtotal, 5 * 1250 + 800 + 100)
      const lineId = cart.lines[1].id
      res = await call('PATCH', `/store/carts/${g.cartId}/lines/${lineId}`, g.headers, { quantity: 4 })
      t.equal(res.json().lines[1].quantity, 4)
      res = await call('DELETE', `/store/carts/${g.cartId}/lines/${lineId}`, g.headers)
      t.equal(res.json().lines.length, 2)
      t.equal((await call('DELETE', `/store/carts/${g.cartId}/lines/${lineId}`, g.headers)).json().code, 'ORDERS_CART_LINE_NOT_FOUND')
      t.equal((await call('PATCH', `/store/carts/${g.cartId}/lines/${lineId}`, g.headers, { quantity: 0 })).statusCode, 400)
    })
    t.test('an unknown variant is a 404; unpublished or unpriced is a 409; nothing is added', async (t) => {
      const { variantIds: [draft] } = await s.product([{ prices: { EUR: 500 } }], 'draft')
      const { variantIds: [usdOnly] } = await s.product([{ prices: { USD: 500 } }])
      const g = await s.guest({ currency: 'EUR' })
      let res = await call('POST', `/store/carts/${g.cartId}/lines`, g.headers, { variantId: '00000000-0000-4000-8000-000000000000', quantity: 1 })
      t.match(res.json(), { status: 404, code: 'ORDERS_VARIANT_NOT_FOUND' })
      t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
      res = await call('POST', `/store/carts/${g.cartId}/lines`, g.headers, { variantId: draft, quantity: 1 })
      t.match(res.json(), { status: 409, code: 'ORDERS_VARIANT_UNAVAILABLE', variants: [{ variantId: draft, reason: 'not_published' }] })
      res = await call('POST', `/store/carts/${g.cartId}/lines`, g.headers, { variantId: usdOnly, quantity: 1 })
      t.match(res.json(), { status: 409, code: 'ORDERS_VARIANT_UNAVAILABLE', currency: 'EUR', variants: [{ reason: 'no_price' }] })
      t.equal((await call('POST', `/store/carts/${g.cartId}/lines`, g.headers, { variantId: 'nope', quantity: 1 })).statusCode, 400)
      t.equal((await knex('orders_cart_lines').where({ cart_id: g.cartId })).length, 0)
    })
    t.test('reading a cart refreshes its prices and flags lines no longer for sale', async (t) => {
      const { product, variantIds: [a] } = await s.product([{ prices: { EUR: 1000 } }])
      const g = await s.guest()
      await call('POST', `/store/carts/${g.cartId}/lines`, g.headers, { variantId: a, quantity: 2 })
      await s.app.services.catalogPrices.bulkUpdate(s.ctx, { prices: [{ variantId: a, currency: 'EUR', amount: 1100 }] })
      let cart = (await call('GET', `/store/carts/${g.cartId}`, g.headers)).json()
      t.match(cart.lines[0], { unitAmount: 1100, subtotalAmount: 2200, available: true })
      t.equal(Number((await knex('orders_cart_lines').where({ cart_id: g.cartId }).first()).unit_amount), 1100, 'the snapshot is stored')
      t.equal((await call('PATCH', `/admin/products/${product.id}`, s.admin, { status: 'archived' })).statusCode, 200)
      cart = (await call('GET', `/store/carts/${g.cartId}`, g.headers)).json()
      t.equal(cart.lines[0].available, false)
    })
    t.test('email and addresses are set, cleared and validated', async (t) => {
      const g = await s.guest()
      let res = await call('PATCH', `/store/carts/${g.cartId}`, g.headers, { email: 'a@example.com', shippingAddress: address('FR'), billingAddress: address('DE') })
      t.equal(res.statusCode, 200)
      t.match(res.json(), { email: 'a@example.com', shippingAddress: { country: 'FR', city: 'Paris' }, billingAddress: { country: 'DE' } })
      res = await call('PATCH', `/store/carts/${g.cartId}`, g.headers, { billingAddress: null })
      t.equal(res.json().billingAddress, null)
      t.equal((await call('PATCH', `/store/carts/${g.cartId}`, g.headers, { shippingAddress: { ...address('FR'), country: 'France' } })).statusCode, 400)
      t.equal((await call('PATCH', `/store/carts/${g.cartId}`, g.headers, { email: 'not-an-email' })).statusCode, 400)
      t.equal((await call('PATCH', `/store/carts/${g.cartId}`, g.headers, { customerId: g.cartId })).statusCode, 400, 'unknown fields are rejected')
    })
  })
}
