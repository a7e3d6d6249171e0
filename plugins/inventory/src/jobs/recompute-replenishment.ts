import { defineJob, Type } from '@comptoir/core'

/** `inventory.recompute-replenishment`: daily, recomputes the demand forecast and reorder suggestions. */
export const recomputeReplenishmentJob = defineJob({
  payload: Type.Object({}, { additionalProperties: false }),
  attempts: 3,
  backoffMs: 60_000,
  schedule: { cron: '15 3 * * *', payload: {} },
  handler: async (ctx, _payload, job) => await job.services.inventoryReplenishment.recompute(ctx),
})
