import { randomUUID } from 'node:crypto'
import type { Ctx } from '../context.js'
import { afterCommit } from '../jobs/after-commit.js'
import { insertEvent } from './outbox.js'
import type { EventRegistry } from './registry.js'

/** The kernel's `events` service. */
export interface EventsService {
  /**
   * Checks the event is declared and its payload valid, then writes it to the outbox through
   * `ctx.db`: emitted inside a transaction, it is delivered only if that transaction commits.
   * Never touches Redis, so it does not fail when Redis is down. Resolves to the event id.
   */
  emit: (ctx: Ctx, name: string, payload: unknown) => Promise<{ id: string }>
  /** Declared events (name and emitting plugin), sorted by name. */
  declared: () => Array<{ name: string, plugin: string }>
}

declare module '../container.js' {
  interface Services {
    /** The kernel's transactional event outbox. */
    events: EventsService
  }
}

/** Builds the `events` service; `onCommitted` wakes the relay once an emitting transaction commits. */
export function createEventsService (registry: EventRegistry, onCommitted: () => void): EventsService {
  return {
    async emit (ctx, name, payload) {
      const value = registry.parse(name, payload)
      const id = randomUUID()
      await insertEvent(ctx.db, { id, name, payload: value, requestId: ctx.requestId, actor: ctx.actor })
      afterCommit(ctx.db, onCommitted)
      return { id }
    },
    declared: () => registry.declared(),
  }
}
