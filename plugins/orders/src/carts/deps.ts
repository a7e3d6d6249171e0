import type { Cradle, Ctx, EventsService, SettingsService } from '@comptoir/core'
import type { PurchasableVariant } from '@comptoir/plugin-catalog'
import type { OrdersConfig } from '../config.js'
import type { ShippingService } from '../pricing/shipping.js'
import type { TaxService } from '../pricing/tax.js'

/** What the cart service reaches in the container, gathered once (PROXY cradle: resolved lazily). */
export interface CartDeps {
  catalogVariants: { forPurchase: (ctx: Ctx, variantIds: readonly string[], currency: string) => Promise<Map<string, PurchasableVariant>> }
  settings: SettingsService
  events: EventsService
  tax: TaxService
  shipping: ShippingService
  config: OrdersConfig
  /** The signed-in customer's email, to prefill a customer cart; null without the customers plugin. */
  customerEmail: (ctx: Ctx, customerId: string) => Promise<string | null>
}

export function cartDepsOf (cradle: Cradle, config: OrdersConfig): CartDeps {
  const services = cradle as unknown as Record<string, unknown>
  return {
    get catalogVariants () { return services.catalogVariants as CartDeps['catalogVariants'] },
    get settings () { return cradle.settings },
    get events () { return cradle.events },
    get tax () { return services.ordersTax as TaxService },
    get shipping () { return services.ordersShipping as ShippingService },
    config,
    async customerEmail (ctx, customerId) {
      let customers: { get: (ctx: Ctx, id: string) => Promise<{ email: string }> } | undefined
      try { customers = services.customers as typeof customers } catch { return null } // not installed: strict container throws
      if (customers == null) return null
      try { return (await customers.get(ctx, customerId)).email } catch { return null }
    },
  }
}
