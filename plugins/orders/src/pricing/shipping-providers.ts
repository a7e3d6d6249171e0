import type { Ctx } from '@comptoir/core'
import type { ShippingOption } from './schemas.js'

/** Where a cart ships and in which currency it pays. */
export interface ShippingOptionQuery {
  /** ISO 3166-1 alpha-2, upper case. */
  country: string
  /** ISO 4217, upper case. */
  currency: string
}

/**
 * The shipping option provider port: another plugin (carrier rates of `@comptoir/plugin-suppliers`)
 * offers options next to the zones and options orders stores itself. Checkout prices, selects and
 * snapshots them exactly like its own. Each option id is a UUID unique across providers and stable
 * while the option is offered (the cart stores it; an id no longer offered clears the choice).
 * Called inside the caller's transaction: database reads only, no network.
 */
export interface ShippingOptionProvider {
  /** Stable id (`suppliers`); lower-case kebab. */
  readonly id: string
  /** The provider's active options for this destination and currency, by position. */
  optionsFor: (ctx: Ctx, query: ShippingOptionQuery) => Promise<ShippingOption[]>
}

/**
 * The registry of shipping option providers, one per app (no module state). Providers register
 * from their manifest's `onBoot`: `services.ordersShippingProviders.register(provider)`.
 */
export function createShippingProviderRegistry () {
  const providers = new Map<string, ShippingOptionProvider>()
  return {
    /** Adds a provider; a second provider with the same id is a boot error. */
    register (provider: ShippingOptionProvider): void {
      if (providers.has(provider.id)) throw new Error(`a shipping option provider with id '${provider.id}' is already registered`)
      providers.set(provider.id, provider)
    },
    /** Every registered provider, in registration order. */
    list (): ShippingOptionProvider[] {
      return [...providers.values()]
    },
  }
}

export type ShippingProviderRegistry = ReturnType<typeof createShippingProviderRegistry>
