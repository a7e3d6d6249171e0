import { Type, type Static } from '@comptoir/core'

const Id = Type.String({ format: 'uuid' })

export const StockLevelCrossed = Type.Object({
  variantId: Id,
  itemId: Id,
  locationId: Id,
  levelId: Id,
  available: Type.Integer(),
  threshold: Type.Integer(),
})
export const ReservationsReleased = Type.Object({
  ownerType: Type.String(),
  ownerId: Type.String(),
  units: Type.Integer(),
  reason: Type.Union([Type.Literal('released'), Type.Literal('expired')]),
})
export const TransferChanged = Type.Object({ transferId: Id, fromLocationId: Id, toLocationId: Id, status: Type.String() })
export const ImportFinished = Type.Object({
  importId: Id,
  status: Type.Union([Type.Literal('completed'), Type.Literal('failed')]),
  rowsProcessed: Type.Integer(),
  rowsFailed: Type.Integer(),
})

/** Every event inventory emits through the outbox: name → payload schema. */
export const inventoryEvents = {
  /** Available units at a location fell to or below its threshold (once per crossing). */
  'inventory.stock-level.ran-low': StockLevelCrossed,
  /** Available units at a location reached zero (or below, with backorder), once per crossing. */
  'inventory.stock-level.ran-out': StockLevelCrossed,
  /** Available units went back above the threshold after a low/out crossing. */
  'inventory.stock-level.replenished': StockLevelCrossed,
  'inventory.reservation.expired': ReservationsReleased,
  'inventory.transfer.created': TransferChanged,
  'inventory.transfer.shipped': TransferChanged,
  'inventory.transfer.received': TransferChanged,
  'inventory.transfer.cancelled': TransferChanged,
  'inventory.import.finished': ImportFinished,
} as const

export type InventoryEvents = typeof inventoryEvents
export type InventoryEventName = keyof InventoryEvents
/** The payload of an inventory event, for subscribers in other plugins (`import type`). */
export type InventoryEventPayload<N extends InventoryEventName> = Static<InventoryEvents[N]>
