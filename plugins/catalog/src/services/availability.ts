import type { Ctx } from '@comptoir/core'
import type { Availability, AvailabilityStatus } from '../schemas/index.js'

/** What another plugin (inventory) answers for a set of variants; missing ids have no status. */
export type AvailabilityProvider = (ctx: Ctx, variantIds: readonly string[]) => Promise<Map<string, Availability>>

/** Best first: a product is as available as its most available variant. */
const rank: Record<AvailabilityStatus, number> = { in_stock: 0, low_stock: 1, backorder: 2, out_of_stock: 3 }

/** The product-level status of a set of variant statuses; undefined when none is known. */
export function bestStatus (statuses: ReadonlyArray<AvailabilityStatus | undefined>): AvailabilityStatus | undefined {
  let best: AvailabilityStatus | undefined
  for (const status of statuses) {
    if (status != null && (best == null || rank[status] < rank[best])) best = status
  }
  return best
}

/**
 * The availability extension point: catalog knows nothing of stock; a plugin that does
 * registers a provider (once, at boot) and storefront responses then carry stock status.
 * The provider lives in this service instance: two apps in one process share nothing.
 */
export function createAvailabilityRegistry () {
  let provider: { name: string, fn: AvailabilityProvider } | null = null
  return {
    /** Registers the provider; a second registration is a programming error naming both. */
    register (name: string, fn: AvailabilityProvider): void {
      if (provider != null && provider.name !== name) {
        throw new Error(`'${name}' cannot register a catalog availability provider: '${provider.name}' already did; only one plugin may provide availability.`)
      }
      provider = { name, fn }
    },

    /** True once a provider is registered. */
    hasProvider (): boolean {
      return provider != null
    },

    /** Availability of the variants (empty map without a provider or ids). */
    async forVariants (ctx: Ctx, variantIds: readonly string[]): Promise<Map<string, Availability>> {
      if (provider == null || variantIds.length === 0) return new Map()
      return await provider.fn(ctx, variantIds)
    },
  }
}

export type AvailabilityRegistry = ReturnType<typeof createAvailabilityRegistry>
