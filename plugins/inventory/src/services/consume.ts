import type { Ctx } from '@comptoir/core'
import { InventoryNotFoundError, NotReservedError } from '../errors.js'
import { applyMovements, type EventSink, type Movement } from '../movements.js'
import { reservationColumns, type ReservationRow } from '../rows.js'
import type { FulfilStockInput, RestockInput, StockAllocation } from '../types.js'

/** Locks the levels behind a set of reservations in id order (the lock order every writer uses). */
export async function lockLevels (ctx: Ctx, levelIds: readonly string[]): Promise<void> {
  if (levelIds.length > 1) await ctx.db.raw('select id from inventory_levels where id = any(?::uuid[]) order by id for update', [[...new Set(levelIds)]])
}

/** Ends reservations (released or expired): reserved decreases, one ledger row per reservation. */
export async function endReservations (ctx: Ctx, events: EventSink, rows: readonly ReservationRow[], status: 'released' | 'expired'): Promise<number> {
  if (rows.length === 0) return 0
  await lockLevels(ctx, rows.map((r) => r.level_id))
  const movements: Movement[] = rows.map((r) => ({
    levelId: r.level_id, kind: status, reservedDelta: -r.quantity, reference: `${r.owner_type}:${r.owner_id}`,
  }))
  await applyMovements(ctx, events, movements)
  await ctx.db('inventory_reservations').whereIn('id', rows.map((r) => r.id)).update({ status, updated_at: ctx.db.fn.now() })
  return rows.reduce((sum, r) => sum + r.quantity, 0)
}

/** Releases an owner's active reservations (or one line's). Locked first, so two releases never count a unit twice. */
export async function releaseStock (ctx: Ctx, events: EventSink, ownerId: string, reference?: string): Promise<number> {
  const query = ctx.db('inventory_reservations').select(reservationColumns).where({ owner_id: ownerId, status: 'active' })
  if (reference != null) query.andWhere({ reference })
  const rows = await query.orderBy('id').forUpdate() as ReservationRow[]
  return await endReservations(ctx, events, rows, 'released')
}

/**
 * Ships reserved units: each line consumes the owner's reservations for its variant (its own line's
 * first when `lineReference` is given); reserved and on hand both decrease (ledger `fulfilled`).
 */
export async function fulfilStock (ctx: Ctx, events: EventSink, defaultLocation: () => Promise<string | null>, input: FulfilStockInput): Promise<StockAllocation[]> {
  const variantIds = [...new Set(input.lines.map((l) => l.variantId))]
  const tracked = new Set(await ctx.db('inventory_items').pluck('variant_id').whereIn('variant_id', variantIds).andWhere({ track: true }) as string[])
  const query = ctx.db('inventory_reservations').select(reservationColumns)
    .where({ owner_id: input.ownerId, status: 'active' }).whereIn('variant_id', variantIds)
  if (input.locationId != null) query.andWhere({ location_id: input.locationId })
  const held = await query.orderBy('id').forUpdate() as ReservationRow[]
  const left = new Map(held.map((r) => [r.id, r.quantity]))
  const allocations = new Map<string, StockAllocation>()
  const movements: Movement[] = []
  const untrackedLocation = variantIds.some((v) => !tracked.has(v)) ? (input.locationId ?? await defaultLocation()) : null
  for (const line of input.lines) {
    if (!tracked.has(line.variantId)) {
      if (untrackedLocation == null) throw new InventoryNotFoundError('location', 'default')
      const key = `${line.variantId}|${untrackedLocation}`
      const a = allocations.get(key) ?? { variantId: line.variantId, locationId: untrackedLocation, quantity: 0 }
      a.quantity += line.quantity
      allocations.set(key, a)
      continue
    }
    const mine = held.filter((r) => r.variant_id === line.variantId)
      .sort((a, b) => Number(b.reference === line.lineReference) - Number(a.reference === line.lineReference))
    let need = line.quantity
    for (const r of mine) {
      const take = Math.min(need, left.get(r.id) ?? 0)
      if (take === 0) continue
      left.set(r.id, (left.get(r.id) ?? 0) - take)
      need -= take
      movements.push({ levelId: r.level_id, kind: 'fulfilled', onHandDelta: -take, reservedDelta: -take, reference: input.reference })
      const key = `${line.variantId}|${r.location_id}`
      const a = allocations.get(key) ?? { variantId: line.variantId, locationId: r.location_id, quantity: 0 }
      a.quantity += take
      allocations.set(key, a)
      if (need === 0) break
    }
    if (need > 0) {
      const total = mine.reduce((s, r) => s + r.quantity, 0)
      throw new NotReservedError(line.variantId, input.lines.filter((l) => l.variantId === line.variantId).reduce((s, l) => s + l.quantity, 0), total)
    }
  }
  const touched = held.filter((r) => left.get(r.id) !== r.quantity)
  if (touched.length > 0) {
    await lockLevels(ctx, touched.map((r) => r.level_id))
    await applyMovements(ctx, events, movements)
    await ctx.db.raw(`
      update inventory_reservations r
      set quantity = v.q, status = case when v.q = 0 then 'fulfilled' else r.status end, updated_at = now()
      from unnest(?::uuid[], ?::int[]) as v(id, q) where r.id = v.id`,
    [touched.map((r) => r.id), touched.map((r) => left.get(r.id) ?? 0)])
  }
  return [...allocations.values()]
}

/** The level of an item at a location, created empty when missing; returns its id. */
export async function ensureLevel (ctx: Ctx, item: { id: string, variant_id: string, allow_backorder: boolean, low_stock_threshold: number }, locationId: string): Promise<string> {
  const found = await ctx.db('inventory_levels').select('id').where({ item_id: item.id, location_id: locationId }).first() as { id: string } | undefined
  if (found != null) return found.id
  const location = await ctx.db('inventory_locations').select('id').where({ id: locationId }).first() as { id: string } | undefined
  if (location == null) throw new InventoryNotFoundError('location', locationId)
  await ctx.db.raw(`insert into inventory_levels (item_id, location_id, variant_id, allow_backorder, low_stock_threshold)
    values (?, ?, ?, ?, ?) on conflict (item_id, location_id) do nothing`,
  [item.id, locationId, item.variant_id, item.allow_backorder, item.low_stock_threshold])
  const row = await ctx.db('inventory_levels').select('id').where({ item_id: item.id, location_id: locationId }).first() as { id: string }
  return row.id
}

export const itemColumns = ['id', 'variant_id', 'sku', 'track', 'allow_backorder', 'low_stock_threshold', 'lead_time_days', 'created_at', 'updated_at'] as const

/** Returned units go back on hand at a location (ledger `returned`); untracked variants: no-op. */
export async function restockStock (ctx: Ctx, events: EventSink, input: RestockInput): Promise<void> {
  const item = await ctx.db('inventory_items').select(itemColumns).where({ variant_id: input.variantId }).first() as
    { id: string, variant_id: string, track: boolean, allow_backorder: boolean, low_stock_threshold: number } | undefined
  if (item == null || !item.track) return
  const levelId = await ensureLevel(ctx, item, input.locationId)
  await applyMovements(ctx, events, [{ levelId, kind: 'returned', onHandDelta: input.quantity, reference: input.reference, reason: input.reason ?? null }])
}
