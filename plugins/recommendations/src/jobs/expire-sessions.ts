import { defineJob, Type } from '@comptoir/core'

/**
 * `recommendations.expire-sessions`: daily, anonymous sessions' views and add-to-carts past
 * `sessionTtlDays`, everyone's past `historyDays`, and old applied-event ids.
 */
export const expireSessionsJob = defineJob({
  payload: Type.Object({}, { additionalProperties: false }),
  attempts: 3,
  backoffMs: 60_000,
  schedule: { cron: '40 3 * * *', payload: {} },
  handler: async (ctx, _payload, job) => {
    return await job.services.recommendationsSignals.expire(ctx)
  },
})
