import { inTransaction, type Cradle, type Ctx, type PluginScope } from '@comptoir/core'
import type { InventoryConfig } from '../config.js'
import type { InventoryService, StockStatus, VariantAvailability } from '../types.js'
import { endReservations, fulfilStock, releaseStock, restockStock } from './consume.js'
import { reserveStock } from './reserve.js'
import { reservationColumns, type ReservationRow } from '../rows.js'

/** The status a variant shows for its available units. */
export function statusOf (available: number, threshold: number, allowBackorder: boolean): StockStatus {
  if (available <= 0) return allowBackorder ? 'backorder' : 'out_of_stock'
  return available <= threshold ? 'low_stock' : 'in_stock'
}

/** The `inventory` service: reservations, fulfilment, restock and availability (see InventoryService). */
export function createInventoryService ({ events, inventoryAllocation }: Cradle, { config }: PluginScope<InventoryConfig>): InventoryService & {
  releaseExpired: (ctx: Ctx, limit?: number) => Promise<{ reservations: number, units: number }>
} {
  async function defaultLocationId (ctx: Ctx): Promise<string | null> {
    const row = await ctx.db('inventory_locations').select('id').where({ active: true, ships: true })
      .orderBy([{ column: 'priority', order: 'desc' }, { column: 'created_at' }, { column: 'id' }]).first() as { id: string } | undefined
    return row?.id ?? null
  }

  return {
    async reserve (ctx, input) {
      return await inTransaction(ctx, async (tx) => ({
        reservations: await reserveStock(tx, events, inventoryAllocation.current().strategy, config.allowSplit, input),
      }))
    },

    async release (ctx, input) {
      return await inTransaction(ctx, async (tx) => ({ released: await releaseStock(tx, events, input.ownerId, input.reference) }))
    },

    async fulfil (ctx, input) {
      return await inTransaction(ctx, async (tx) => ({
        allocations: await fulfilStock(tx, events, async () => await defaultLocationId(tx), input),
      }))
    },

    async restock (ctx, input) {
      await inTransaction(ctx, async (tx) => { await restockStock(tx, events, input) })
    },

    async availabilityOf (ctx, variantIds) {
      const result = new Map<string, VariantAvailability>()
      if (variantIds.length === 0) return result
      const { rows } = await ctx.db.raw(`
        select i.variant_id, i.track, i.allow_backorder, i.low_stock_threshold,
          coalesce(sum(l.on_hand - l.reserved) filter (where loc.active and loc.ships), 0)::int as available
        from inventory_items i
        left join inventory_levels l on l.item_id = i.id
        left join inventory_locations loc on loc.id = l.location_id
        where i.variant_id = any(?::uuid[])
        group by i.id`, [[...new Set(variantIds)]]) as {
        rows: Array<{ variant_id: string, track: boolean, allow_backorder: boolean, low_stock_threshold: number, available: number }>
      }
      const known = new Map(rows.map((r) => [r.variant_id, r]))
      for (const id of variantIds) {
        const row = known.get(id)
        if (row == null || !row.track) result.set(id, { status: 'in_stock', available: null })
        else result.set(id, { status: statusOf(row.available, row.low_stock_threshold, row.allow_backorder), available: Math.max(0, row.available) })
      }
      return result
    },

    defaultLocationId,

    /** Releases reservations past their expiry, oldest first, skipping rows another worker holds. */
    async releaseExpired (ctx, limit = 500) {
      return await inTransaction(ctx, async (tx) => {
        const rows = await tx.db('inventory_reservations').select(reservationColumns)
          .where({ status: 'active' }).andWhere('expires_at', '<=', tx.db.fn.now())
          .orderBy('id').limit(limit).forUpdate().skipLocked() as ReservationRow[]
        const units = await endReservations(tx, events, rows, 'expired')
        const owners = new Map<string, { ownerType: string, ownerId: string, units: number }>()
        for (const r of rows) {
          const key = `${r.owner_type}:${r.owner_id}`
          const o = owners.get(key) ?? { ownerType: r.owner_type, ownerId: r.owner_id, units: 0 }
          o.units += r.quantity
          owners.set(key, o)
        }
        for (const o of owners.values()) await events.emit(tx, 'inventory.reservation.expired', { ...o, reason: 'expired' })
        // Owner rows only serialise reserve() calls: forget owners idle for a day that hold nothing.
        await tx.db.raw(`
          delete from inventory_reservation_owners where (owner_type, owner_id) in (
            select o.owner_type, o.owner_id from inventory_reservation_owners o
            where o.touched_at < now() - interval '1 day' and not exists (
              select 1 from inventory_reservations r where r.owner_id = o.owner_id and r.owner_type = o.owner_type and r.status = 'active')
            limit 1000 for update skip locked)`)
        return { reservations: rows.length, units }
      })
    },
  }
}

export type InventoryStockService = ReturnType<typeof createInventoryService>
