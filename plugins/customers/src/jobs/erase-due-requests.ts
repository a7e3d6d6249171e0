import { Type, type JobDefinition } from '@comptoir/core'
import { servicesOf } from '../kernel-bridge.js'

const Payload = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }) }, { additionalProperties: false })

/** Every 15 minutes: erases the customers whose erasure request is due. Safe to retry (erasure is idempotent). */
export const eraseDueRequests: JobDefinition<typeof Payload> = {
  payload: Payload,
  schedule: { cron: '*/15 * * * *', payload: { limit: 100 } },
  handler: async (ctx, payload, job) => {
    const erased = await servicesOf(ctx, job).customersPrivacy.eraseDue(ctx, payload.limit)
    return { erased }
  },
}
