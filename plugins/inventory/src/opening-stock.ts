import type { Ctx } from '@comptoir/core'

/** A level to create with its opening stock (the seed's `received` units). */
export interface OpeningLevel {
  itemId: string
  locationId: string
  variantId: string
  allowBackorder: boolean
  lowStockThreshold: number
  onHand: number
}

/**
 * Creates many levels with their opening stock in ONE statement: each level is inserted with its
 * on_hand and the low/out flags of that stock (a new level is not a crossing: no events), and a
 * data-modifying CTE fed by its RETURNING writes each `received` ledger row, so level and ledger
 * cannot drift apart. The only writer of on_hand besides applyMovements, for levels that do not
 * exist yet: those that do (item and location taken) are left as they are. Resolves to the count created.
 */
export async function openLevels (ctx: Ctx, levels: readonly OpeningLevel[], reason: string): Promise<number> {
  if (levels.length === 0) return 0
  const actor = ctx.actor
  const { rows } = await ctx.db.raw(`
    with lvl as (
      insert into inventory_levels (item_id, location_id, variant_id, allow_backorder, low_stock_threshold, on_hand, is_low, is_out)
      select v.item_id, v.location_id, v.variant_id, v.backorder, v.threshold, v.units, v.units <= v.threshold, v.units <= 0
      from unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::boolean[], ?::int[], ?::int[]) as v(item_id, location_id, variant_id, backorder, threshold, units)
      on conflict (item_id, location_id) do nothing
      returning id, item_id, location_id, variant_id, on_hand
    ), ledger as (
      insert into inventory_movements (level_id, item_id, location_id, variant_id, kind, on_hand_delta, reason, actor_type, actor_id)
      select id, item_id, location_id, variant_id, 'received', on_hand, ?, nullif(?, ''), nullif(?, '') from lvl where on_hand > 0
    )
    select count(*)::int as n from lvl`,
  [levels.map((l) => l.itemId), levels.map((l) => l.locationId), levels.map((l) => l.variantId), levels.map((l) => l.allowBackorder),
    levels.map((l) => l.lowStockThreshold), levels.map((l) => l.onHand), reason, actor?.type ?? '', actor?.id ?? '']) as { rows: Array<{ n: number }> }
  return rows[0]?.n ?? 0
}
