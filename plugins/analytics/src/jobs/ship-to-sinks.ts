import { defineJob, Type } from '@comptoir/core'

/**
 * `analytics.ship-to-sinks`: every minute, new product views and add-to-carts to the kernel's
 * event bus (analytics.products.*), then new raw events to each registered sink.
 */
export const shipToSinksJob = defineJob({
  payload: Type.Object({}, { additionalProperties: false }),
  attempts: 3,
  backoffMs: 10_000,
  schedule: { cron: '* * * * *', payload: {} },
  handler: async (ctx, _payload, job) => {
    const emitted = await job.services.analyticsSinks.emitSignals(ctx)
    return { emitted, shipped: await job.services.analyticsSinks.shipAll(ctx) }
  },
})
