import type { Ctx } from '../context.js'
import { inTransaction } from '../db/transaction.js'
import type { LoadedPlugin } from '../kernel/parts.js'

/** What every installed plugin holds about one customer, keyed by plugin name. */
export type PersonalDataBundle = Record<string, unknown>

/**
 * GDPR across plugins: gathers every plugin's `personalData` contributor. Export collects each
 * plugin's data; erase calls every contributor in one transaction, so an erasure is all or nothing.
 */
export function createPersonalDataService (plugins: readonly LoadedPlugin[]) {
  const contributors = plugins.flatMap(({ manifest }) => manifest.personalData != null ? [{ plugin: manifest.name, ...manifest.personalData }] : [])
  return {
    /** Names of the plugins that hold personal data, in dependency order. */
    contributors: (): string[] => contributors.map((c) => c.plugin),

    /** One JSON bundle with what every contributing plugin holds about the customer. */
    async exportCustomer (ctx: Ctx, customerId: string): Promise<PersonalDataBundle> {
      const bundle: PersonalDataBundle = {}
      for (const contributor of contributors) bundle[contributor.plugin] = await contributor.export(ctx, customerId)
      return bundle
    },

    /**
     * Erases or anonymises the customer's data in every plugin, in reverse dependency order
     * (dependents first), inside one transaction. Financial records keep amounts under `pseudonym`.
     */
    async eraseCustomer (ctx: Ctx, customerId: string, pseudonym: string): Promise<string[]> {
      return await inTransaction(ctx, async (trx) => {
        for (const contributor of [...contributors].reverse()) await contributor.erase(trx, customerId, pseudonym)
        return contributors.map((c) => c.plugin)
      })
    },
  }
}

export type PersonalDataService = ReturnType<typeof createPersonalDataService>

declare module '../container.js' {
  interface Services {
    /** GDPR export and erasure across every installed plugin. */
    personalData: PersonalDataService
  }
}
