import type { Ctx, JobsService } from '@comptoir/core'

/** The job that makes one attempt of one delivery. */
export const deliverJob = 'webhooks.deliver'

/**
 * Enqueues attempt `attempt + 1` of a delivery. The job id is stable per attempt (a second
 * enqueue of the same attempt collapses) unless `nonce` makes it new (a replay, a postponement).
 */
export async function enqueueAttempt (jobs: JobsService, ctx: Ctx, deliveryId: string, attempt: number, delayMs = 0, nonce?: string): Promise<void> {
  await jobs.enqueue(ctx, deliverJob, { deliveryId, attempt }, { delayMs: Math.max(0, Math.round(delayMs)), jobId: `${deliveryId}.${attempt}${nonce == null ? '' : `.${nonce}`}` })
}
