// A worker SIGKILLed while orders flow: the other worker and BullMQ's stalled-job recovery deliver
// every event; idempotent subscribers apply each effect once.
import { pool } from '../harness/http.js'
import { sleep } from '../harness/services.js'
import type { Scenario } from '../harness/scenario.js'
import { expectDeliveredOnce } from '../harness/delivery.js'
import { checkout, openShop, readyCart, stockedVariant } from '../harness/shop.js'

const orders = 60

export const workerKill: Scenario = {
  name: 'a worker SIGKILLed mid-run: every event handled once',
  async run (stack, check) {
    const shop = await openShop(stack.apis)
    const { variantId } = await stockedVariant(shop, 10_000)
    const carts = await pool(Array.from({ length: orders }, (_, i) => i), 16, async (i) => await readyCart(stack.apis[i % 2] as string, variantId))
    const victim = stack.workers.find((w) => w.child.exitCode == null && w.child.signalCode == null)
    if (victim == null) throw new Error('no live worker to kill')
    // Checkouts at a steady pace; the kill lands while deliveries are in flight.
    const placing = pool(carts, 4, async (cart) => { const r = await checkout(cart); await sleep(30); return r })
    await sleep(700)
    victim.child.kill('SIGKILL')
    check.figure('killed', `${victim.name} (pid ${victim.child.pid ?? '?'}) with SIGKILL`)
    const replies = await placing
    const placed = replies.filter((r) => r.status === 201).map((r) => r.body.order.id as string)
    check.equal(placed.length, orders, 'every checkout placed an order while a worker died')
    await victim.exited
    stack.workers.splice(stack.workers.indexOf(victim), 1)
    // BullMQ hands a dead worker's active jobs to another after its lock expires (stalled check, 30 s).
    await expectDeliveredOnce(stack, check, placed, 90_000)
    await stack.startWorker(`${victim.name}-restarted`)
  },
}
