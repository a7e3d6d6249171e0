import { Type, type Static } from '@comptoir/core'

const Id = Type.String({ format: 'uuid' })

export const PurchaseOrderChanged = Type.Object({
  purchaseOrderId: Id,
  number: Type.String(),
  supplierId: Id,
  locationId: Id,
  status: Type.String(),
  currency: Type.String(),
  totalAmount: Type.Integer(),
})
export const ReceiptRecorded = Type.Object({
  receiptId: Id,
  purchaseOrderId: Id,
  supplierId: Id,
  locationId: Id,
  acceptedUnits: Type.Integer(),
  rejectedUnits: Type.Integer(),
  overUnits: Type.Integer(),
})

/** Every event suppliers emits through the outbox: name → payload schema. */
export const suppliersEvents = {
  'suppliers.purchase-order.created': PurchaseOrderChanged,
  /** Sent to the supplier: its units now show as incoming at the location. */
  'suppliers.purchase-order.sent': PurchaseOrderChanged,
  /** A receipt left units outstanding. */
  'suppliers.purchase-order.partially-received': PurchaseOrderChanged,
  /** Every line received (or the order closed short): nothing is incoming any more. */
  'suppliers.purchase-order.received': PurchaseOrderChanged,
  'suppliers.purchase-order.cancelled': PurchaseOrderChanged,
  /** Goods arrived: accepted units are on hand (inventory ledger `received`). */
  'suppliers.receipt.recorded': ReceiptRecorded,
} as const

export type SuppliersEvents = typeof suppliersEvents
export type SuppliersEventName = keyof SuppliersEvents
/** The payload of a suppliers event, for subscribers in other plugins (`import type`). */
export type SuppliersEventPayload<N extends SuppliersEventName> = Static<SuppliersEvents[N]>
