import { Type, type JobDefinition } from '@comptoir/core'
import { servicesOf } from '../kernel-bridge.js'

const Payload = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }) }, { additionalProperties: false })

/** Daily retention: erases accounts disabled for longer than `disabledRetentionSeconds`. */
export const eraseExpiredDisabled: JobDefinition<typeof Payload> = {
  payload: Payload,
  schedule: { cron: '30 3 * * *', payload: { limit: 100 } },
  handler: async (ctx, payload, job) => {
    const erased = await servicesOf(ctx, job).customersPrivacy.eraseExpiredDisabled(ctx, payload.limit)
    return { erased }
  },
}
