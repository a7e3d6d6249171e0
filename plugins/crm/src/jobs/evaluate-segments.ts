import { defineJob, Type } from '@comptoir/core'

/** `crm.evaluate-segments`: hourly, re-evaluates every segment and emits membership changes. */
export const evaluateSegmentsJob = defineJob({
  payload: Type.Object({}, { additionalProperties: false }),
  attempts: 3,
  backoffMs: 60_000,
  schedule: { cron: '25 * * * *', payload: {} },
  handler: async (ctx, _payload, job) => ({ segments: await job.services.crmSegments.evaluateAll(ctx) }),
})
