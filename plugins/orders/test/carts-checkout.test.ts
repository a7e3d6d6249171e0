import t from 'tap'
import { inTransaction, type Ctx } from '@comptoir/core'
import { createTestDatabases, testEngines } from '@comptoir/core/testing'
import { seedPricing, type CartAccess } from '../src/carts/index.js'
import { address, cartsApp, type CartsTestApp } from './helpers-carts.js'

const dbs = createTestDatabases(t)

async function problemOf (promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise
  } catch (error) {
    const e = error as { code: string, status: number, extensions?: Record<string, unknown> }
    return { ...e.extensions, code: e.code, status: e.status }
  }
  throw new Error('expected a failure')
}

for (const engine of testEngines()) {
  t.test(engine, async (t) => {
    const s: CartsTestApp = await cartsApp(dbs, t, engine)
    const knex = s.app.comptoir.database.knex
    const carts = s.app.services.ordersCarts
    await inTransaction(s.ctx, async (tx) => { await seedPricing(tx, s.app) })
    const zones = (await s.call('GET', '/admin/shipping-zones', s.admin)).json().items as Array<{ name: string, options: Array<{ id: string, name: string }> }>
    const standard = zones.find((z) => z.name === 'Europe')?.options[0].id as string
    const { variantIds: [a, b] } = await s.product([{ prices: { EUR: 2999 }, weightGrams: 300 }, { prices: { EUR: 1001 } }])
    /** A complete guest cart: two lines, an email, a French address, standard shipping (+ codes). */
    async function readyCart (codes: string[] = [], email = 'buyer@example.com'): Promise<{ cartId: string, access: CartAccess, headers: Record<string, string> }> {
      const g = await s.guest()
      await s.call('POST', `/store/carts/${g.cartId}/lines`, g.headers, { variantId: a, quantity: 1 })
      await s.call('POST', `/store/carts/${g.cartId}/lines`, g.headers, { variantId: b, quantity: 2 })
      await s.call('PATCH', `/store/carts/${g.cartId}`, g.headers, { email, shippingAddress: address('FR') })
      await s.call('PUT', `/store/carts/${g.cartId}/shipping-option`, g.headers, { shippingOptionId: standard })
      for (const code of codes) {
        const res = await s.call('POST', `/store/carts/${g.cartId}/promotions`, g.headers, { code })
        if (res.statusCode !== 200) throw new Error(res.body)
      }
      return { cartId: g.cartId, access: { customerId: null, cartToken: g.token }, headers: g.headers }
    }
    const begin = async (ctx: Ctx, cartId: string, access: CartAccess) => await inTransaction(ctx, async (tx) => await carts.beginCheckout(tx, cartId, access))
    let codeCounter = 0
    async function promotion (fields: Record<string, unknown>): Promise<{ id: string, code: string }> {
      const res = await s.call('POST', '/admin/promotions', s.admin, { code: `CO${engine.slice(0, 2)}${++codeCounter}${Date.now() % 100000}`, kind: 'percentage', percentBps: 1000, ...fields })
      if (res.statusCode !== 201) throw new Error(res.body)
      return res.json()
    }

    t.test('an incomplete cart says what is missing and stays open', async (t) => {
      const g = await s.guest()
      t.match(await problemOf(begin(s.ctx, g.cartId, { customerId: null, cartToken: g.token })), { status: 422, code: 'ORDERS_CART_INCOMPLETE', missing: ['lines', 'email'] })
      await s.call('POST', `/store/carts/${g.cartId}/lines`, g.headers, { variantId: a, quantity: 1 })
      t.match(await problemOf(begin(s.ctx, g.cartId, { customerId: null, cartToken: g.token })), { missing: ['email', 'shippingAddress', 'shippingOption'] })
      t.equal((await knex('orders_carts').where({ id: g.cartId }).first()).status, 'open')
    })

    t.test('beginCheckout returns the cart as checkout needs it, claims codes and freezes the cart', async (t) => {
      const promo = await promotion({ usageLimit: 5 })
      const { cartId, access, headers } = await readyCart([promo.code])
      const shown = (await s.call('GET', `/store/carts/${cartId}`, headers)).json()
      const checkout = await begin(s.ctx, cartId, access)
      t.match(checkout, {
        id: cartId, customerId: null, email: 'buyer@example.com', currency: 'EUR', taxInclusive: false,
        shippingAddress: { country: 'FR' }, billingAddress: { country: 'FR' }, shippingOption: { id: standard, amount: 590 },
        promotions: [{ id: promo.id, code: promo.code, discountAmount: 500 }],
      })
      t.same(checkout.totals, { subtotal: shown.totals.subtotal, discount: shown.totals.discount, shipping: shown.totals.shipping, tax: shown.totals.tax, total: shown.totals.total }, 'what was shown is what checkout gets')
      t.same(checkout.totals, { subtotal: 5001, discount: 500, shipping: 590, tax: 900 + 118, total: 5001 - 500 + 590 + 1018 })
      t.same(checkout.lines.map((l) => [l.variantId, l.quantity, l.unitAmount, l.subtotalAmount, l.discountAmount, l.taxAmount, l.totalAmount, l.taxRateBps]),
        [[a, 1, 2999, 2999, 300, 540, 3239, 2000], [b, 2, 1001, 2002, 200, 360, 2162, 2000]])
      t.equal((await knex('orders_carts').where({ id: cartId }).first()).status, 'completing')
      t.equal((await knex('orders_promotions').where({ id: promo.id }).first()).usage_count, 1)
      t.match((await s.call('POST', `/store/carts/${cartId}/lines`, headers, { variantId: a, quantity: 1 })).json(), { status: 409, code: 'ORDERS_CART_COMPLETED' })
      t.match(await problemOf(begin(s.ctx, cartId, access)), { status: 409, code: 'ORDERS_CART_COMPLETED' })
      t.equal((await s.call('GET', `/store/carts/${cartId}`, headers)).json().status, 'completing', 'still readable')
    })

    t.test('abortCheckout reopens the cart and gives the code back; completeCheckout records the order', async (t) => {
      const promo = await promotion({ usageLimit: 1 })
      const { cartId, access } = await readyCart([promo.code])
      await begin(s.ctx, cartId, access)
      await carts.abortCheckout(s.ctx, cartId)
      await carts.abortCheckout(s.ctx, cartId)
      t.equal((await knex('orders_carts').where({ id: cartId }).first()).status, 'open')
      t.equal((await knex('orders_promotions').where({ id: promo.id }).first()).usage_count, 0, 'released once, though aborted twice')
      t.equal((await knex('orders_promotion_usages').where({ cart_id: cartId })).length, 0)
      await begin(s.ctx, cartId, access)
      const orderId = '11111111-1111-4111-8111-111111111111'
      await carts.completeCheckout(s.ctx, cartId, orderId)
      await carts.completeCheckout(s.ctx, cartId, orderId)
      t.equal(await carts.orderOf(s.ctx, cartId), orderId)
      t.match(await knex('orders_carts').where({ id: cartId }).first(), { status: 'completed', order_id: orderId })
      t.match(await problemOf(carts.completeCheckout(s.ctx, cartId, '22222222-2222-4222-8222-222222222222')), { status: 409, code: 'ORDERS_CART_NOT_COMPLETING' })
      await carts.abortCheckout(s.ctx, cartId)
      t.equal((await knex('orders_carts').where({ id: cartId }).first()).status, 'completed', 'a completed cart is not reopened')
      t.equal((await knex('orders_promotions').where({ id: promo.id }).first()).usage_count, 1)
      t.equal(await carts.orderOf(s.ctx, (await s.guest()).cartId), null)
    })

    t.test('checkout refuses someone else\'s cart, a changed price and an item no longer for sale', async (t) => {
      const { cartId, access, headers } = await readyCart()
      const other = await s.guest()
      t.match(await problemOf(begin(s.ctx, cartId, { customerId: null, cartToken: other.token })), { status: 404, code: 'ORDERS_CART_NOT_FOUND' })
      t.match(await problemOf(begin(s.ctx, cartId, { customerId: null, cartToken: null })), { status: 404 })
      const { variantIds: [c] } = await s.product([{ prices: { EUR: 100 } }])
      await s.call('POST', `/store/carts/${cartId}/lines`, headers, { variantId: c, quantity: 1 })
      await s.app.services.catalogPrices.bulkUpdate(s.ctx, { prices: [{ variantId: c, currency: 'EUR', amount: 150 }] })
      t.match(await problemOf(begin(s.ctx, cartId, access)), { status: 409, code: 'ORDERS_CART_PRICE_CHANGED', lines: [{ variantId: c, previousAmount: 100, currentAmount: 150 }] })
      t.equal((await s.call('GET', `/store/carts/${cartId}`, headers)).json().lines[2].unitAmount, 150, 'reading the cart shows the new price')
      await s.app.services.catalogPrices.bulkUpdate(s.ctx, { prices: [{ variantId: c, currency: 'EUR', amount: null }] })
      t.match(await problemOf(begin(s.ctx, cartId, access)), { status: 409, code: 'ORDERS_VARIANT_UNAVAILABLE', variants: [{ variantId: c }] })
      await s.call('DELETE', `/store/carts/${cartId}/lines/${(await s.call('GET', `/store/carts/${cartId}`, headers)).json().lines[2].id}`, headers)
      t.equal((await begin(s.ctx, cartId, access)).lines.length, 2)
    })

    t.test('a code at its limit fails the second checkout and leaves its cart open', async (t) => {
      const promo = await promotion({ usageLimit: 1 })
      const first = await readyCart([promo.code])
      const second = await readyCart([promo.code])
      await begin(s.ctx, first.cartId, first.access)
      t.match(await problemOf(begin(s.ctx, second.cartId, second.access)), { status: 409, code: 'ORDERS_PROMOTION_EXHAUSTED', scope: 'code' })
      t.equal((await knex('orders_carts').where({ id: second.cartId }).first()).status, 'open')
      t.match((await s.call('POST', `/store/carts/${(await s.guest()).cartId}/promotions`, (await s.guest()).headers, { code: promo.code })).statusCode, 404, 'another guest\'s cart id is a 404')
      await carts.abortCheckout(s.ctx, first.cartId)
      t.equal((await begin(s.ctx, second.cartId, second.access)).promotions.length, 1, 'released by the abort, claimed by the other')
    })

    t.test('a per-customer limit counts a guest by email, case-insensitively, and a customer by id', async (t) => {
      const promo = await promotion({ usageLimitPerCustomer: 1 })
      const first = await readyCart([promo.code], 'Repeat@Example.com')
      await begin(s.ctx, first.cartId, first.access)
      await carts.completeCheckout(s.ctx, first.cartId, '33333333-3333-4333-8333-333333333333')
      const g = await readyCart([], 'repeat@example.com')
      t.match((await s.call('POST', `/store/carts/${g.cartId}/promotions`, g.headers, { code: promo.code })).json(), { status: 409, code: 'ORDERS_PROMOTION_EXHAUSTED', scope: 'customer' })
      const c = await s.customer()
      const cartId = (await s.call('POST', '/store/carts', c.headers, {})).json().cart.id as string
      await s.call('POST', `/store/carts/${cartId}/lines`, c.headers, { variantId: b, quantity: 1 })
      await s.call('PATCH', `/store/carts/${cartId}`, c.headers, { shippingAddress: address('FR') })
      await s.call('PUT', `/store/carts/${cartId}/shipping-option`, c.headers, { shippingOptionId: standard })
      t.equal((await s.call('POST', `/store/carts/${cartId}/promotions`, c.headers, { code: promo.code })).statusCode, 200)
      const checkout = await begin(s.ctx, cartId, { customerId: c.customerId, cartToken: null })
      t.match(checkout, { customerId: c.customerId, email: c.email, promotions: [{ code: promo.code }] })
      await carts.completeCheckout(s.ctx, cartId, '44444444-4444-4444-8444-444444444444')
      const next = (await s.call('POST', '/store/carts', c.headers, {})).json()
      t.not(next.cart.id, cartId, 'a new open cart after the last one completed')
      t.match((await s.call('POST', `/store/carts/${next.cart.id}/promotions`, c.headers, { code: promo.code })).json(), { code: 'ORDERS_PROMOTION_EXHAUSTED', scope: 'customer' })
    })

    t.test('an aborted checkout folds into the cart the customer opened meanwhile', async (t) => {
      const c = await s.customer()
      const first = (await s.call('POST', '/store/carts', c.headers, {})).json().cart.id as string
      await s.call('POST', `/store/carts/${first}/lines`, c.headers, { variantId: a, quantity: 1 })
      await s.call('PATCH', `/store/carts/${first}`, c.headers, { shippingAddress: address('FR') })
      await s.call('PUT', `/store/carts/${first}/shipping-option`, c.headers, { shippingOptionId: standard })
      await begin(s.ctx, first, { customerId: c.customerId, cartToken: null })
      const second = (await s.call('POST', '/store/carts', c.headers, {})).json()
      t.equal(second.cart.lines.length, 0, 'while the first is in checkout, the customer gets a new open cart')
      await s.call('POST', `/store/carts/${second.cart.id as string}/lines`, c.headers, { variantId: b, quantity: 1 })
      await carts.abortCheckout(s.ctx, first)
      t.match(await knex('orders_carts').where({ id: first }).first(), { status: 'merged', merged_into_cart_id: second.cart.id })
      const merged = (await s.call('GET', `/store/carts/${second.cart.id as string}`, c.headers)).json()
      t.same(merged.lines.map((l: { variantId: string }) => l.variantId).sort(), [a, b].sort(), 'nothing is lost')
      t.equal(merged.shippingOption?.id, standard, 'the details carry over')
    })

    if (engine === 'postgres') {
      t.test('concurrent checkouts never claim more uses than the limit', async (t) => {
        const promo = await promotion({ usageLimit: 3 })
        const ready = []
        for (let i = 0; i < 10; i++) ready.push(await readyCart([promo.code], `racer${i}@example.com`))
        const results = await Promise.allSettled(ready.map(async (r) => await begin(s.ctx, r.cartId, r.access)))
        t.equal(results.filter((r) => r.status === 'fulfilled').length, 3, 'exactly the limit wins')
        t.ok(results.every((r) => r.status === 'fulfilled' || (r.reason as { code: string }).code === 'ORDERS_PROMOTION_EXHAUSTED'), 'the others get 409 ORDERS_PROMOTION_EXHAUSTED')
        t.equal((await knex('orders_promotions').where({ id: promo.id }).first()).usage_count, 3)
        t.equal((await knex('orders_promotion_usages').where({ promotion_id: promo.id })).length, 3)
        t.equal((await knex('orders_carts').whereIn('id', ready.map((r) => r.cartId)).where({ status: 'completing' })).length, 3)
      })
    }
  })
}
