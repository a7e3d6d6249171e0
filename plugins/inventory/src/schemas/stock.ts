import { Page, Type, type Static } from '@comptoir/core'
import { Id, NullableString, NullableTimestamp, PageFields, Reason, Reference, Timestamp, Units } from './common.js'

export const InventoryItem = Type.Object({
  id: Id,
  variantId: Id,
  sku: NullableString,
  track: Type.Boolean({ description: 'False: the variant is always available and never reserved' }),
  allowBackorder: Type.Boolean(),
  lowStockThreshold: Type.Integer({ description: 'Variant-wide: available units at or below it show as low stock' }),
  leadTimeDays: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type InventoryItem = Static<typeof InventoryItem>
export const InventoryItemPage = Page(InventoryItem)

export const InventoryItemInput = Type.Object({
  track: Type.Optional(Type.Boolean()),
  allowBackorder: Type.Optional(Type.Boolean()),
  lowStockThreshold: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  leadTimeDays: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 365 }), Type.Null()])),
}, { additionalProperties: false })
export type InventoryItemInput = Static<typeof InventoryItemInput>

export const InventoryItemQuery = Type.Object({
  ...PageFields,
  sku: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
}, { additionalProperties: false })
export type InventoryItemQuery = Static<typeof InventoryItemQuery>

export const StockLevel = Type.Object({
  id: Id,
  itemId: Id,
  variantId: Id,
  locationId: Id,
  onHand: Type.Integer(),
  reserved: Type.Integer(),
  available: Type.Integer({ description: 'onHand - reserved; negative only with backorder' }),
  incoming: Type.Integer({ description: 'Units in transit to this location' }),
  lowStockThreshold: Type.Integer(),
  isLow: Type.Boolean(),
  isOut: Type.Boolean(),
  updatedAt: Timestamp,
})
export type StockLevel = Static<typeof StockLevel>
export const StockLevelPage = Page(StockLevel)

export const StockLevelQuery = Type.Object({
  ...PageFields,
  variantId: Type.Optional(Id),
  locationId: Type.Optional(Id),
}, { additionalProperties: false })
export type StockLevelQuery = Static<typeof StockLevelQuery>

export const StockLevelInput = Type.Object({
  variantId: Id,
  locationId: Id,
  lowStockThreshold: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
}, { additionalProperties: false })
export type StockLevelInput = Static<typeof StockLevelInput>

export const StockLevelPatch = Type.Object({
  lowStockThreshold: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
}, { additionalProperties: false })
export type StockLevelPatch = Static<typeof StockLevelPatch>

export const StockAdjustmentInput = Type.Object({
  delta: Type.Integer({ minimum: -1_000_000_000, maximum: 1_000_000_000, not: { const: 0 }, description: 'Units added (positive) or removed (negative)' }),
  reason: Reason,
  reference: Type.Optional(Reference),
}, { additionalProperties: false })
export type StockAdjustmentInput = Static<typeof StockAdjustmentInput>

export const StockCountInput = Type.Object({
  counted: Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: 'Units found on the shelf; the ledger records the difference' }),
  reason: Type.Optional(Reason),
  reference: Type.Optional(Reference),
}, { additionalProperties: false })
export type StockCountInput = Static<typeof StockCountInput>

export const StockReceiptInput = Type.Object({
  quantity: Units,
  reference: Type.Optional(Reference),
  reason: Type.Optional(Reason),
}, { additionalProperties: false })
export type StockReceiptInput = Static<typeof StockReceiptInput>

export const ReservationStatus = Type.Union([Type.Literal('active'), Type.Literal('released'), Type.Literal('expired'), Type.Literal('fulfilled')])
export const StockReservation = Type.Object({
  id: Id,
  variantId: Id,
  locationId: Id,
  quantity: Type.Integer(),
  reference: NullableString,
  owner: Type.Object({ type: Type.String(), id: Type.String() }),
  status: ReservationStatus,
  expiresAt: NullableTimestamp,
  createdAt: Timestamp,
})
export type StockReservation = Static<typeof StockReservation>
export const StockReservationPage = Page(StockReservation)

export const ReservationQuery = Type.Object({
  ...PageFields,
  ownerId: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  variantId: Type.Optional(Id),
  status: Type.Optional(ReservationStatus),
}, { additionalProperties: false })
export type ReservationQuery = Static<typeof ReservationQuery>

export const MovementKind = Type.Union(['received', 'reserved', 'released', 'expired', 'fulfilled', 'returned', 'adjusted', 'counted',
  'transferred_out', 'transferred_in', 'imported'].map((k) => Type.Literal(k)))
export const StockMovement = Type.Object({
  id: Type.String({ description: 'Ledger sequence number' }),
  levelId: Id,
  variantId: Id,
  locationId: Id,
  kind: MovementKind,
  onHandDelta: Type.Integer(),
  reservedDelta: Type.Integer(),
  reason: NullableString,
  reference: NullableString,
  actor: Type.Union([Type.Object({ type: Type.String(), id: Type.String() }), Type.Null()]),
  createdAt: Timestamp,
})
export type StockMovement = Static<typeof StockMovement>
export const StockMovementPage = Page(StockMovement)

export const MovementQuery = Type.Object({
  ...PageFields,
  variantId: Type.Optional(Id),
  locationId: Type.Optional(Id),
  levelId: Type.Optional(Id),
  kind: Type.Optional(MovementKind),
  since: Type.Optional(Type.String({ format: 'date-time' })),
  until: Type.Optional(Type.String({ format: 'date-time' })),
}, { additionalProperties: false })
export type MovementQuery = Static<typeof MovementQuery>

export const AvailabilityQuery = Type.Object({
  ids: Type.String({ minLength: 36, maxLength: 3699, pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(,[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}){0,99}$', description: 'Up to 100 comma-separated variant ids' }),
}, { additionalProperties: false })
export type AvailabilityQuery = Static<typeof AvailabilityQuery>
export const AvailabilityStatus = Type.Union([Type.Literal('in_stock'), Type.Literal('low_stock'), Type.Literal('out_of_stock'), Type.Literal('backorder')])
export const VariantAvailabilityList = Type.Object({
  items: Type.Array(Type.Object({
    variantId: Id,
    status: AvailabilityStatus,
    available: Type.Union([Type.Integer(), Type.Null()], { description: 'Null when the variant is not tracked' }),
  })),
})
export type VariantAvailabilityList = Static<typeof VariantAvailabilityList>
