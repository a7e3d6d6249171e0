import { Page, Type, type Static } from '@comptoir/core'
import { Amount, CurrencyCode, Day, Id, Note, NullableDay, NullableString, NullableTimestamp, PageFields, Timestamp, Units } from './common.js'

export const PurchaseOrderStatus = Type.Union([
  Type.Literal('draft'), Type.Literal('sent'), Type.Literal('partially_received'), Type.Literal('received'), Type.Literal('cancelled'),
])
export type PurchaseOrderStatus = Static<typeof PurchaseOrderStatus>

export const PurchaseOrderLine = Type.Object({
  id: Id,
  variantId: Id,
  supplierSku: NullableString,
  quantity: Type.Integer({ description: 'Units ordered' }),
  receivedQuantity: Type.Integer({ description: 'Units accepted so far (over-deliveries included)' }),
  rejectedQuantity: Type.Integer({ description: 'Units refused at receipt (damaged, wrong item)' }),
  outstandingQuantity: Type.Integer({ description: 'Units still expected: max(0, quantity − receivedQuantity); 0 once received or cancelled' }),
  unitCostAmount: Type.Integer({ description: "Minor units of the order's currency" }),
  totalAmount: Type.Integer({ description: 'quantity × unitCostAmount' }),
  expectedOn: NullableDay,
})
export type PurchaseOrderLine = Static<typeof PurchaseOrderLine>

export const PurchaseOrder = Type.Object({
  id: Id,
  number: Type.String(),
  supplierId: Id,
  locationId: Id,
  status: PurchaseOrderStatus,
  currency: CurrencyCode,
  subtotalAmount: Type.Integer({ description: 'Σ line totals, minor units' }),
  extraCostsAmount: Type.Integer({ description: 'Freight, duties, fees: spread over the lines into the landed cost' }),
  totalAmount: Type.Integer({ description: 'subtotalAmount + extraCostsAmount' }),
  expectedOn: NullableDay,
  note: NullableString,
  lines: Type.Array(PurchaseOrderLine),
  sentAt: NullableTimestamp,
  receivedAt: NullableTimestamp,
  cancelledAt: NullableTimestamp,
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type PurchaseOrder = Static<typeof PurchaseOrder>
export const PurchaseOrderPage = Page(PurchaseOrder)

export const PurchaseOrderLineInput = Type.Object({
  variantId: Id,
  quantity: Units,
  unitCostAmount: Type.Optional(Amount),
  expectedOn: Type.Optional(Type.Union([Day, Type.Null()])),
}, { additionalProperties: false, description: "unitCostAmount defaults to the supplier item's cost" })
export type PurchaseOrderLineInput = Static<typeof PurchaseOrderLineInput>
const Lines = Type.Array(PurchaseOrderLineInput, { minItems: 1, maxItems: 500 })

export const PurchaseOrderInput = Type.Object({
  supplierId: Id,
  locationId: Id,
  expectedOn: Type.Optional(Type.Union([Day, Type.Null()])),
  extraCostsAmount: Type.Optional(Amount),
  note: Type.Optional(Type.Union([Note, Type.Null()])),
  lines: Type.Optional(Lines),
}, { additionalProperties: false })
export type PurchaseOrderInput = Static<typeof PurchaseOrderInput>
export const PurchaseOrderPatch = Type.Object({
  locationId: Type.Optional(Id),
  expectedOn: Type.Optional(Type.Union([Day, Type.Null()])),
  extraCostsAmount: Type.Optional(Amount),
  note: Type.Optional(Type.Union([Note, Type.Null()])),
}, { additionalProperties: false, minProperties: 1 })
export type PurchaseOrderPatch = Static<typeof PurchaseOrderPatch>
export const PurchaseOrderLinesInput = Type.Object({ lines: Lines }, { additionalProperties: false })
export type PurchaseOrderLinesInput = Static<typeof PurchaseOrderLinesInput>
export const PurchaseOrderQuery = Type.Object({
  ...PageFields,
  supplierId: Type.Optional(Id),
  status: Type.Optional(PurchaseOrderStatus),
}, { additionalProperties: false })
export type PurchaseOrderQuery = Static<typeof PurchaseOrderQuery>
export const PurchaseOrderParams = Type.Object({ purchaseOrderId: Id }, { additionalProperties: false })
export type PurchaseOrderParams = Static<typeof PurchaseOrderParams>

export const ReceiptLineInput = Type.Object({
  lineId: Id,
  acceptedQuantity: Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Units put on hand (beyond the outstanding quantity: an over-delivery)' }),
  rejectedQuantity: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Units refused; they stay outstanding' })),
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
}, { additionalProperties: false })
export const ReceiptInput = Type.Object({
  reference: Type.String({ minLength: 1, maxLength: 255, description: "The delivery note number: a receipt repeated with the same reference is returned, not counted again" }),
  receivedAt: Type.Optional(Type.String({ format: 'date-time', pattern: '^[1-9][0-9]{3}-', description: 'When the goods arrived; default now (years 1000–9999)' })),
  locationId: Type.Optional(Type.String({ format: 'uuid', description: "Where the goods arrived; default the order's location (incoming is taken off there)" })),
  note: Type.Optional(Note),
  lines: Type.Array(ReceiptLineInput, { minItems: 1, maxItems: 500 }),
}, { additionalProperties: false })
export type ReceiptInput = Static<typeof ReceiptInput>

export const ReceiptLine = Type.Object({
  lineId: Id,
  variantId: Id,
  acceptedQuantity: Type.Integer(),
  rejectedQuantity: Type.Integer(),
  overQuantity: Type.Integer({ description: 'Accepted beyond what was outstanding' }),
  reason: NullableString,
  unitCostAmount: Type.Integer(),
  landedUnitCostAmount: Type.Integer({ description: 'Unit cost + its share of the extra costs, per unit, rounded half up (minor units)' }),
  onTime: Type.Boolean(),
})
export const Receipt = Type.Object({
  id: Id,
  purchaseOrderId: Id,
  reference: Type.String(),
  locationId: Id,
  note: NullableString,
  receivedAt: Timestamp,
  lines: Type.Array(ReceiptLine),
  createdAt: Timestamp,
})
export type Receipt = Static<typeof Receipt>
export const ReceiptList = Type.Object({ items: Type.Array(Receipt) })
export type ReceiptList = Static<typeof ReceiptList>
export const ReceiptResult = Type.Object({ receipt: Receipt, purchaseOrder: PurchaseOrder })
export type ReceiptResult = Static<typeof ReceiptResult>

export const ReplenishmentOrderInput = Type.Object({
  locationId: Id,
  variantIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 500, uniqueItems: true, description: 'Only these suggestions; default all' })),
}, { additionalProperties: false })
export type ReplenishmentOrderInput = Static<typeof ReplenishmentOrderInput>
export const SkippedSuggestion = Type.Object({
  variantId: Id,
  reason: Type.Union([Type.Literal('no_supplier'), Type.Literal('on_open_draft')]),
})
export const ReplenishmentOrders = Type.Object({
  purchaseOrders: Type.Array(PurchaseOrder),
  skipped: Type.Array(SkippedSuggestion),
})
export type ReplenishmentOrders = Static<typeof ReplenishmentOrders>
