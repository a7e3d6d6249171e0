import t from 'tap'
import { createTestDatabases, testEngines } from '@comptoir/core/testing'
import { address, cartsApp } from './helpers-carts.js'

const dbs = createTestDatabases(t)

for (const engine of testEngines()) {
  t.test(`${engine}: nobody but its owner can read or change a cart`, async (t) => {
    const s = await cartsApp(dbs, t, engine)
    const knex = s.app.comptoir.database.knex
    const { variantIds: [a] } = await s.product([{ prices: { EUR: 1000 } }])
    await s.call('POST', '/admin/promotions', s.admin, { code: 'ISO10', kind: 'percentage', percentBps: 1000 })
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
        ['POST', `/store/carts/${cartId}/promotions`, { code: 'ISO10' }],
        ['DELETE', `/store/carts/${cartId}/promotions/ISO10`, undefined],
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
}
