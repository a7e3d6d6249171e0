// The reliability probe: a plugin whose effects the suite counts. Its subscriber records each
// `orders.order.placed` once (idempotent on the event id) and counts its deliveries; its scheduled
// job records each run under the job id of its schedule slot, counting runs per slot.
import { definePlugin, type Ctx, type DeliveredEvent } from '@comptoir/core'

interface OrderPlaced { orderId: string }

async function recordOrderPlaced (ctx: Ctx, event: DeliveredEvent<OrderPlaced>): Promise<void> {
  await ctx.db.raw(
    `insert into probe_order_effects (event_id, order_id, deliveries) values (?, ?, 1)
     on conflict (event_id) do update set deliveries = probe_order_effects.deliveries + 1`,
    [event.id, event.payload.orderId])
}

export default definePlugin({
  name: 'probe',
  version: '0.1.0',
  migrations: new URL('./migrations/', import.meta.url),
  jobs: {
    'probe.tick': {
      // Every 2 seconds: the suite checks that each slot ran once across the two workers.
      schedule: { cron: '*/2 * * * * *' },
      attempts: 1,
      handler: async (ctx, _payload, job) => {
        await ctx.db.raw(
          `insert into probe_ticks (job_id, runs) values (?, 1)
           on conflict (job_id) do update set runs = probe_ticks.runs + 1`,
          [job.id])
      },
    },
  },
  subscribers: { 'orders.order.placed': recordOrderPlaced },
})
