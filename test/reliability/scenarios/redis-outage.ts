// Redis stopped for 20 s during checkouts: orders are still accepted (the outbox holds their
// events), readiness reports Redis down, and every event is delivered once Redis is back.
import { call, pool, type Reply } from '../harness/http.js'
import { sleep } from '../harness/services.js'
import type { Scenario } from '../harness/scenario.js'
import { expectDeliveredOnce } from '../harness/delivery.js'
import { checkout, openShop, readyCart, stockedVariant } from '../harness/shop.js'

const outageMs = 20_000

export const redisOutage: Scenario = {
  name: 'Redis down 20 s during checkouts',
  async run (stack, check) {
    const shop = await openShop(stack.apis)
    const { variantId } = await stockedVariant(shop, 10_000)
    const carts = await pool(Array.from({ length: 40 }, (_, i) => i), 16, async (i) => await readyCart(stack.apis[i % 2] as string, variantId))
    await stack.redis.stop()
    const downAt = Date.now()
    const replies: Reply[] = []
    const health: Reply[] = []
    let i = 0
    while (Date.now() - downAt < outageMs) {
      const cart = carts[i] ?? await readyCart(stack.apis[i % 2] as string, variantId)
      replies.push(await checkout(cart))
      if (i % 5 === 0) health.push(await call(stack.apis[i % 2] as string, 'GET', '/health/ready'))
      i++
      await sleep(250)
    }
    await stack.redis.start()
    const placed = replies.filter((r) => r.status === 201).map((r) => r.body.order.id as string)
    const slowest = Math.max(...replies.map((r) => r.ms))
    check.figure('during the outage', `${replies.length} checkouts, ${placed.length} placed, slowest ${Math.round(slowest)} ms`)
    check.ok(replies.length >= 20, `checkouts kept being answered while Redis was down (${replies.length})`)
    check.equal(placed.length, replies.length, `every checkout placed an order (statuses ${[...new Set(replies.map((r) => r.status))].join(', ')}; ${replies.find((r) => r.status !== 201)?.text.slice(0, 200) ?? ''})`)
    check.ok(health.length > 0 && health.every((h) => h.status === 200 && h.body.status === 'degraded' && h.body.checks?.redis === 'down' && h.body.checks?.database === 'ok'),
      `readiness stays 200 and reports degraded, redis down (${[...new Set(health.map((h) => `${h.status} ${JSON.stringify(h.body)}`))].join('; ')})`)
    await expectDeliveredOnce(stack, check, placed, 90_000)
    const after = await Promise.all(stack.apis.map(async (api) => await call(api, 'GET', '/health/ready')))
    check.ok(after.every((h) => h.status === 200 && h.body.status === 'ok'), 'both APIs ready again, not degraded')
  },
}
