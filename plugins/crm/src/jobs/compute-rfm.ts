import { defineJob, Type } from '@comptoir/core'

/** `crm.compute-rfm`: nightly, the RFM quintiles of every customer with orders, in one UPDATE. */
export const computeRfmJob = defineJob({
  payload: Type.Object({}, { additionalProperties: false }),
  attempts: 3,
  backoffMs: 60_000,
  schedule: { cron: '10 2 * * *', payload: {} },
  handler: async (ctx, _payload, job) => await job.services.crmScores.computeRfm(ctx),
})
