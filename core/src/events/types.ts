import type { Static, TSchema } from 'typebox'
import type { SubscriberHandler } from '../plugins/define-plugin.js'

/** The payload type of event `N` in an events map (`name → TypeBox schema`), for typed subscribers. */
export type EventPayload<M extends Record<string, TSchema>, N extends keyof M> = Static<M[N]>

/** A subscriber typed for event `N` of an events map: `EventSubscriber<typeof catalogEvents, 'catalog.product.created'>`. */
export type EventSubscriber<M extends Record<string, TSchema>, N extends keyof M> = SubscriberHandler<EventPayload<M, N>>
