import { defineJob, Type } from '@comptoir/core'

/** `inventory.import-stock-levels`: imports an uploaded stock CSV; retried from the start (setting a level is idempotent). */
export const importStockLevelsJob = defineJob({
  payload: Type.Object({ importId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
  attempts: 3,
  backoffMs: 5000,
  handler: async (ctx, payload, job) => {
    await job.services.inventoryImports.run(ctx, payload.importId, job)
  },
})
