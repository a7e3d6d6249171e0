import { defineJob, Type } from '@comptoir/core'

/** `crm.compute-engagement`: nightly, after RFM (its monetary factor reads the RFM score). */
export const computeEngagementJob = defineJob({
  payload: Type.Object({}, { additionalProperties: false }),
  attempts: 3,
  backoffMs: 60_000,
  schedule: { cron: '40 2 * * *', payload: {} },
  handler: async (ctx, _payload, job) => await job.services.crmScores.computeEngagement(ctx),
})
