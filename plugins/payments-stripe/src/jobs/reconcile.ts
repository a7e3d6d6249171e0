import { defineJob, Type } from '@comptoir/core'

/**
 * `payments-stripe.reconcile`: performs a queued run (`runId`, from the admin route) or, on the
 * daily schedule (03:30 UTC, after Stripe's day has settled), reconciles the previous UTC day.
 * Safe to retry: a run's items are replaced.
 */
export const reconcile = defineJob({
  payload: Type.Object({ runId: Type.Optional(Type.String({ format: 'uuid' })) }, { additionalProperties: false }),
  attempts: 5,
  backoffMs: 30_000,
  schedule: { cron: '30 3 * * *', payload: {} },
  handler: async (ctx, { runId }, job) => {
    const { paymentsStripeReconciliation: reconciliation, paymentsStripeClient: client } = job.services
    if (runId == null && !client.configured) return { skipped: 'no secret key' }
    const run = runId != null ? await reconciliation.perform(ctx, runId) : await reconciliation.reconcilePreviousDay(ctx)
    return { runId: run.id, matched: run.matchedCount, mismatches: run.mismatchCount }
  },
})
