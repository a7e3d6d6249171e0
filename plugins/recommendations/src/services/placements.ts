import { inTransaction, type Cradle, type Ctx } from '@comptoir/core'
import { PlacementConflictError } from '../errors.js'
import type { Placement, PlacementInput, PlacementPage } from '../schemas.js'

interface RuleRow { placement: string, product_id: string, rule: 'pin' | 'exclude', position: number | null, created_at: Date | string }

function toPlacements (rows: RuleRow[]): Placement[] {
  const byKey = new Map<string, Placement & { pinAt: Map<string, number> }>()
  for (const r of rows) {
    let p = byKey.get(r.placement)
    if (p == null) { p = { id: r.placement, placement: r.placement, pins: [], exclusions: [], updatedAt: null, pinAt: new Map() }; byKey.set(r.placement, p) }
    if (r.rule === 'pin') { p.pins.push(r.product_id); p.pinAt.set(r.product_id, r.position ?? 0) } else p.exclusions.push(r.product_id)
    const at = new Date(r.created_at).toISOString()
    if (p.updatedAt == null || at > p.updatedAt) p.updatedAt = at
  }
  return [...byKey.values()].map(({ pinAt, ...p }) => ({ ...p, pins: p.pins.sort((a, b) => pinAt.get(a)! - pinAt.get(b)!), exclusions: p.exclusions.sort() }))
}

/** Merchant rules per placement (a storefront slot): pinned products first, in order; excluded ones never, there. */
export function createPlacementService (_cradle: Cradle) {
  async function get (ctx: Ctx, placement: string): Promise<Placement> {
    const rows = await ctx.db('recommendations_placement_rules').where({ placement }).select('placement', 'product_id', 'rule', 'position', 'created_at') as RuleRow[]
    return toPlacements(rows)[0] ?? { id: placement, placement, pins: [], exclusions: [], updatedAt: null }
  }

  return {
    /** One placement's rules (empty lists for a placement never set: storefronts may name it first). */
    get,

    /**
     * Replaces a placement's pins (in order) and exclusions, in one transaction; concurrent
     * replacements of one placement take turns. Empty lists clear it.
     */
    async replace (ctx: Ctx, placement: string, input: PlacementInput): Promise<Placement> {
      const pins = input.pins ?? []
      const exclusions = input.exclusions ?? []
      const both = pins.filter((id) => exclusions.includes(id))
      if (both.length > 0) throw new PlacementConflictError(placement, both)
      return await inTransaction(ctx, async (tx) => {
        await tx.db.raw("select pg_advisory_xact_lock(hashtext('recommendations.placement:' || ?))", [placement])
        await tx.db('recommendations_placement_rules').where({ placement }).delete()
        const rows = [
          ...pins.map((productId, position) => ({ placement, product_id: productId, rule: 'pin', position })),
          ...exclusions.map((productId) => ({ placement, product_id: productId, rule: 'exclude', position: null })),
        ]
        if (rows.length > 0) await tx.db('recommendations_placement_rules').insert(rows)
        return await get(tx, placement)
      })
    },

    /** Placements with rules, in key order, a page at a time (the cursor is the last key). */
    async list (ctx: Ctx, query: { limit?: number, cursor?: string }): Promise<PlacementPage> {
      const limit = query.limit ?? 50
      const keys = ctx.db('recommendations_placement_rules').distinct('placement').orderBy('placement').limit(limit + 1)
      if (query.cursor != null) void keys.where('placement', '>', query.cursor)
      const page = (await keys as Array<{ placement: string }>).map((r) => r.placement)
      const shown = page.slice(0, limit)
      const rows = shown.length === 0 ? [] : await ctx.db('recommendations_placement_rules').whereIn('placement', shown)
        .select('placement', 'product_id', 'rule', 'position', 'created_at') as RuleRow[]
      const byKey = new Map(toPlacements(rows).map((p) => [p.placement, p]))
      const items = shown.map((key) => byKey.get(key)!)
      return { items, nextCursor: page.length > limit ? shown[shown.length - 1]! : null }
    },
  }
}

export type PlacementService = ReturnType<typeof createPlacementService>
