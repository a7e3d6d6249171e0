import type { Ctx, PluginManifest } from '@comptoir/core'
import { applyMovements, type Movement } from './movements.js'

type SeedApp = Parameters<NonNullable<PluginManifest['seed']>>[1]

/** Demo stock quantities: varied, deterministic, a few low or out so every status shows. */
function quantities (index: number): { paris: number, lyon: number } {
  const paris = index % 11 === 5 ? 0 : index % 7 === 3 ? 3 : 20 + (index * 13) % 60
  return { paris, lyon: index % 5 === 0 ? 0 : (index * 7) % 25 }
}

/**
 * Two shipping warehouses (Paris priority 10, Lyon priority 5) and stock for every catalog variant
 * (the catalog seed runs first). Stock arrives as `received` movements, so the ledger adds up.
 */
export async function seedInventory (ctx: Ctx, app: SeedApp): Promise<void> {
  const { catalog, events, inventoryLocations, inventoryItems } = app.services
  const existing = await ctx.db('inventory_locations').select('id', 'name') as Array<{ id: string, name: string }>
  const locationId = async (name: string, priority: number): Promise<string> =>
    existing.find((l) => l.name === name)?.id ?? (await inventoryLocations.create(ctx, {
      name, priority, ships: true, address: { city: name.split(' ')[0] as string, countryCode: 'FR' },
    })).id
  const paris = await locationId('Paris warehouse', 10)
  const lyon = await locationId('Lyon warehouse', 5)
  let index = 0
  let cursor: string | undefined
  do {
    const page = await catalog.list(ctx, { limit: 100, ...(cursor != null ? { cursor } : {}) })
    const movements: Movement[] = []
    for (const summary of page.items) {
      const product = await catalog.get(ctx, summary.id)
      for (const variant of product.variants) {
        const item = await inventoryItems.ensure(ctx, variant.id)
        const q = quantities(index++)
        for (const [location, units] of [[paris, q.paris], [lyon, q.lyon]] as const) {
          const [level] = await ctx.db.raw(`insert into inventory_levels (item_id, location_id, variant_id, allow_backorder, low_stock_threshold)
            values (?, ?, ?, ?, ?) on conflict (item_id, location_id) do nothing returning id`,
          [item.id, location, variant.id, item.allow_backorder, item.low_stock_threshold]).then((r: { rows: Array<{ id: string }> }) => r.rows)
          if (level != null && units > 0) movements.push({ levelId: level.id, kind: 'received', onHandDelta: units, reason: 'demo seed' })
        }
      }
    }
    await applyMovements(ctx, events, movements)
    cursor = page.nextCursor ?? undefined
  } while (cursor != null)
}
