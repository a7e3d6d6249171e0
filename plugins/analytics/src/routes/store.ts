import type { FastifyRequest } from 'fastify'
import type { RoutePlugin } from '@comptoir/core'
import type { AnalyticsConfig } from '../config.js'
import { SessionRequiredError } from '../errors.js'
import { EventBatch, IngestResult } from '../schemas/events.js'

const sessionPattern = /^[A-Za-z0-9_-]{8,64}$/

/** The anonymous session id: the x-session-id header, else the comptoir_sid cookie; null when absent or malformed. */
export function sessionIdOf (request: FastifyRequest): string | null {
  const header = request.headers['x-session-id']
  if (typeof header === 'string') return sessionPattern.test(header) ? header : null
  const cookie = request.headers.cookie
  if (typeof cookie !== 'string') return null
  const match = /(?:^|;\s*)comptoir_sid=([^;]*)/.exec(cookie)
  return match?.[1] != null && sessionPattern.test(match[1]) ? match[1] : null
}

/** POST /store/events: the storefront's clickstream, in batches. */
export const storeRoutes: RoutePlugin<AnalyticsConfig> = async (app, { config }) => {
  const { analytics } = app.services
  app.post<{ Body: EventBatch }>('/events', {
    config: {
      customer: 'optional',
      // Per session rather than per IP: a shop behind one NAT (an office, a campus) is many sessions.
      rateLimit: { max: config.rateLimit.max, timeWindow: config.rateLimit.windowMs, keyGenerator: (request) => `analytics:${sessionIdOf(request) ?? request.ip}` },
    },
    schema: {
      tags: ['analytics'], operationId: 'ingestStoreEvents',
      summary: 'Record a batch of up to 500 storefront events for one anonymous session (x-session-id header or comptoir_sid cookie)',
      description: 'Bad events are reported by index in `rejected` and the others stored; an eventId sent again is counted in `duplicates`. Purchases are never accepted from the client.',
      body: EventBatch, response: { 200: IngestResult },
    },
  }, async (request) => {
    const sessionId = sessionIdOf(request)
    if (sessionId == null) throw new SessionRequiredError()
    const actor = request.ctx.actor
    return await analytics.ingest(request.ctx, { sessionId, customerId: actor?.type === 'customer' ? actor.id : null, ip: request.ip }, request.body)
  })
}
