import { Type, type Static } from '@comptoir/core'
import { ModelName } from './schemas.js'

/** Every event recommendations emits through the outbox: name → payload. */
export const recommendationsEvents = {
  /** A model was rebuilt: its new row count and how long the build took. */
  'recommendations.model.rebuilt': Type.Object({
    model: ModelName,
    rows: Type.Integer({ minimum: 0 }),
    durationMs: Type.Integer({ minimum: 0 }),
  }),
} as const

export type RecommendationsEvents = typeof recommendationsEvents
export type RecommendationsEventName = keyof RecommendationsEvents
/** The payload of a recommendations event, for subscribers in other plugins (`import type`). */
export type RecommendationsEventPayload<N extends RecommendationsEventName> = Static<RecommendationsEvents[N]>
