import type { Reservation } from './types.js'

/** An ISO timestamp from a driver value (pg gives Date, PGlite may give a string). */
export function iso (value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString()
}

export function isoOrNull (value: Date | string | null): string | null {
  return value == null ? null : iso(value)
}

export interface ReservationRow {
  id: string
  level_id: string
  item_id: string
  location_id: string
  variant_id: string
  quantity: number
  owner_type: string
  owner_id: string
  reference: string | null
  status: string
  expires_at: Date | string | null
  created_at: Date | string
}
export const reservationColumns = ['id', 'level_id', 'item_id', 'location_id', 'variant_id', 'quantity', 'owner_type', 'owner_id', 'reference', 'status', 'expires_at', 'created_at'] as const

export function toReservation (row: ReservationRow): Reservation {
  return {
    id: row.id,
    variantId: row.variant_id,
    locationId: row.location_id,
    quantity: row.quantity,
    reference: row.reference,
    owner: { type: row.owner_type, id: row.owner_id },
    expiresAt: isoOrNull(row.expires_at),
  }
}
