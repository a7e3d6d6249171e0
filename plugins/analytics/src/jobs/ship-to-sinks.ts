import { defineJob, Type } from '@comptoir/core'

/** `analytics.ship-to-sinks`: every minute, new raw events to each registered sink (none registered: nothing to do). */
export const shipToSinksJob = defineJob({
  payload: Type.Object({}, { additionalProperties: false }),
  attempts: 3,
  backoffMs: 10_000,
  schedule: { cron: '* * * * *', payload: {} },
  handler: async (ctx, _payload, job) => { await job.services.analyticsSinks.shipAll(ctx) },
})
