import { definePlugin, Type } from '@comptoir/core'
import type { PaymentProvider } from '@comptoir/plugin-orders'
import { PaymentsStripeConfig } from './config.js'
import { paymentsStripeEvents } from './events.js'
import { deleteStripeCustomers } from './jobs/delete-stripe-customers.js'
import { reconcile } from './jobs/reconcile.js'
import { paymentsStripePersonalData } from './personal-data.js'
import { adminRoutes } from './routes/admin.js'
import { hooksRoutes } from './routes/hooks.js'
import { storeRoutes } from './routes/store.js'
import { createStripeClientService, type StripeClientService } from './services/client.js'
import { createIntentStatesService, type IntentStatesService } from './services/intent-states.js'
import { createLedgerService, type LedgerService } from './services/ledger.js'
import { createStripeProvider } from './services/provider.js'
import { createReconciliationService, type ReconciliationService } from './services/reconciliation.js'
import { createWalletService, type WalletService } from './services/wallet.js'
import { createWebhooksService, type WebhooksService } from './services/webhooks.js'
import { applyWebhookEvent } from './subscribers/apply-webhook-event.js'

export default definePlugin({
  name: 'payments-stripe',
  version: '0.1.0',
  core: '^0.1.0',
  dependsOn: { orders: '^0.1.0' },
  config: PaymentsStripeConfig,
  services: {
    paymentsStripe: createStripeProvider,
    paymentsStripeClient: createStripeClientService,
    paymentsStripeLedger: createLedgerService,
    paymentsStripeIntents: createIntentStatesService,
    paymentsStripeWallet: createWalletService,
    paymentsStripeWebhooks: createWebhooksService,
    paymentsStripeReconciliation: createReconciliationService,
  },
  routes: { admin: adminRoutes, store: storeRoutes, hooks: hooksRoutes },
  migrations: new URL('./migrations/', import.meta.url),
  events: paymentsStripeEvents,
  // Setting names are camelCase: the key is `payments-stripe.captureMethod`.
  settings: {
    captureMethod: Type.Union([Type.Literal('manual'), Type.Literal('automatic')], {
      default: 'manual',
      description: 'manual: authorize at checkout, capture at fulfilment; automatic: capture at checkout',
    }),
  },
  jobs: {
    'payments-stripe.reconcile': reconcile,
    'payments-stripe.delete-stripe-customers': deleteStripeCustomers,
  },
  subscribers: {
    'payments-stripe.webhook-event.received': applyWebhookEvent,
  },
  permissions: ['payments-stripe:read', 'payments-stripe:write'],
  personalData: paymentsStripePersonalData,
  onBoot (services, scope) {
    services.ordersPaymentProviders.register(services.paymentsStripe)
    if (!services.paymentsStripeClient.configured) scope.log.warn('payments-stripe: no secret key (option secretKey or STRIPE_SECRET_KEY); card payments will fail with PAYMENTS_STRIPE_NOT_CONFIGURED')
  },
})

export { PaymentsStripeConfig } from './config.js'
export { paymentsStripeEvents, type PaymentsStripeEventName } from './events.js'
export * from './errors.js'
export { LedgerEntry, ReconciliationRun, ReconciliationItem, SavedPaymentMethod, StripePaymentData } from './schemas.js'
export type { GatewayOutcomes } from './orders-port.js'
export type { StripeClientService, LedgerService, IntentStatesService, WalletService, WebhooksService, ReconciliationService }

declare module '@comptoir/core' {
  interface Services {
    paymentsStripe: PaymentProvider
    paymentsStripeClient: StripeClientService
    paymentsStripeLedger: LedgerService
    paymentsStripeIntents: IntentStatesService
    paymentsStripeWallet: WalletService
    paymentsStripeWebhooks: WebhooksService
    paymentsStripeReconciliation: ReconciliationService
  }
}
