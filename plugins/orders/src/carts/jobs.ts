import { defineJob, Type, type JobDefinition } from '@comptoir/core'

const ExpireCartsPayload = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 10000, default: 1000 }) }, { additionalProperties: false })

/** Hourly: deletes guest carts untouched for `cartTtlDays` (batches of `limit`; the next run takes the rest). */
export const expireCarts = defineJob({
  payload: ExpireCartsPayload,
  schedule: { cron: '17 * * * *', payload: { limit: 1000 } },
  handler: async (ctx, payload, job) => {
    const expired = await job.services.ordersCarts.expireGuestCarts(ctx, payload.limit)
    return { expired }
  },
})

/** The carts' jobs, merged into the orders manifest's `jobs`. */
export const cartJobs: Record<string, JobDefinition> = { 'orders.expire-carts': expireCarts as unknown as JobDefinition }
