// PostgreSQL stopped (immediate: connections cut, as a crash) and started again under load: the
// APIs answer 503 problem+json while it is down, recover by themselves, and no order is half-written.
import { call, isProblem, pool, type Reply } from '../harness/http.js'
import { sleep } from '../harness/services.js'
import { eventually, withSql, type Scenario } from '../harness/scenario.js'
import { expectDeliveredOnce } from '../harness/delivery.js'
import { checkout, openShop, readyCart, stockedVariant, type ReadyCart } from '../harness/shop.js'

const downMs = 6_000

export const postgresRestart: Scenario = {
  name: 'PostgreSQL restarted during load',
  async run (stack, check) {
    const shop = await openShop(stack.apis)
    const { variantId, levelId } = await stockedVariant(shop, 10_000)
    const carts = await pool(Array.from({ length: 80 }, (_, i) => i), 16, async (i) => await readyCart(stack.apis[i % 2] as string, variantId))
    const keys = new Map<ReadyCart, string>()
    const during: Reply[] = []
    let phase: 'before' | 'down' | 'after' = 'before'
    let next = 0
    // Four clients: checkouts and catalog reads, until the carts run out or the phase ends.
    const load = Promise.all(Array.from({ length: 4 }, async (_, client) => {
      while (phase !== 'after') {
        const api = stack.apis[client % 2] as string
        let reply: Reply
        if (client < 2 && next < carts.length) {
          const cart = carts[next++] as ReadyCart
          const key = `pg-${cart.cartId}`
          keys.set(cart, key)
          reply = await checkout(cart, api, key)
        } else {
          reply = await call(api, 'GET', '/store/products?limit=5')
        }
        if (phase === 'down') during.push(reply)
        await sleep(50)
      }
    }))
    await sleep(1_000)
    stack.postgres.stop()
    phase = 'down'
    await sleep(downMs)
    await stack.postgres.start()
    const back = Date.now()
    const recovered = await eventually(async () => (await Promise.all(stack.apis.map(async (api) => (await call(api, 'GET', '/health/ready')).status))).every((s) => s === 200), 30_000, 250)
    check.figure('recovery', `both APIs ready ${Date.now() - back} ms after PostgreSQL came back`)
    phase = 'after'
    await load
    const statuses = [...new Set(during.map((r) => r.status))].sort()
    const failed = during.filter((r) => r.status >= 500)
    check.figure('while down', `${during.length} requests, statuses ${statuses.join(', ')}`)
    check.ok(recovered, 'both APIs ready again without a restart')
    check.ok(failed.length > 0, 'requests reached the APIs while PostgreSQL was down')
    check.ok(failed.every((r) => r.status === 503 && isProblem(r)), `every failure while down is a 503 problem+json (got ${[...new Set(failed.map((r) => `${r.status} ${String(r.body?.code)}`))].join(', ')})`)
    check.ok(during.every((r) => r.status !== 0), 'no connection was dropped without an answer')
    // Every checkout retried with its key: an order exists once per cart, complete.
    const retried = await pool([...keys.entries()], 8, async ([cart, key]) => await checkout(cart, cart.api, key))
    check.ok(retried.every((r) => r.status === 201 || (r.status === 409 && isProblem(r))), `retries settle (got ${[...new Set(retried.map((r) => `${r.status} ${String(r.body?.code)}`))].join(', ')})`)
    const fresh = await Promise.all(stack.apis.map(async (api) => await checkout(await readyCart(api, variantId))))
    check.ok(fresh.every((r) => r.status === 201), 'a new checkout succeeds on each API')
    await withSql(stack, async (sql) => {
      const orders = await sql(`select o.id, o.cart_id, o.status,
          (select count(*)::int from orders_lines l where l.order_id = o.id) as lines,
          (select count(*)::int from orders_payments p where p.order_id = o.id) as payments
        from orders_orders o where exists (select 1 from orders_lines l where l.order_id = o.id and l.variant_id = $1)`, [variantId])
      const perCart = new Map<string, number>()
      for (const o of orders) perCart.set(o.cart_id, (perCart.get(o.cart_id) ?? 0) + 1)
      check.ok([...perCart.values()].every((n) => n === 1), 'at most one order per cart')
      check.ok(orders.every((o) => o.lines === 1 && o.payments >= 1), 'every order has its line and its payment')
      const [level] = await sql('select on_hand, reserved from inventory_levels where id = $1', [levelId])
      const [ledger] = await sql('select coalesce(sum(on_hand_delta), 0)::int as on_hand, coalesce(sum(reserved_delta), 0)::int as reserved from inventory_movements where level_id = $1', [levelId])
      const [sold] = await sql('select coalesce(sum(l.quantity), 0)::int as q from orders_lines l join orders_orders o on o.id = l.order_id where l.variant_id = $1', [variantId])
      check.equal({ onHand: level.on_hand, reserved: level.reserved }, { onHand: ledger.on_hand, reserved: ledger.reserved }, 'the movements ledger sums to the level')
      check.equal(level.reserved, sold.q, 'reserved units = units on orders (no reservation without its order, no order without its reservation)')
      // A checkout cut between its first transaction (order + reservation) and its last (payment
      // outcome + events) leaves a pending order: consistent, its events not yet due, cancelled by
      // orders.cancel-unpaid-orders after pendingPaymentTimeoutMinutes (a retry gets 409 meanwhile).
      const confirmed = orders.filter((o) => o.status === 'confirmed')
      const pending = orders.filter((o) => o.status === 'pending')
      check.figure('orders', `${orders.length} for ${keys.size + 2} checkouts attempted: ${confirmed.length} confirmed, ${pending.length} pending (cut between checkout's transactions)`)
      check.equal(orders.length, confirmed.length + pending.length, 'every order is confirmed or pending')
      await expectDeliveredOnce(stack, check, confirmed.map((o) => o.id as string), 90_000)
    })
  },
}
