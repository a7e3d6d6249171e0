import { isCheckViolation, type Ctx } from '@comptoir/core'
import { BelowReservedError, QuantityOutOfRangeError } from './errors.js'
import type { InventoryEventName } from './events.js'
import { reservationColumns, type ReservationRow } from './rows.js'

/** A ledger row's kind: what moved the numbers. */
export type MovementKind = 'received' | 'reserved' | 'released' | 'expired' | 'fulfilled' | 'returned' | 'adjusted' | 'counted'
  | 'transferred_out' | 'transferred_in' | 'imported'

export interface Movement {
  levelId: string
  kind: MovementKind
  onHandDelta?: number
  reservedDelta?: number
  reason?: string | null
  reference?: string | null
}

export interface LevelAfter {
  id: string
  item_id: string
  location_id: string
  variant_id: string
  on_hand: number
  reserved: number
  low_stock_threshold: number
  is_low: boolean
  is_out: boolean
}

/** A text[] binding that may hold nulls (knex's binding type does not say so; pg sends them as NULL). */
function nullable (values: Array<string | null>): string[] {
  return values as string[]
}

/** The slice of the kernel's `events` service movements need. */
export interface EventSink { emit: (ctx: Ctx, name: string, payload: unknown) => Promise<unknown> }

/** Raised when a guarded level refused a reservation (its available units changed under us). */
export class GuardRefusedError extends Error {
  constructor (readonly levelIds: string[]) { super('A stock level refused the movement') }
}

/** A reservation row written by the same statement as its movement (reserve()). */
export interface NewReservation {
  id: string
  levelId: string
  itemId: string
  locationId: string
  variantId: string
  quantity: number
  ownerType: string
  ownerId: string
  reference: string | null
  expiresAt: Date | null
}

function parsed<T> (value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T
}

/**
 * The only writer of on_hand and reserved: one statement runs the conditional UPDATE over the
 * levels (a reservation only lands where available >= its quantity unless backorder is allowed;
 * the CHECK constraint is the last guard) and, through data-modifying CTEs fed by its RETURNING,
 * the ledger rows and any new reservations: a level and its ledger cannot drift apart, and a hot
 * row stays locked one round trip less. Then the low/out crossing flags and their events. Callers
 * moving several levels lock them first, in id order, so concurrent carts cannot deadlock.
 */
