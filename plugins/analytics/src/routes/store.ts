import { storefrontSessionId, type RoutePlugin } from '@comptoir/core'
import type { AnalyticsConfig } from '../config.js'
import { SessionRequiredError } from '../errors.js'
import { EventBatch, IngestResult } from '../schemas/events.js'

/** POST /store/events: the storefront's clickstream, in batches. */
export const storeRoutes: RoutePlugin<AnalyticsConfig> = async (app, { config }) => {
  const { analytics } = app.services
  app.post<{ Body: EventBatch }>('/events', {
    config: {
      customer: 'optional',
      // Per session rather than per IP: a shop behind one NAT (an office, a campus) is many sessions.
      rateLimit: { max: config.rateLimit.max, timeWindow: config.rateLimit.windowMs, keyGenerator: (request) => `analytics:${storefrontSessionId(request) ?? request.ip}` },
    },
    schema: {
      tags: ['analytics'], operationId: 'ingestStoreEvents',
      summary: 'Record a batch of up to 500 storefront events for one anonymous session (x-session-id header or comptoir_sid cookie)',
      description: 'Bad events are reported by index in `rejected` and the others stored; an eventId sent again is counted in `duplicates`. Purchases are never accepted from the client.',
      body: EventBatch, response: { 200: IngestResult },
    },
  }, async (request) => {
    const sessionId = storefrontSessionId(request)
    if (sessionId == null) throw new SessionRequiredError()
    const actor = request.ctx.actor
    return await analytics.ingest(request.ctx, { sessionId, customerId: actor?.type === 'customer' ? actor.id : null, ip: request.ip }, request.body)
  })
}
