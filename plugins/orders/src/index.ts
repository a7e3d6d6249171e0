import { definePlugin, Type, type Ctx } from '@comptoir/core'
import type {} from '@comptoir/plugin-catalog'
import type {} from '@comptoir/plugin-customers'
import type {} from '@comptoir/plugin-inventory'
import { cartEvents, cartJobs, cartPersonalData, cartServices, cartSettings, seedPricing } from './carts/index.js'
import { createCheckoutExtensionRegistry, type CheckoutExtensionRegistry } from './checkout/extensions.js'
import { createCheckoutService, type CheckoutService } from './checkout/service.js'
import { createHoldsService, type HoldsService } from './orders/holds.js'
import { OrdersConfig } from './config.js'
import { orderEvents } from './events.js'
import { createFulfilmentService, type FulfilmentService } from './fulfilment/service.js'
import { cancelUnpaidOrders } from './jobs/cancel-unpaid-orders.js'
import { createOrdersService, type OrdersService } from './orders/service.js'
import { createManualProvider } from './payments/manual.js'
import { createPaymentProviderRegistry, type PaymentProviderRegistry } from './payments/provider.js'
import { createPaymentsService, type PaymentsService } from './payments/service.js'
import { ordersPersonalData } from './personal-data.js'
import { createReturnsService, type ReturnsService } from './returns/service.js'
import { adminRoutes } from './routes/admin.js'
import { storeRoutes } from './routes/store.js'

export default definePlugin({
  name: 'orders',
  version: '0.1.0',
  core: '^0.1.0',
  dependsOn: { catalog: '^0.1.0', customers: '^0.1.0', inventory: '^0.1.0' },
  config: OrdersConfig,
  services: {
    ...cartServices,
    orders: createOrdersService,
    ordersCheckout: createCheckoutService,
    ordersCheckoutExtensions: createCheckoutExtensionRegistry,
    ordersHolds: createHoldsService,
    ordersPayments: createPaymentsService,
    ordersPaymentProviders: createPaymentProviderRegistry,
    ordersFulfilments: createFulfilmentService,
    ordersReturns: createReturnsService,
  },
  routes: { store: storeRoutes, admin: adminRoutes },
  migrations: new URL('./migrations/', import.meta.url),
  events: { ...cartEvents, ...orderEvents },
  jobs: {
    ...cartJobs,
    'orders.cancel-unpaid-orders': cancelUnpaidOrders,
  },
  // Setting names are camelCase (key `orders.<name>`).
  settings: {
    ...cartSettings,
    /** Capture authorized gateway payments when the first fulfilment is created (never for manual providers). */
    captureAtFulfilment: Type.Boolean({ default: true }),
  },
  permissions: ['orders:read', 'orders:write', 'orders:release-hold'],
  personalData: {
    async export (ctx: Ctx, customerId: string) {
      return { carts: await cartPersonalData.export(ctx, customerId), orders: await ordersPersonalData.export(ctx, customerId) }
    },
    async erase (ctx: Ctx, customerId: string, pseudonym: string) {
      await cartPersonalData.erase(ctx, customerId, pseudonym)
      await ordersPersonalData.erase(ctx, customerId, pseudonym)
    },
  },
  seed: async (ctx, app) => { await seedPricing(ctx, app) },
  onBoot (services, scope) {
    if (scope.config.manualProvider) services.ordersPaymentProviders.register(createManualProvider())
  },
})

export { OrdersConfig } from './config.js'
export { orderEvents, type OrderEventName } from './events.js'
export * from './errors.js'
export * from './orders/schemas.js'
export type * from './payments/provider.js'
export type * from './checkout/extensions.js'
export type { ShippingOptionProvider, ShippingOptionQuery, ShippingProviderRegistry } from './pricing/shipping-providers.js'
export type { ShippingOption } from './pricing/schemas.js'
export type { GatewayUpdateInput, GatewayRefundInput, DisputeInput, ReportResult } from './payments/gateway-reports.js'
export type { PaymentProviderRegistry, CheckoutExtensionRegistry, HoldsService, OrdersService, CheckoutService, PaymentsService, FulfilmentService, ReturnsService }

declare module '@comptoir/core' {
  interface Services {
    orders: OrdersService
    ordersCheckout: CheckoutService
    ordersCheckoutExtensions: CheckoutExtensionRegistry
    ordersHolds: HoldsService
    ordersPayments: PaymentsService
    ordersPaymentProviders: PaymentProviderRegistry
    ordersFulfilments: FulfilmentService
    ordersReturns: ReturnsService
  }
}
