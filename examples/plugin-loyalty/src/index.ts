import { definePlugin } from '@comptoir/core'
import { loyaltyCheckoutExtension } from './checkout.js'
import { LoyaltyConfig } from './config.js'
import { loyaltyEvents } from './events.js'
import { loyaltyPersonalData } from './personal-data.js'
import { adminRoutes } from './routes/admin.js'
import { storeRoutes } from './routes/store.js'
import { createLoyaltyService, type LoyaltyService } from './services/points.js'
import { earnPointsOnDelivery } from './subscribers/earn-points-on-delivery.js'
import { restorePointsOnCancel } from './subscribers/restore-points-on-cancel.js'
import { reversePointsOnRefund } from './subscribers/reverse-points-on-refund.js'

/** Loyalty points: earned on delivered orders, taken back on refunds, spent at checkout. */
export default definePlugin({
  name: 'loyalty',
  version: '0.1.0',
  core: '^0.1.0',
  dependsOn: { customers: '^0.1.0', orders: '^0.1.0' },
  config: LoyaltyConfig,
  services: { loyalty: createLoyaltyService },
  routes: { store: storeRoutes, admin: adminRoutes },
  migrations: new URL('./migrations/', import.meta.url),
  events: loyaltyEvents,
  subscribers: {
    'orders.order.delivered': earnPointsOnDelivery,
    'orders.payment.refunded': reversePointsOnRefund,
    'orders.order.cancelled': restorePointsOnCancel,
  },
  permissions: ['loyalty:read', 'loyalty:write'],
  personalData: loyaltyPersonalData,
  onBoot (services, { config }) {
    services.ordersCheckoutExtensions.register(loyaltyCheckoutExtension(services, config))
  },
})

export { LoyaltyConfig } from './config.js'
export { LoyaltyInsufficientPointsError, loyaltyRefusalCodes } from './errors.js'
export { loyaltyEvents } from './events.js'
export { AdjustmentInput, LedgerEntry, LedgerPage, LoyaltyAccount, RedeemInput } from './schemas.js'
export type { LoyaltyService, PointsChange } from './services/points.js'

declare module '@comptoir/core' {
  interface Services {
    loyalty: LoyaltyService
  }
}
