import { inTransaction, keysetPage, type Cradle, type Ctx, type PageOf, type PluginScope } from '@comptoir/core'
import type { InventoryConfig } from '../config.js'
import { iso } from '../rows.js'
import type { ReplenishmentQuery, ReplenishmentSuggestion } from '../schemas/index.js'

const dayMs = 86_400_000

/** Simple exponential smoothing of a daily series: s = a·x + (1 − a)·s, seeded with the first day. */
export function smoothedDemand (series: readonly number[], alpha: number): number {
  if (series.length === 0) return 0
  let s = series[0] as number
  for (let i = 1; i < series.length; i++) s = alpha * (series[i] as number) + (1 - alpha) * s
  return s
}

export interface ReplenishmentPlan { reorderPoint: number, suggestedQuantity: number, daysOfCover: number | null }

/**
 * Reorder point = forecast × lead time + safety stock (forecast × safety days); at or below it,
 * order enough to reach the reorder point plus `coverDays` of forecast demand.
 */
export function planReplenishment (forecast: number, available: number, incoming: number, leadTimeDays: number, safetyDays: number, coverDays: number): ReplenishmentPlan {
  const reorderPoint = Math.ceil(forecast * (leadTimeDays + safetyDays))
  const position = available + incoming
  const suggestedQuantity = forecast > 0 && position <= reorderPoint ? Math.max(0, Math.ceil(reorderPoint + forecast * coverDays - position)) : 0
  return { reorderPoint, suggestedQuantity, daysOfCover: forecast > 0 ? Math.max(0, available) / forecast : null }
}

interface SuggestionRow {
  item_id: string
  variant_id: string
  sku: string | null
  daily_demand: string | number
  available: number
  incoming: number
  lead_time_days: number
  reorder_point: number
  suggested_quantity: number
  days_of_cover: string | number | null
  computed_at: Date | string
  cover_key: string | number
}

/** Replenishment (`inventoryReplenishment`): demand forecast per item from the ledger, and what to reorder. */
export function createReplenishmentService (_cradle: Cradle, { config }: PluginScope<InventoryConfig>) {
  return {
    /** Recomputes every tracked item's forecast and suggestion (the daily job); returns the item count. */
    async recompute (ctx: Ctx, now = new Date()): Promise<{ items: number, suggestions: number }> {
      const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
      const start = today - (config.forecastHistoryDays - 1) * dayMs
      const { rows: demand } = await ctx.db.raw(`
        select item_id, floor(extract(epoch from created_at) * 1000 / ?)::bigint as day, sum(-on_hand_delta)::int as units
        from inventory_movements where kind = 'fulfilled' and created_at >= ? and created_at < ?
        group by 1, 2`, [dayMs, new Date(start), new Date(today + dayMs)]) as { rows: Array<{ item_id: string, day: string | number, units: number }> }
      const { rows: items } = await ctx.db.raw(`
        select i.id, i.variant_id, i.lead_time_days, i.created_at,
          coalesce(sum(l.on_hand - l.reserved) filter (where loc.active), 0)::int as available,
          coalesce(sum(l.incoming), 0)::int as incoming
        from inventory_items i
        left join inventory_levels l on l.item_id = i.id
        left join inventory_locations loc on loc.id = l.location_id
        where i.track group by i.id`) as { rows: Array<{ id: string, variant_id: string, lead_time_days: number | null, created_at: Date | string, available: number, incoming: number }> }
      const byItem = new Map<string, Map<number, number>>()
      for (const d of demand) {
        const days = byItem.get(d.item_id) ?? new Map<number, number>()
        days.set(Number(d.day), d.units)
        byItem.set(d.item_id, days)
      }
      const rows = items.map((item) => {
        const created = new Date(item.created_at).getTime()
        const first = Math.max(start, Math.floor(created / dayMs) * dayMs)
        const days = byItem.get(item.id)
        const series: number[] = []
        for (let day = first; day <= today; day += dayMs) series.push(days?.get(day / dayMs) ?? 0)
        const forecast = smoothedDemand(series, config.smoothingAlpha)
        const lead = item.lead_time_days ?? config.defaultLeadTimeDays
        const plan = planReplenishment(forecast, item.available, item.incoming, lead, config.safetyStockDays, config.orderCoverDays)
        return {
          item_id: item.id, variant_id: item.variant_id, daily_demand: forecast.toFixed(4), available: item.available, incoming: item.incoming,
          lead_time_days: lead, reorder_point: plan.reorderPoint, suggested_quantity: plan.suggestedQuantity,
          days_of_cover: plan.daysOfCover == null ? null : Math.min(plan.daysOfCover, 999_999_999).toFixed(2), computed_at: now,
        }
      })
      await inTransaction(ctx, async (tx) => {
        await tx.db('inventory_replenishment').delete()
        for (let i = 0; i < rows.length; i += 500) await tx.db('inventory_replenishment').insert(rows.slice(i, i + 500))
      })
      return { items: rows.length, suggestions: rows.filter((r) => r.suggested_quantity > 0).length }
    },

    /** Items to reorder, most urgent (fewest days of cover) first. */
    async suggestions (ctx: Ctx, query: ReplenishmentQuery): Promise<PageOf<ReplenishmentSuggestion>> {
      const inner = ctx.db('inventory_replenishment as r').join('inventory_items as i', 'i.id', 'r.item_id')
        .select('r.*', 'i.sku', ctx.db.raw('coalesce(r.days_of_cover, 1000000000)::numeric as cover_key'))
        .where('r.suggested_quantity', '>', 0)
      const result = await keysetPage<SuggestionRow>(ctx.db.queryBuilder().select('*').from(inner.as('s')), query,
        { list: 'inventory.replenishment', columns: ['cover_key', 'item_id'], keyOf: (r) => [String(r.cover_key), r.item_id] })
      return {
        items: result.items.map((r) => ({
          itemId: r.item_id, variantId: r.variant_id, sku: r.sku, dailyDemand: Number(r.daily_demand), available: r.available,
          incoming: r.incoming, leadTimeDays: r.lead_time_days, reorderPoint: r.reorder_point, suggestedQuantity: r.suggested_quantity,
          daysOfCover: r.days_of_cover == null ? null : Number(r.days_of_cover), computedAt: iso(r.computed_at),
        })),
        nextCursor: result.nextCursor,
      }
    },
  }
}

export type ReplenishmentService = ReturnType<typeof createReplenishmentService>
