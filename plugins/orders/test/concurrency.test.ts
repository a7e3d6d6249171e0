import t from 'tap'
import { createTestDatabases } from '@comptoir/core/testing'
import { checkout, createTestProvider, createVariant, levelOf, openShop, readyCart } from './helpers.js'

const dbs = createTestDatabases(t)

// Real PostgreSQL only: PGlite runs one connection, so nothing would race.
t.test('postgres: concurrent checkouts on the last units never oversell', async (t) => {
  const gateway = createTestProvider('test-pay')
  const shop = await openShop(dbs, t, 'postgres', [gateway])
  const units = 3
  const buyers = 20
  const variantId = await createVariant(shop, units)
  const carts = []
  for (let i = 0; i < buyers; i++) carts.push(await readyCart(shop, [{ variantId, quantity: 1 }]))

  // 1. every buyer checks out at once.
  const responses = await Promise.all(carts.map(async (cart) => await checkout(shop, cart, 'test-pay')))
  const won = responses.filter((r) => r.statusCode === 201)
  const lost = responses.filter((r) => r.statusCode !== 201)

  // 2. exactly `units` orders; every loser got a clear 409 and was never sent to the gateway.
  t.equal(won.length, units, 'one order per unit')
  t.equal(lost.length, buyers - units)
  t.same([...new Set(lost.map((r) => r.json().code))], ['INVENTORY_INSUFFICIENT_STOCK'])
  t.ok(lost.every((r) => r.statusCode === 409))
  t.equal(gateway.calls.authorize, units, 'losers\' payments were never authorized')
  t.same(await levelOf(shop, variantId), { on_hand: units, reserved: units })
  const knex = shop.app.comptoir.database.knex
  const orders = await knex('orders_orders').select('status', 'number') as Array<{ status: string, number: string }>
  t.equal(orders.length, units, 'no order row for the losers')
  t.ok(orders.every((o) => o.status === 'confirmed'))
  t.equal(new Set(orders.map((o) => o.number)).size, units, 'distinct numbers')
  const open = await knex('orders_carts').whereIn('id', carts.map((c) => c.cartId)).where({ status: 'open' }).count({ n: '*' }).first() as { n: string }
  t.equal(Number(open.n), buyers - units, 'losers\' carts stay open')
})

t.test('postgres: concurrent fulfilments and refunds respect the bounds', async (t) => {
  const gateway = createTestProvider('test-pay')
  const shop = await openShop(dbs, t, 'postgres', [gateway])
  const variantId = await createVariant(shop, 5)
  const placed = (await checkout(shop, await readyCart(shop, [{ variantId, quantity: 2 }]), 'test-pay')).json().order
  const url = `/admin/orders/${placed.id as string}`
  const fulfils = await Promise.all(Array.from({ length: 5 }, async () => await shop.app.inject({ method: 'POST', url: `${url}/fulfilments`, headers: shop.admin, payload: { lines: [{ lineId: placed.lines[0].id, quantity: 1 }] } })))
  t.equal(fulfils.filter((r) => r.statusCode === 201).length, 2, 'two units, two fulfilments')
  t.same(await levelOf(shop, variantId), { on_hand: 3, reserved: 0 })
  const refunds = await Promise.all(Array.from({ length: 5 }, async () => await shop.app.inject({ method: 'POST', url: `${url}/refunds`, headers: shop.admin, payload: { amount: placed.totals.total } })))
  t.equal(refunds.filter((r) => r.statusCode === 200).length, 1, 'the captured amount is refunded once')
  t.equal(gateway.calls.refund, 1)
})
