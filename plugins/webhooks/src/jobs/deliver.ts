import { Type, type JobDefinition } from '@comptoir/core'

const DeliverPayload = Type.Object({
  deliveryId: Type.String({ format: 'uuid' }),
  /** Attempts made before this one. */
  attempt: Type.Integer({ minimum: 0, maximum: 1000 }),
})

/**
 * `webhooks.deliver`: one attempt of one delivery. Retries of the receiver's failures are new jobs
 * (their delay follows the webhook backoff and Retry-After); the job layer's own retries only
 * cover the store's failures (database, a lock left by a crashed worker).
 */
export const deliver: JobDefinition<typeof DeliverPayload> = {
  payload: DeliverPayload,
  attempts: 12,
  backoffMs: 1000,
  handler: async (ctx, { deliveryId, attempt }, job) => {
    await job.services.webhooksSender.attempt(ctx, deliveryId, attempt)
  },
}
