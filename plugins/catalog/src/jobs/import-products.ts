import { defineJob, Type, type Db } from '@comptoir/core'
import type { ImportService } from '../services/imports.js'

export const ImportProductsPayload = Type.Object({ importId: Type.String({ format: 'uuid' }) }, { additionalProperties: false })

// TODO(kernel): job handlers receive no container, so the handler finds its app's import service
// through the app's database handle (the one every job ctx carries). Keys are per app: two apps
// in one process share nothing. Remove once JobInfo (or ctx) gives access to services.
const importServices = new WeakMap<object, ImportService>()

/** Makes an app's import service reachable from its jobs (called when the service is built). */
export function attachImportService (db: Db, service: ImportService): void {
  importServices.set(db, service)
}

/** `catalog.import-products`: imports an uploaded CSV; retried from the start (the upsert is idempotent). */
export const importProductsJob = defineJob({
  payload: ImportProductsPayload,
  attempts: 3,
  backoffMs: 5000,
  handler: async (ctx, payload, job) => {
    const service = importServices.get(ctx.db)
    if (service == null) throw new Error('The catalog import service is not built in this process yet; the job will be retried.')
    await service.runStored(ctx, payload.importId, job)
  },
})
