import { inTransaction, keysetPage, type Cradle, type Ctx, type PageOf } from '@comptoir/core'
import { InventoryNotFoundError } from '../errors.js'
import { iso, isoOrNull, reservationColumns, type ReservationRow } from '../rows.js'
import type { MovementQuery, ReservationQuery, StockMovement, StockReservation } from '../schemas/index.js'
import { endReservations } from './consume.js'

interface MovementRow {
  id: string | number
  level_id: string
  variant_id: string
  location_id: string
  kind: StockMovement['kind']
  on_hand_delta: number
  reserved_delta: number
  reason: string | null
  reference: string | null
  actor_type: string | null
  actor_id: string | null
  created_at: Date | string
}

function toMovement (row: MovementRow): StockMovement {
  return {
    id: String(row.id),
    levelId: row.level_id,
    variantId: row.variant_id,
    locationId: row.location_id,
    kind: row.kind,
    onHandDelta: row.on_hand_delta,
    reservedDelta: row.reserved_delta,
    reason: row.reason,
    reference: row.reference,
    actor: row.actor_type == null || row.actor_id == null ? null : { type: row.actor_type, id: row.actor_id },
    createdAt: iso(row.created_at),
  }
}

function toStockReservation (row: ReservationRow): StockReservation {
  return {
    id: row.id,
    variantId: row.variant_id,
    locationId: row.location_id,
    quantity: row.quantity,
    reference: row.reference,
    owner: { type: row.owner_type, id: row.owner_id },
    status: row.status as StockReservation['status'],
    expiresAt: isoOrNull(row.expires_at),
    createdAt: iso(row.created_at),
  }
}

/** The movement ledger and reservations, as the admin reads them (`inventoryLedger`). */
export function createLedgerService ({ events }: Cradle) {
  return {
    /** Ledger rows, newest first, filtered by variant, location, level, kind and time. */
    async movements (ctx: Ctx, query: MovementQuery): Promise<PageOf<StockMovement>> {
      const q = ctx.db('inventory_movements').select('id', 'level_id', 'variant_id', 'location_id', 'kind', 'on_hand_delta',
        'reserved_delta', 'reason', 'reference', 'actor_type', 'actor_id', 'created_at')
      if (query.variantId != null) q.where({ variant_id: query.variantId })
      if (query.locationId != null) q.where({ location_id: query.locationId })
      if (query.levelId != null) q.where({ level_id: query.levelId })
      if (query.kind != null) q.where({ kind: query.kind })
      if (query.since != null) q.where('created_at', '>=', query.since)
      if (query.until != null) q.where('created_at', '<', query.until)
      const result = await keysetPage<MovementRow>(q, query, { list: 'inventory.movements', columns: ['id'], direction: 'desc', keyOf: (r) => [Number(r.id)] })
      return { items: result.items.map(toMovement), nextCursor: result.nextCursor }
    },

    async reservations (ctx: Ctx, query: ReservationQuery): Promise<PageOf<StockReservation>> {
      const q = ctx.db('inventory_reservations').select(reservationColumns)
      if (query.ownerId != null) q.where({ owner_id: query.ownerId })
      if (query.variantId != null) q.where({ variant_id: query.variantId })
      if (query.status != null) q.where({ status: query.status })
      const result = await keysetPage<ReservationRow>(q, query, { list: 'inventory.reservations', columns: ['id'], keyOf: (r) => [r.id] })
      return { items: result.items.map(toStockReservation), nextCursor: result.nextCursor }
    },

    /** Releases one reservation (an admin freeing stuck stock); releasing an ended one changes nothing. */
    async releaseOne (ctx: Ctx, reservationId: string): Promise<StockReservation> {
      return await inTransaction(ctx, async (tx) => {
        const row = await tx.db('inventory_reservations').select(reservationColumns).where({ id: reservationId }).forUpdate().first() as ReservationRow | undefined
        if (row == null) throw new InventoryNotFoundError('reservation', reservationId)
        if (row.status === 'active') await endReservations(tx, events, [row], 'released')
        const after = await tx.db('inventory_reservations').select(reservationColumns).where({ id: reservationId }).first() as ReservationRow
        return toStockReservation(after)
      })
    },
  }
}

export type LedgerService = ReturnType<typeof createLedgerService>
