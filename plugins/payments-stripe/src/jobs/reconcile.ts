import { defineJob, Type } from '@comptoir/core'

/**
 * `payments-stripe.reconcile`: performs a queued run (`runId`, from the admin route) or, on the
 * daily schedule, reconciles the previous UTC day. Safe to retry: a run's items are replaced.
 */
export const reconcile = defineJob({
  payload: Type.Object({ runId: Type.Optional(Type.String({ format: 'uuid' })) }, { additionalProperties: false }),
  attempts: 5,
  backoffMs: 30_000,
  handler: async (ctx, { runId }, job) => {
    const { paymentsStripeReconciliation: reconciliation } = job.services
    const run = runId != null ? await reconciliation.perform(ctx, runId) : await reconciliation.reconcilePreviousDay(ctx)
    return { runId: run.id, matched: run.matchedCount, mismatches: run.mismatchCount }
  },
})
