import type { JobDefinition } from '@comptoir/core'

/** `webhooks.purge-deliveries`: daily, drops finished deliveries past `retentionDays`. */
export const purgeDeliveries: JobDefinition = {
  schedule: { cron: '41 3 * * *' },
  handler: async (ctx, _payload, job) => {
    const deleted = await job.services.webhooksDeliveries.purge(ctx)
    if (deleted > 0) ctx.log.info({ deleted }, 'purged webhook deliveries')
  },
}
