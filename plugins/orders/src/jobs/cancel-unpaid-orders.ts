import { Type, type JobDefinition } from '@comptoir/core'

const Payload = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }) }, { additionalProperties: false })

/**
 * Cancels orders still `pending` past `pendingPaymentTimeoutMinutes` (3-D Secure abandoned, gateway
 * silent), every 5 minutes: stock released, cart reopened, provider payment voided. Safe to retry: cancelling is
 * a conditional transition and the void call is idempotent.
 */
export const cancelUnpaidOrders: JobDefinition<typeof Payload> = {
  payload: Payload,
  schedule: { cron: '*/5 * * * *', payload: { limit: 100 } },
  handler: async (ctx, payload, job) => ({ cancelled: await job.services.orders.cancelUnpaid(ctx, payload.limit) }),
}
