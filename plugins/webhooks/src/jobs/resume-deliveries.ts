import type { JobDefinition } from '@comptoir/core'

/**
 * `webhooks.resume-deliveries`: every minute, re-enqueues pending deliveries overdue by a minute
 * with no attempt in flight (a crash between a commit and its enqueue): nothing stays pending forever.
 */
export const resumeDeliveries: JobDefinition = {
  schedule: { cron: '* * * * *' },
  handler: async (ctx, _payload, job) => {
    const resumed = await job.services.webhooksDeliveries.resume(ctx)
    if (resumed > 0) ctx.log.info({ resumed }, 'resumed overdue webhook deliveries')
  },
}
