import { defineJob, Type } from '@comptoir/core'

export const ImportProductsPayload = Type.Object({ importId: Type.String({ format: 'uuid' }) }, { additionalProperties: false })

/** `catalog.import-products`: imports an uploaded CSV; retried from the start (the upsert is idempotent). */
export const importProductsJob = defineJob({
  payload: ImportProductsPayload,
  attempts: 3,
  backoffMs: 5000,
  handler: async (ctx, payload, job) => {
    await job.services.catalogImports.runStored(ctx, payload.importId, job)
  },
})
