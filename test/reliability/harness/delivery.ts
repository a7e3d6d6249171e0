// Counts the effects of `orders.order.placed` subscribers for a set of orders: the probe plugin's
// row (one per event id, with a delivery count), analytics' order and order lines.
import type { Stack } from './stack.js'
import { eventually, withSql, type Checker } from './scenario.js'

export interface Effects {
  orders: number
  probeEvents: number
  /** Orders whose placed event the probe recorded more or less than once. */
  probeWrong: number
  /** Deliveries beyond the first (at-least-once: allowed, the effect must not repeat). */
  redeliveries: number
  analyticsOrders: number
  /** Orders whose analytics lines differ from the order's own lines (a repeated effect). */
  analyticsWrong: number
  undispatched: number
}

export async function effectsOf (stack: Stack, orderIds: string[]): Promise<Effects> {
  return await withSql(stack, async (sql) => {
    const [probe] = await sql(`select count(*)::int as events, coalesce(sum(deliveries - 1), 0)::int as redeliveries,
      (select count(*)::int from (select o.id from unnest($1::uuid[]) as o(id) left join probe_order_effects p on p.order_id = o.id group by o.id having count(p.event_id) <> 1) x) as wrong
      from probe_order_effects where order_id = any($1::uuid[])`, [orderIds])
    const [analytics] = await sql(`select count(*)::int as n,
      (select count(*)::int from unnest($1::uuid[]) as o(id)
        where (select count(*) from analytics_order_lines l where l.order_id = o.id) <> (select count(*) from orders_lines l where l.order_id = o.id)) as wrong
      from analytics_orders where order_id = any($1::uuid[])`, [orderIds])
    const [outbox] = await sql('select count(*)::int as n from comptoir_outbox where dispatched_at is null')
    return {
      orders: orderIds.length, probeEvents: probe.events, probeWrong: probe.wrong, redeliveries: probe.redeliveries,
      analyticsOrders: analytics.n, analyticsWrong: analytics.wrong, undispatched: outbox.n,
    }
  })
}

/** Waits (up to `ms`) until every order's effects are in and nothing waits in the outbox, then checks them. */
export async function expectDeliveredOnce (stack: Stack, check: Checker, orderIds: string[], ms: number): Promise<void> {
  const started = Date.now()
  let last: Effects | null = null
  const done = await eventually(async () => {
    last = await effectsOf(stack, orderIds)
    return last.probeEvents === orderIds.length && last.analyticsOrders === orderIds.length && last.undispatched === 0
  }, ms, 1000)
  const e = last as Effects | null
  check.figure('delivery', `${orderIds.length} orders, all effects in after ${Date.now() - started} ms${done ? '' : ' (timed out)'}; redeliveries absorbed: ${e?.redeliveries ?? '?'}`)
  check.ok(done, `every order's events were delivered (${JSON.stringify(e)})`)
  check.equal(e?.probeWrong, 0, 'each order\'s placed event recorded exactly once by the probe subscriber')
  check.equal(e?.analyticsOrders, orderIds.length, 'one analytics order per order')
  check.equal(e?.analyticsWrong, 0, 'analytics lines written once per order')
  check.equal(e?.undispatched, 0, 'no event left undispatched in the outbox')
}
