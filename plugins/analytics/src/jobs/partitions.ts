import { defineJob, Type } from '@comptoir/core'

/** `analytics.create-partitions`: daily, the raw table's monthly partitions for the months ahead. */
export const createPartitionsJob = defineJob({
  payload: Type.Object({}, { additionalProperties: false }),
  attempts: 5,
  backoffMs: 60_000,
  schedule: { cron: '5 0 * * *', payload: {} },
  handler: async (ctx, _payload, job) => { await job.services.analyticsPartitions.ensure(ctx) },
})

/** `analytics.drop-expired-partitions`: daily, drops months of raw events past `retentionMonths`. */
export const dropExpiredPartitionsJob = defineJob({
  payload: Type.Object({}, { additionalProperties: false }),
  attempts: 3,
  backoffMs: 60_000,
  schedule: { cron: '15 0 * * *', payload: {} },
  handler: async (ctx, _payload, job) => { await job.services.analyticsPartitions.dropExpired(ctx) },
})
