import { UsageError } from './errors.js'

/** A plugin the scaffold can install: its package, the import name in comptoir.config.ts, what it needs. */
export interface PluginChoice {
  name: string
  packageName: string
  importName: string
  summary: string
  /** Plugins it cannot boot without (the manifests' `dependsOn`). */
  needs: readonly string[]
}

/** In dependency order: the config lists plugins in this order too. */
export const pluginChoices: readonly PluginChoice[] = [
  { name: 'catalog', packageName: '@comptoir/plugin-catalog', importName: 'catalog', summary: 'products, variants, prices, images, categories, search', needs: [] },
  { name: 'customers', packageName: '@comptoir/plugin-customers', importName: 'customers', summary: 'accounts, addresses, consent, GDPR export and erasure', needs: [] },
  { name: 'inventory', packageName: '@comptoir/plugin-inventory', importName: 'inventory', summary: 'stock locations, levels, reservations without oversell', needs: ['catalog'] },
  { name: 'orders', packageName: '@comptoir/plugin-orders', importName: 'orders', summary: 'carts, checkout, shipping, taxes, order lifecycle, returns', needs: ['catalog', 'customers', 'inventory'] },
  { name: 'payments-stripe', packageName: '@comptoir/plugin-payments-stripe', importName: 'paymentsStripe', summary: 'card payments through Stripe, webhooks, refunds', needs: ['orders'] },
  { name: 'crm', packageName: '@comptoir/plugin-crm', importName: 'crm', summary: 'customer timeline, tickets, segments with RFM, engagement, staff tasks', needs: ['customers', 'orders'] },
  { name: 'fraud', packageName: '@comptoir/plugin-fraud', importName: 'fraud', summary: 'risk scoring at checkout, holds, a review queue, block list, rule precision from chargebacks', needs: ['customers', 'orders'] },
  { name: 'suppliers', packageName: '@comptoir/plugin-suppliers', importName: 'suppliers', summary: 'suppliers, purchase orders received into stock, replenishment orders, carriers and rates', needs: ['catalog', 'inventory', 'orders'] },
  { name: 'analytics', packageName: '@comptoir/plugin-analytics', importName: 'analytics', summary: 'storefront events, search and campaign analytics, the sales dashboard', needs: ['catalog', 'customers', 'orders'] },
  { name: 'recommendations', packageName: '@comptoir/plugin-recommendations', importName: 'recommendations', summary: 'bought-together, similar, trending and personal picks, rebuilt by jobs, measured offline', needs: ['catalog', 'customers', 'orders'] },
  { name: 'webhooks', packageName: '@comptoir/plugin-webhooks', importName: 'webhooks', summary: 'signed, retried, replayable outbound webhooks of any store event', needs: [] },
  { name: 'admin', packageName: '@comptoir/admin', importName: 'adminDashboard', summary: 'the admin dashboard at /app, with the pages of the other plugins (always installed)', needs: [] },
]

/** Installed in every store, whatever is chosen: the dashboard merchants run the store from. */
const alwaysInstalled: readonly string[] = ['admin']

export const defaultPlugins: readonly string[] = ['catalog', 'customers', 'inventory', 'orders']

/** The chosen plugins after adding what they need, and the ones that were added. */
export interface ResolvedPlugins {
  plugins: PluginChoice[]
  added: Array<{ name: string, neededBy: string }>
}

/**
 * Parses a comma-separated plugin list. Unknown names are refused; plugins a chosen one needs
 * are added (transitively) and reported, rather than refused: the user asked for what they
 * wanted to sell with, and the store cannot boot without the dependencies anyway.
 */
export function resolvePlugins (input: string): ResolvedPlugins {
  const names = input.split(',').map((n) => n.trim().toLowerCase()).filter((n) => n !== '')
  if (names.length === 0) throw new UsageError(`No plugin given: pick at least one of ${pluginChoices.map((p) => p.name).join(', ')}.`)
  const unknown = names.filter((n) => !pluginChoices.some((p) => p.name === n))
  if (unknown.length > 0) {
    throw new UsageError(`Unknown plugin${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `'${n}'`).join(', ')}: choose from ${pluginChoices.map((p) => p.name).join(', ')}.`)
  }
  const chosen = new Set([...names, ...alwaysInstalled])
  const added: ResolvedPlugins['added'] = []
  // Walk from the most dependent plugin down, so a dependency added for one plugin brings its own.
  for (const plugin of [...pluginChoices].reverse()) {
    if (!chosen.has(plugin.name)) continue
    for (const need of plugin.needs) {
      if (chosen.has(need)) continue
      chosen.add(need)
      added.push({ name: need, neededBy: plugin.name })
    }
  }
  return { plugins: pluginChoices.filter((p) => chosen.has(p.name)), added }
}