export async function applyMovements (ctx: Ctx, events: EventSink, movements: readonly Movement[], reservations: readonly NewReservation[] = []): Promise<{ levels: LevelAfter[], reservations: ReservationRow[] }> {
  if (movements.length === 0) return { levels: [], reservations: [] }
  const deltas = new Map<string, { onHand: number, reserved: number }>()
  for (const m of movements) {
    const d = deltas.get(m.levelId) ?? { onHand: 0, reserved: 0 }
    d.onHand += m.onHandDelta ?? 0
    d.reserved += m.reservedDelta ?? 0
    deltas.set(m.levelId, d)
  }
  const ids = [...deltas.keys()].sort()
  const actor = ctx.actor
  let rows: LevelAfter[]
  let inserted: ReservationRow[]
  try {
    const result = await ctx.db.raw(`
      with upd as (
        update inventory_levels l
        set on_hand = l.on_hand + v.dh, reserved = l.reserved + v.dr, updated_at = now()
        from unnest(?::uuid[], ?::int[], ?::int[]) as v(id, dh, dr)
        where l.id = v.id and (l.allow_backorder or v.dr <= 0 or l.on_hand - l.reserved >= v.dr)
        returning l.id, l.item_id, l.location_id, l.variant_id, l.on_hand, l.reserved, l.low_stock_threshold, l.is_low, l.is_out
      ), ledger as (
        insert into inventory_movements (level_id, item_id, location_id, variant_id, kind, on_hand_delta, reserved_delta, reason, reference, actor_type, actor_id)
        select m.level_id, upd.item_id, upd.location_id, upd.variant_id, m.kind, m.dh, m.dr, m.reason, m.reference, nullif(?, ''), nullif(?, '')
        from unnest(?::uuid[], ?::text[], ?::int[], ?::int[], ?::text[], ?::text[]) with ordinality as m(level_id, kind, dh, dr, reason, reference, n)
        join upd on upd.id = m.level_id
        order by m.n
      ), res as (
        insert into inventory_reservations (id, level_id, item_id, location_id, variant_id, quantity, owner_type, owner_id, reference, expires_at)
        select * from unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::uuid[], ?::uuid[], ?::int[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])
        where (select count(*) from upd) = ?
        returning ${reservationColumns.join(', ')}
      )
      select (select coalesce(json_agg(upd), '[]') from upd) as levels, (select coalesce(json_agg(res), '[]') from res) as reservations`,
    [ids, ids.map((id) => deltas.get(id)?.onHand ?? 0), ids.map((id) => deltas.get(id)?.reserved ?? 0),
      actor?.type ?? '', actor?.id ?? '',
      movements.map((m) => m.levelId), movements.map((m) => m.kind), movements.map((m) => m.onHandDelta ?? 0),
      movements.map((m) => m.reservedDelta ?? 0), nullable(movements.map((m) => m.reason ?? null)), nullable(movements.map((m) => m.reference ?? null)),
      reservations.map((r) => r.id), reservations.map((r) => r.levelId), reservations.map((r) => r.itemId), reservations.map((r) => r.locationId),
      reservations.map((r) => r.variantId), reservations.map((r) => r.quantity), reservations.map((r) => r.ownerType), reservations.map((r) => r.ownerId),
      nullable(reservations.map((r) => r.reference)), nullable(reservations.map((r) => r.expiresAt?.toISOString() ?? null)), ids.length,
    ]) as { rows: Array<{ levels: unknown, reservations: unknown }> }
    rows = parsed<LevelAfter[]>(result.rows[0]?.levels)
    inserted = parsed<ReservationRow[]>(result.rows[0]?.reservations)
  } catch (error) {
    if (isCheckViolation(error)) throw new BelowReservedError(ids[0] as string, error)
    if ((error as { code?: string }).code === '22003') throw new QuantityOutOfRangeError(error)
    throw error
  }
  if (rows.length !== ids.length) {
    const done = new Set(rows.map((r) => r.id))
    throw new GuardRefusedError(ids.filter((id) => !done.has(id)))
  }
  await syncCrossings(ctx, events, rows)
  const order = new Map(reservations.map((r, i) => [r.id, i]))
  return { levels: rows, reservations: inserted.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0)) }
}

/**
 * Flips the low/out flags of levels whose available units crossed a threshold, emitting one
 * event per flip. The rows are locked by the update that returned them, so the flags read are current.
 */
export async function syncCrossings (ctx: Ctx, events: EventSink, rows: readonly LevelAfter[]): Promise<void> {
  const flips: Array<{ row: LevelAfter, low: boolean, out: boolean }> = []
  for (const row of rows) {
    const available = row.on_hand - row.reserved
    const low = available <= row.low_stock_threshold
    const out = available <= 0
    if (low !== row.is_low || out !== row.is_out) flips.push({ row, low, out })
  }
  if (flips.length === 0) return
  await ctx.db.raw(`
    update inventory_levels l set is_low = v.low, is_out = v.out
    from unnest(?::uuid[], ?::boolean[], ?::boolean[]) as v(id, low, out) where l.id = v.id`,
  [flips.map((f) => f.row.id), flips.map((f) => f.low), flips.map((f) => f.out)])
  for (const { row, low, out } of flips) {
    const payload = {
      variantId: row.variant_id, itemId: row.item_id, locationId: row.location_id, levelId: row.id,
      available: row.on_hand - row.reserved, threshold: row.low_stock_threshold,
    }
    const names: InventoryEventName[] = []
    if (low && !row.is_low) names.push('inventory.stock-level.ran-low')
    if (out && !row.is_out) names.push('inventory.stock-level.ran-out')
    if (!low && row.is_low) names.push('inventory.stock-level.replenished')
    for (const name of names) await events.emit(ctx, name, payload)
  }
}
