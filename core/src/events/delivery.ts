import Type, { type Static } from 'typebox'
import type { JobDefinition } from '../plugins/define-plugin.js'
import { purgeDispatchedEvents } from './outbox.js'
import type { EventRegistry } from './registry.js'

/** The kernel job that delivers one event to one subscriber (in the subscriber plugin's queue). */
export const deliverEventJob = 'core.deliver-event'
/** The kernel job that deletes relayed events past their retention. */
export const purgeOutboxJob = 'core.purge-outbox'
/** Relayed events are kept this long (inspection, replay), then purged. */
export const outboxRetentionMs = 7 * 24 * 60 * 60 * 1000

/** Payload of `core.deliver-event`: the event itself (small by rule: ids and facts) and who gets it. */
export const DeliveryPayload = Type.Object({
  event: Type.Object({
    id: Type.String(),
    name: Type.String(),
    payload: Type.Unknown(),
    occurredAt: Type.String(),
  }),
  subscriber: Type.String(),
})
export type DeliveryPayload = Static<typeof DeliveryPayload>

/** Delivery attempts before a delivery is kept as failed (retryable from the admin). */
const deliveryAttempts = 10

/** `core.deliver-event`: calls the subscriber; a throw retries with backoff, at least once overall. */
export function deliveryJob (registry: EventRegistry): JobDefinition<typeof DeliveryPayload> {
  return {
    payload: DeliveryPayload,
    attempts: deliveryAttempts,
    backoffMs: 1000,
    handler: async (ctx, { event, subscriber }, job) => {
      const found = registry.subscriber(event.name, subscriber)
      if (found == null) {
        ctx.log.warn({ event: event.name, eventId: event.id, subscriber }, 'subscriber no longer installed; delivery dropped')
        return
      }
      await found.handler(ctx, event, { services: job.services })
    },
  }
}

/** `core.purge-outbox`: hourly, deletes relayed events older than the retention. */
export function purgeOutboxJobDefinition (): JobDefinition {
  return {
    schedule: { cron: '17 * * * *' },
    handler: async (ctx) => {
      const deleted = await purgeDispatchedEvents(ctx.db, outboxRetentionMs)
      if (deleted > 0) ctx.log.info({ deleted }, 'purged relayed events')
    },
  }
}
