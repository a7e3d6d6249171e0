import type { Ctx, PluginManifest } from '@comptoir/core'
import { analyzeInventory } from './analyze.js'
import { openLevels, type OpeningLevel } from './opening-stock.js'

type SeedApp = Parameters<NonNullable<PluginManifest['seed']>>[1]

/** Variants stocked per page (items, levels and ledger: one statement each). */
const pageSize = 5000

/** Demo stock quantities: varied, deterministic, a few low or out so every status shows. */
function quantities (index: number): { paris: number, lyon: number } {
  const paris = index % 11 === 5 ? 0 : index % 7 === 3 ? 3 : 20 + (index * 13) % 60
  return { paris, lyon: index % 5 === 0 ? 0 : (index * 7) % 25 }
}

/**
 * Two shipping warehouses (Paris priority 10, Lyon priority 5) and stock for every catalog variant
 * (the catalog seed runs first), set-wise: a page of variants gets its items in one statement, its
 * levels with their opening stock and `received` ledger rows in another (openLevels), so the
 * ledger adds up; a new level is not a crossing, so no per-level stock events.
 */
export async function seedInventory (ctx: Ctx, app: SeedApp): Promise<void> {
  const { catalogVariants, inventoryLocations, inventoryItems } = app.services
  const existing = await ctx.db('inventory_locations').select('id', 'name') as Array<{ id: string, name: string }>
  const locationId = async (name: string, priority: number): Promise<string> =>
    existing.find((l) => l.name === name)?.id ?? (await inventoryLocations.create(ctx, {
      name, priority, ships: true, address: { city: name.split(' ')[0] as string, countryCode: 'FR' },
    })).id
  const paris = await locationId('Paris warehouse', 10)
  const lyon = await locationId('Lyon warehouse', 5)
  let index = 0
  let after: string | null = null
  for (;;) {
    const variants = await catalogVariants.refsAfter(ctx, after, pageSize)
    if (variants.length === 0) break
    after = variants[variants.length - 1]?.id ?? null
    const items = new Map((await inventoryItems.ensureMany(ctx, variants.map((v) => ({ variantId: v.id, sku: v.sku })))).map((i) => [i.variant_id, i]))
    const levels: OpeningLevel[] = []
    for (const variant of variants) {
      const item = items.get(variant.id)
      const q = quantities(index++)
      if (item == null) continue
      for (const [location, units] of [[paris, q.paris], [lyon, q.lyon]] as const) {
        levels.push({ itemId: item.id, variantId: variant.id, locationId: location, allowBackorder: item.allow_backorder, lowStockThreshold: item.low_stock_threshold, onHand: units })
      }
    }
    // Levels that exist already (a second seed) are left as they are, as their stock.
    await openLevels(ctx, levels, 'demo seed')
  }
  await analyzeInventory(ctx.db)
}
