import { randomBytes } from 'node:crypto'
import type { Ctx } from '@comptoir/core'
import { InsufficientStockError } from '../errors.js'
import { applyMovements, GuardRefusedError, type EventSink, type Movement } from '../movements.js'
import { reservationColumns, toReservation, type ReservationRow } from '../rows.js'
import type { Reservation, ReserveStockInput, ReserveStockLine } from '../types.js'
import type { AllocationCandidate, AllocationStrategy } from './allocation.js'

interface CandidateRow {
  id: string
  item_id: string
  location_id: string
  variant_id: string
  on_hand: number
  reserved: number
  allow_backorder: boolean
  priority: number
}

/**
 * Time-ordered ids (UUID v7 layout, a counter in the 12 "rand_a" bits): one call's reservations
 * sort by id in line order, so an idempotent repeat (ordered by id) returns them in the same order.
 */
function orderedIds (count: number): string[] {
  const hex = Date.now().toString(16).padStart(12, '0')
  return Array.from({ length: count }, (_, i) => {
    const rand = randomBytes(8).toString('hex')
    const variant = ((parseInt(rand.slice(0, 1), 16) & 0x3) | 0x8).toString(16)
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${(i % 4096).toString(16).padStart(3, '0')}-${variant}${rand.slice(1, 4)}-${rand.slice(4, 16)}`
  })
}

interface Want { variantId: string, quantity: number, lines: ReserveStockLine[] }

/** Lines summed per variant (two lines of one SKU are checked together), in variant id order. */
function sumLines (lines: readonly ReserveStockLine[]): Want[] {
  const byVariant = new Map<string, Want>()
  for (const line of lines) {
    const want = byVariant.get(line.variantId) ?? { variantId: line.variantId, quantity: 0, lines: [] }
    want.quantity += line.quantity
    want.lines.push(line)
    byVariant.set(line.variantId, want)
  }
  return [...byVariant.values()].sort((a, b) => a.variantId < b.variantId ? -1 : a.variantId > b.variantId ? 1 : 0)
}

/** Checks a strategy's plan against the locked numbers: right total, known levels, no oversell. */
function isSound (plan: Array<{ levelId: string, quantity: number }>, want: Want, candidates: readonly AllocationCandidate[], allowBackorder: boolean): boolean {
  let total = 0
  const taken = new Map<string, number>()
  for (const p of plan) {
    if (!Number.isInteger(p.quantity) || p.quantity <= 0) return false
    total += p.quantity
    taken.set(p.levelId, (taken.get(p.levelId) ?? 0) + p.quantity)
  }
  if (total !== want.quantity) return false
  for (const [levelId, q] of taken) {
    const c = candidates.find((x) => x.levelId === levelId)
    if (c == null || (!allowBackorder && c.available < q)) return false
  }
  return true
}

/**
 * All-or-nothing reservation. The candidate levels are locked FOR UPDATE in id order (concurrent
 * carts lock in the same order: no deadlock), the plan is checked against those locked numbers,
 * then one conditional UPDATE applies it. Nothing is written before every line has a plan.
 */
export async function reserveStock (ctx: Ctx, events: EventSink, strategy: AllocationStrategy, defaultSplit: boolean, input: ReserveStockInput): Promise<Reservation[]> {
  const owner = input.owner
  const wants = sumLines(input.lines)
  // One statement: claim the owner's row (locked until commit, so two calls for one cart cannot
  // both reserve; a repeat waits here, then finds the first call's reservations) and lock the
  // candidate levels. The claim runs before the first level is locked (it feeds the projection).
  const { rows } = await ctx.db.raw(`
    with claim as (
      insert into inventory_reservation_owners (owner_type, owner_id) values (?, ?)
      on conflict (owner_type, owner_id) do update set touched_at = now()
      returning (xmax = 0) as inserted
    )
    select l.id, l.item_id, l.location_id, l.variant_id, l.on_hand, l.reserved, l.allow_backorder, loc.priority,
      (select inserted from claim) as new_owner
    from inventory_levels l
    join inventory_items i on i.id = l.item_id and i.track
    join inventory_locations loc on loc.id = l.location_id and loc.active and loc.ships
    where l.variant_id = any(?::uuid[])
    order by l.id
    for update of l`, [owner.type, owner.id, wants.map((w) => w.variantId)]) as { rows: Array<CandidateRow & { new_owner: boolean }> }
  // A new owner (the common case) cannot hold reservations yet: no need to look.
  if (rows[0]?.new_owner !== true) {
    const held = await ctx.db('inventory_reservations').select(reservationColumns)
      .where({ owner_type: owner.type, owner_id: owner.id, status: 'active' }).orderBy('id') as ReservationRow[]
    if (held.length > 0) return held.map(toReservation)
  }
  const byVariant = new Map<string, CandidateRow[]>()
  for (const row of rows) byVariant.set(row.variant_id, [...(byVariant.get(row.variant_id) ?? []), row])

  // Variants without a level: untracked or unknown need nothing; tracked ones have nothing to give.
  const missing = wants.filter((w) => !byVariant.has(w.variantId)).map((w) => w.variantId)
  if (missing.length > 0) {
    const tracked = await ctx.db('inventory_items').pluck('variant_id').whereIn('variant_id', missing).andWhere({ track: true }) as string[]
    const first = wants.find((w) => tracked.includes(w.variantId))
    if (first != null) throw new InsufficientStockError(first.variantId, first.quantity, 0)
  }

  const allowSplit = input.allowSplit ?? defaultSplit
  const movements: Movement[] = []
  const pieces: Array<{ level: CandidateRow, quantity: number, reference: string | null }> = []
  for (const want of wants) {
    const levels = byVariant.get(want.variantId)
    if (levels == null) continue
    const allowBackorder = levels.some((l) => l.allow_backorder)
    const candidates = levels.map((l) => ({ levelId: l.id, locationId: l.location_id, priority: l.priority, available: l.on_hand - l.reserved }))
      .sort((a, b) => b.priority - a.priority || (a.locationId < b.locationId ? -1 : 1))
    const plan = strategy({ variantId: want.variantId, quantity: want.quantity, allowSplit, allowBackorder, candidates })
    if (plan == null || !isSound(plan, want, candidates, allowBackorder)) {
      // What this line could have had: the whole stock when splitting, the best location otherwise.
      const available = allowSplit
        ? candidates.reduce((sum, c) => sum + Math.max(0, c.available), 0)
        : Math.max(0, ...candidates.map((c) => c.available))
      throw new InsufficientStockError(want.variantId, want.quantity, available)
    }
    // Spread the variant's lines over the plan's pieces, so each reservation names its line.
    const queue = plan.map((p) => ({ ...p }))
    for (const line of want.lines) {
      let left = line.quantity
      while (left > 0) {
        const piece = queue[0] as { levelId: string, quantity: number }
        const take = Math.min(left, piece.quantity)
        pieces.push({ level: levels.find((l) => l.id === piece.levelId) as CandidateRow, quantity: take, reference: line.reference ?? null })
        left -= take
        piece.quantity -= take
        if (piece.quantity === 0) queue.shift()
      }
    }
    for (const p of plan) movements.push({ levelId: p.levelId, kind: 'reserved', reservedDelta: p.quantity, reference: `${owner.type}:${owner.id}` })
  }
  if (pieces.length === 0) return []
  let inserted: ReservationRow[]
  try {
    const ids = orderedIds(pieces.length)
    ;({ reservations: inserted } = await applyMovements(ctx, events, movements, pieces.map((p, i) => ({
      id: ids[i] as string,
      levelId: p.level.id,
      itemId: p.level.item_id,
      locationId: p.level.location_id,
      variantId: p.level.variant_id,
      quantity: p.quantity,
      ownerType: owner.type,
      ownerId: owner.id,
      reference: p.reference,
      expiresAt: input.expiresAt ?? null,
    }))))
  } catch (error) {
    if (!(error instanceof GuardRefusedError)) throw error
    const want = wants[0] as Want
    throw new InsufficientStockError(want.variantId, want.quantity, 0)
  }
  return inserted.map(toReservation)
}
