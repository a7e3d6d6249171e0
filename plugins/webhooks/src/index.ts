import { definePlugin } from '@comptoir/core'
import { webhooksAdmin } from './admin.js'
import { WebhooksConfig } from './config.js'
import { webhooksEvents } from './events.js'
import { deliver } from './jobs/deliver.js'
import { purgeDeliveries } from './jobs/purge-deliveries.js'
import { resumeDeliveries } from './jobs/resume-deliveries.js'
import { webhooksPersonalData } from './personal-data.js'
import { adminRoutes } from './routes/admin.js'
import { seedWebhooks } from './seed.js'
import { createDeliveryService, type DeliveryService } from './services/deliveries.js'
import { createEndpointService, type EndpointService } from './services/endpoints.js'
import { createSenderService, type SenderService } from './services/sender.js'
import { fanOutEvent } from './subscribers/fan-out-event.js'

export default definePlugin({
  name: 'webhooks',
  version: '0.1.0',
  core: '^0.1.0',
  config: WebhooksConfig,
  services: {
    webhooks: createEndpointService,
    webhooksDeliveries: createDeliveryService,
    webhooksSender: createSenderService,
  },
  routes: { admin: adminRoutes },
  migrations: new URL('./migrations/', import.meta.url),
  events: webhooksEvents,
  jobs: {
    'webhooks.deliver': deliver,
    'webhooks.purge-deliveries': purgeDeliveries,
    'webhooks.resume-deliveries': resumeDeliveries,
  },
  // Every declared event, in the outbox's delivery path: committed events only, at least once.
  subscribers: { '*': fanOutEvent },
  permissions: ['webhooks:read', 'webhooks:write'],
  personalData: webhooksPersonalData,
  seed: seedWebhooks,
  admin: webhooksAdmin,
})

export { WebhooksConfig } from './config.js'
export { webhooksEvents, type WebhooksEvents } from './events.js'
export * from './errors.js'
export { WebhookEndpoint, WebhookEndpointWithSecret, WebhookDelivery, WebhookDeliveryDetail, WebhookAttempt, type WebhookBody } from './schemas.js'
export { verifyWebhook, signPayload, signatureHeader, webhookHeaders, type VerifyWebhookInput } from './verify.js'
export type { EndpointService, DeliveryService, SenderService }

declare module '@comptoir/core' {
  interface Services {
    webhooks: EndpointService
    webhooksDeliveries: DeliveryService
    webhooksSender: SenderService
  }
}
