// A plugin route using every kernel route convention (docs/plugins.md) and every plugin's services.
// built-types.test.ts type-checks it against the built .d.ts, `npm run typecheck` against the
// sources: a Fastify augmentation missing from dist fails the first ("'audit' does not exist").
import type { RoutePlugin } from '@comptoir/core'
import type {} from '@comptoir/plugin-analytics'
import type {} from '@comptoir/plugin-catalog'
import type {} from '@comptoir/plugin-crm'
import type {} from '@comptoir/plugin-customers'
import type {} from '@comptoir/plugin-fraud'
import type {} from '@comptoir/plugin-inventory'
import type {} from '@comptoir/plugin-orders'
import type {} from '@comptoir/plugin-payments-stripe'
import type {} from '@comptoir/plugin-recommendations'
import type {} from '@comptoir/plugin-suppliers'
import type {} from '@comptoir/plugin-webhooks'
import type {} from '../fixtures/plugin-greetings/src/index.js'

export const probeRoutes: RoutePlugin = async (app) => {
  // Kernel and plugin services by declaration merging, including a plugin's sub-module (orders' carts).
  const { greetings, audit, catalog, customers, inventory, orders, ordersCarts, paymentsStripe, suppliers, crm, analytics, analyticsReports, webhooks, webhooksDeliveries, recommendations, recommendationsModels } = app.services
  void [audit, catalog, customers, inventory, orders, ordersCarts, paymentsStripe, suppliers, crm, analytics, analyticsReports, webhooks, webhooksDeliveries, recommendations, recommendationsModels]

  app.post('/probe/messages', {
    config: { permission: 'greetings:write', idempotent: 'required', audit: { body: false }, auth: true, rateLimit: { max: 5, timeWindow: '1 minute' } },
    schema: { tags: ['greetings'], operationId: 'probeMessages', summary: 'Probe', description: 'Route schema fields from @fastify/swagger', security: [] },
  }, async (request) => {
    const claimed = request.idempotencyClaim != null && request.authCredential != null
    return { claimed, page: await greetings.list(request.ctx, { limit: 1 }) }
  })
  app.get('/probe/hidden', { schema: { hide: true }, config: { audit: false, rateLimit: false } }, async () => ({}))
}
