import type { Ctx, PluginManifest } from '@comptoir/core'
import { analyzeInventory } from './analyze.js'
import { applyMovements, type Movement } from './movements.js'

type SeedApp = Parameters<NonNullable<PluginManifest['seed']>>[1]

/** Variants stocked per round trip set (items, levels and ledger: one statement each). */
const pageSize = 2000

/** Demo stock quantities: varied, deterministic, a few low or out so every status shows. */
function quantities (index: number): { paris: number, lyon: number } {
  const paris = index % 11 === 5 ? 0 : index % 7 === 3 ? 3 : 20 + (index * 13) % 60
  return { paris, lyon: index % 5 === 0 ? 0 : (index * 7) % 25 }
}

/**
 * Two shipping warehouses (Paris priority 10, Lyon priority 5) and stock for every catalog variant
 * (the catalog seed runs first), set-wise: a page of variants gets its items, its levels and its
 * `received` movements in one statement each, so the ledger adds up. Levels start with the
 * low/out flags of their opening stock: a new level is not a crossing, so no per-level events.
 */
export async function seedInventory (ctx: Ctx, app: SeedApp): Promise<void> {
  const { catalogVariants, events, inventoryLocations, inventoryItems } = app.services
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
    const planned: Array<{ itemId: string, variantId: string, locationId: string, backorder: boolean, threshold: number, units: number }> = []
    for (const variant of variants) {
      const item = items.get(variant.id)
      const q = quantities(index++)
      if (item == null) continue
      for (const [location, units] of [[paris, q.paris], [lyon, q.lyon]] as const) {
        planned.push({ itemId: item.id, variantId: variant.id, locationId: location, backorder: item.allow_backorder, threshold: item.low_stock_threshold, units })
      }
    }
    // Levels that exist already (a second seed) are left as they are, as their stock.
    const { rows } = await ctx.db.raw(`insert into inventory_levels (item_id, location_id, variant_id, allow_backorder, low_stock_threshold, is_low, is_out)
      select v.item_id, v.location_id, v.variant_id, v.backorder, v.threshold, v.units <= v.threshold, v.units <= 0
      from unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::boolean[], ?::int[], ?::int[]) as v(item_id, location_id, variant_id, backorder, threshold, units)
      on conflict (item_id, location_id) do nothing returning id, item_id, location_id`,
    [planned.map((p) => p.itemId), planned.map((p) => p.locationId), planned.map((p) => p.variantId), planned.map((p) => p.backorder),
      planned.map((p) => p.threshold), planned.map((p) => p.units)]) as { rows: Array<{ id: string, item_id: string, location_id: string }> }
    const units = new Map(planned.map((p) => [`${p.itemId}/${p.locationId}`, p.units]))
    const movements: Movement[] = []
    for (const level of rows) {
      const n = units.get(`${level.item_id}/${level.location_id}`) ?? 0
      if (n > 0) movements.push({ levelId: level.id, kind: 'received', onHandDelta: n, reason: 'demo seed' })
    }
    await applyMovements(ctx, events, movements)
  }
  await analyzeInventory(ctx.db)
}
