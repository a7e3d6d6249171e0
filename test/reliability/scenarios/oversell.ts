// 200 concurrent checkouts for the last 10 units of a variant, spread over both APIs.
import { randomUUID } from 'node:crypto'
import { call, isProblem, pool } from '../harness/http.js'
import { sleep } from '../harness/services.js'
import { withSql, percentile, type Scenario } from '../harness/scenario.js'
import { checkout, openShop, readyCart, stockedVariant } from '../harness/shop.js'

const units = 10
const buyers = 200

export const oversell: Scenario = {
  name: `${buyers} concurrent checkouts for the last ${units} units over 2 APIs`,
  async run (stack, check) {
    const shop = await openShop(stack.apis)
    const { variantId, levelId } = await stockedVariant(shop, units)
    const carts = await pool(Array.from({ length: buyers }, (_, i) => i), 32, async (i) => await readyCart(stack.apis[i % 2] as string, variantId))
    const started = performance.now()
    // A client honours 503 CORE_UNAVAILABLE (pool saturated on a busy machine) by retrying with its key.
    let retried = 0
    const replies = await Promise.all(carts.map(async (cart) => {
      const key = randomUUID()
      let reply = await checkout(cart, cart.api, key)
      for (let attempt = 0; attempt < 5 && reply.status === 503 && reply.body?.code === 'CORE_UNAVAILABLE'; attempt++) {
        retried++
        await sleep(1000)
        reply = await checkout(cart, cart.api, key)
      }
      return reply
    }))
    check.figure('503 CORE_UNAVAILABLE retried', retried)
    check.figure('wall time of the burst', `${Math.round(performance.now() - started)} ms, p99 ${Math.round(percentile(replies.map((r) => r.ms), 99))} ms`)
    const won = replies.filter((r) => r.status === 201)
    const lost = replies.filter((r) => r.status !== 201)
    check.figure('orders / refusals', `${won.length} / ${lost.length}`)
    check.equal(won.length, units, 'exactly one order per unit')
    check.ok(lost.every((r) => r.status === 409 && isProblem(r)), `every other checkout is a 409 problem+json (got ${[...new Set(lost.map((r) => `${r.status} ${String(r.body?.code)}`))].join(', ')})`)
    check.equal([...new Set(lost.map((r) => r.body?.code))], ['INVENTORY_INSUFFICIENT_STOCK'], 'the refusals name the missing stock')
    check.ok(new Set(won.map((r) => r.body.order.number)).size === units, 'distinct order numbers')
    const read = await call(stack.apis[1] as string, 'GET', `/admin/stock-levels/${levelId}`, { headers: shop.admin })
    check.equal({ onHand: read.body?.onHand, reserved: read.body?.reserved, available: read.body?.available }, { onHand: units, reserved: units, available: 0 }, 'the level reads sold out over HTTP')
    await withSql(stack, async (sql) => {
      const [row] = await sql('select on_hand, reserved from inventory_levels where id = $1', [levelId])
      const [ledger] = await sql('select coalesce(sum(on_hand_delta), 0)::int as on_hand, coalesce(sum(reserved_delta), 0)::int as reserved, count(*)::int as n from inventory_movements where level_id = $1', [levelId])
      const [active] = await sql("select coalesce(sum(quantity), 0)::int as q from inventory_reservations where level_id = $1 and status = 'active'", [levelId])
      const [orders] = await sql('select count(*)::int as n from orders_orders o where exists (select 1 from orders_lines l where l.order_id = o.id and l.variant_id = $1)', [variantId])
      check.equal({ onHand: row.on_hand, reserved: row.reserved }, { onHand: units, reserved: units }, 'the level: 10 on hand, 10 reserved (0 available)')
      check.equal({ onHand: ledger.on_hand, reserved: ledger.reserved }, { onHand: units, reserved: units }, 'the movements ledger sums to the level')
      check.equal(active.q, units, 'active reservations sum to the reserved count')
      check.equal(orders.n, units, 'no order row for the losers')
    })
  },
}
