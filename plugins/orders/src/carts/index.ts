/**
 * The carts and pricing half of the orders plugin, as the manifest (src/index.ts) composes it:
 * services, route surfaces, events, settings, jobs, seed and personal data.
 */
import type { ServiceDeclaration } from '@comptoir/core'
import type {} from '@comptoir/plugin-catalog'
import type { OrdersConfig } from '../config.js'
import { createPromotionService, type PromotionService } from '../pricing/promotions.js'
import { createShippingService, type ShippingService } from '../pricing/shipping.js'
import { createShippingProviderRegistry, type ShippingProviderRegistry } from '../pricing/shipping-providers.js'
import { createTaxService, type TaxService } from '../pricing/tax.js'
import { createCartService, type CartService } from './service.js'

/** Container entries: `ordersCarts`, `ordersShipping` (+ its `ordersShippingProviders` extension point), `ordersTax`, `ordersPromotions`. */
export const cartServices: Record<string, ServiceDeclaration<OrdersConfig>> = {
  ordersCarts: createCartService as ServiceDeclaration<OrdersConfig>,
  ordersShipping: createShippingService,
  ordersShippingProviders: createShippingProviderRegistry,
  ordersTax: createTaxService,
  ordersPromotions: createPromotionService,
}

export { cartStoreRoutes } from '../routes/store-carts.js'
export { cartAdminRoutes } from '../routes/admin-pricing.js'
export { cartEvents } from './events.js'
export { cartSettings } from './settings.js'
export { cartJobs } from './jobs.js'
export { cartPersonalData } from './personal-data.js'
export { cartAccessOf } from './access.js'
export { seedPricing } from '../seed/pricing.js'
export * from './errors.js'
export * from '../pricing/errors.js'
export { computeTotals, taxOf, shippingAmountOf, type Totals, type TotalsInput, type PricedLine, type PromotionRule, type ShippingRate } from '../pricing/totals.js'
export { allocateByLargestRemainder, mulDivHalfUp } from '../pricing/rounding.js'
export { Cart, CartAddress, CartLine, CartTokenHeader, CreatedCart, type CartAccess, type CheckoutCart, type CheckoutLine } from './schemas.js'
export { Promotion, ShippingOption, ShippingZone, TaxRate } from '../pricing/schemas.js'
export type { CartService, ShippingService, TaxService, PromotionService, ShippingProviderRegistry }
export type { ShippingOptionProvider, ShippingOptionQuery } from '../pricing/shipping-providers.js'

declare module '@comptoir/core' {
  interface Services {
    ordersCarts: CartService
    ordersShipping: ShippingService
    ordersShippingProviders: ShippingProviderRegistry
    ordersTax: TaxService
    ordersPromotions: PromotionService
  }
}
