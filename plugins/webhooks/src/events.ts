import { Type } from '@comptoir/core'

/** Every event webhooks emits through the outbox: name → payload schema. */
export const webhooksEvents = {
  /** An endpoint's attempts failed for longer than `disableAfterMs`: it was disabled and gets nothing until enabled again. */
  'webhooks.endpoint.disabled': Type.Object({
    endpointId: Type.String({ format: 'uuid' }),
    reason: Type.Literal('failing'),
    failingSince: Type.String({ format: 'date-time' }),
  }),
} as const

export type WebhooksEvents = typeof webhooksEvents
