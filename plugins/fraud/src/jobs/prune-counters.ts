import { defineJob, Type } from '@comptoir/core'

/** `fraud.prune-counters`: nightly, deletes velocity buckets older than `counterRetentionDays`. */
export const pruneCountersJob = defineJob({
  payload: Type.Object({}, { additionalProperties: false }),
  attempts: 3,
  backoffMs: 60_000,
  schedule: { cron: '40 3 * * *', payload: {} },
  handler: async (ctx, _payload, job) => { await job.services.fraud.pruneCounters(ctx) },
})
