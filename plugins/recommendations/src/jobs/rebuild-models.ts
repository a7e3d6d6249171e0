import { defineJob, Type } from '@comptoir/core'
import { ModelName } from '../schemas.js'

/**
 * `recommendations.rebuild-models`: every 15 minutes, the models whose `rebuildEveryMinutes` has
 * passed; with `models` (the admin "rebuild now" route), exactly those. Each model is its own
 * transaction, so a retry redoes only what is still due or asked.
 */
export const rebuildModelsJob = defineJob({
  payload: Type.Object({ models: Type.Optional(Type.Array(ModelName, { maxItems: 4 })) }, { additionalProperties: false }),
  attempts: 3,
  backoffMs: 60_000,
  schedule: { cron: '*/15 * * * *', payload: {} },
  handler: async (ctx, payload, job) => {
    const { recommendationsModels } = job.services
    const models = payload.models ?? await recommendationsModels.due(ctx)
    const builds = []
    for (const [i, model] of models.entries()) {
      builds.push(await recommendationsModels.rebuild(ctx, model))
      await job.progress(Math.round(100 * (i + 1) / models.length))
    }
    return { builds }
  },
})
