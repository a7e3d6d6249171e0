import type { Cradle, Ctx } from '@comptoir/core'
import type { CustomersEventName, CustomersEventPayload } from '../events.js'
import { optionalService, type EventsPort } from '../kernel-bridge.js'

/** Emits this plugin's events through the kernel's outbox, in the caller's transaction. */
export interface CustomersEmitter {
  emit: <N extends CustomersEventName>(ctx: Ctx, name: N, payload: CustomersEventPayload<N>) => Promise<void>
  /** False while the running kernel has no `events` facility (events are then dropped, logged at debug). */
  readonly available: () => boolean
}

export function createEmitter (cradle: Cradle): CustomersEmitter {
  const events = (): EventsPort | null => optionalService<EventsPort>(cradle, 'events')
  return {
    async emit (ctx, name, payload) {
      const port = events()
      if (port == null) {
        ctx.log.debug({ event: name }, 'customers: no kernel events facility; event not emitted')
        return
      }
      await port.emit(ctx, name, payload)
    },
    available: () => events() != null,
  }
}
