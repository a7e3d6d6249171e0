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

    t.test('nobody but its owner can read or change a cart', async (t) => {
      const isoCode = `ISO${engine.slice(0, 3).toUpperCase()}10`
      const { variantIds: [a] } = await s.product([{ prices: { EUR: 1000 } }])
      await s.call('POST', '/admin/promotions', s.admin, { code: isoCode, kind: 'percentage', percentBps: 1000 })
      const victim = await s.customer()
      const attacker = await s.customer()
      const customerCart = (await s.call('POST', '/store/carts', victim.headers, {})).json().cart.id as string
      await s.call('POST', `/store/carts/${customerCart}/lines`, victim.headers, { variantId: a, quantity: 1 })
      await s.call('PATCH', `/store/carts/${customerCart}`, victim.headers, { shippingAddress: address('FR') })
      const guest = await s.guest({ email: 'victim@example.com' })
      await s.call('POST', `/store/carts/${guest.cartId}/lines`, guest.headers, { variantId: a, quantity: 1 })
      const lineOf = async (cartId: string): Promise<string> => (await knex('orders_cart_lines').where({ cart_id: cartId }).first()).id
      const snapshot = async (): Promise<string> => JSON.stringify([
        await knex('orders_carts').whereIn('id', [customerCart, guest.cartId]).orderBy('id').select('*'),
        await knex('orders_cart_lines').whereIn('cart_id', [customerCart, guest.cartId]).orderBy('id').select('id', 'quantity', 'unit_amount'),
        await knex('orders_cart_promotions').whereIn('cart_id', [customerCart, guest.cartId]).select('*'),
      ])
      const before = await snapshot()
      const attackerCart = (await s.call('POST', '/store/carts', attacker.headers, {})).json().cart.id as string
      const otherGuest = await s.guest()
      const wrongToken = { 'x-cart-token': `cct_${'A'.repeat(43)}` }
      const callers = {
        'another customer': attacker.headers,
        'another guest token': otherGuest.headers,
        'a forged token': wrongToken,
        'no credential': {},
        'another customer with another guest token': { ...attacker.headers, ...otherGuest.headers },
      }
      for (const cartId of [customerCart, guest.cartId]) {
        const lineId = await lineOf(cartId)
        const attempts = [
          ['GET', `/store/carts/${cartId}`, undefined],
          ['PATCH', `/store/carts/${cartId}`, { email: 'evil@example.com' }],
          ['POST', `/store/carts/${cartId}/lines`, { variantId: a, quantity: 1 }],
          ['PATCH', `/store/carts/${cartId}/lines/${lineId}`, { quantity: 5 }],
          ['DELETE', `/store/carts/${cartId}/lines/${lineId}`, undefined],
          ['GET', `/store/carts/${cartId}/shipping-options`, undefined],
          ['PUT', `/store/carts/${cartId}/shipping-option`, { shippingOptionId: null }],
          ['POST', `/store/carts/${cartId}/promotions`, { code: isoCode }],
          ['DELETE', `/store/carts/${cartId}/promotions/${isoCode}`, undefined],
        ] as const
        for (const [who, headers] of Object.entries(callers)) {
          for (const [method, url, payload] of attempts) {
            const res = await s.call(method, url, headers, payload)
            if (res.statusCode !== 404 || res.json().code !== 'ORDERS_CART_NOT_FOUND') t.fail(`${who}: ${method} ${url} answered ${res.statusCode} ${res.body}`)
          }
        }
      }
      t.pass('every attempt on someone else\'s cart is a 404 ORDERS_CART_NOT_FOUND')
      // The customer's cart cannot be merged away by another customer, even with a guest token of their own.
      t.equal((await s.call('POST', `/store/carts/${customerCart}/merge`, { ...attacker.headers, ...otherGuest.headers })).statusCode, 404)
      // Nor the guest cart without its token.
      t.equal((await s.call('POST', `/store/carts/${guest.cartId}/merge`, { ...attacker.headers, ...wrongToken })).statusCode, 404)
      // A customer's own token opens no guest cart once it belongs to a customer, and a customer token opens only its own.
      t.equal((await s.call('GET', `/store/carts/${attackerCart}`, attacker.headers)).statusCode, 200)
      t.equal((await s.call('GET', `/store/carts/${customerCart}`, victim.headers)).statusCode, 200)
      t.equal((await s.call('GET', `/store/carts/${guest.cartId}`, guest.headers)).statusCode, 200)
      // Admin routes need an admin credential; a customer token is refused.
      t.equal((await s.call('GET', `/admin/carts/${customerCart}`, attacker.headers)).statusCode, 401)
      t.equal((await s.call('GET', '/admin/carts', attacker.headers)).statusCode, 401)
      t.equal(await snapshot(), before, 'nothing of the victims\' carts changed')
    })
  })
}
