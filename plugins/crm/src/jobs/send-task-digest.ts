import { defineJob, Type } from '@comptoir/core'

/** `crm.send-task-digest`: each morning (UTC), one message per admin with open tasks due that day or overdue. */
export const sendTaskDigestJob = defineJob({
  payload: Type.Object({ day: Type.Optional(Type.String({ format: 'date', description: 'YYYY-MM-DD (UTC); default today' })) }, { additionalProperties: false }),
  attempts: 5,
  backoffMs: 60_000,
  schedule: { cron: '0 7 * * *', payload: {} },
  handler: async (ctx, payload, job) => await job.services.crmDigest.sendDaily(ctx, payload.day),
})
