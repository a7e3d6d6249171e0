import { Money, Type, type Static } from '@comptoir/core'

const Id = Type.String({ format: 'uuid', maxLength: 36 })
const Timestamp = Type.String({ format: 'date-time' })
const NullableTimestamp = Type.Union([Timestamp, Type.Null()])
const NullableString = Type.Union([Type.String(), Type.Null()])

export const orderStatuses = ['pending', 'confirmed', 'paid', 'partially_fulfilled', 'fulfilled', 'shipped', 'delivered', 'cancelled'] as const
export type OrderStatus = typeof orderStatuses[number]
export const OrderStatus = Type.Unsafe<OrderStatus>(Type.String({ enum: [...orderStatuses] }))

export const paymentStatuses = ['pending', 'authorized', 'captured', 'partially_refunded', 'refunded', 'failed', 'canceled'] as const
export type PaymentStatus = typeof paymentStatuses[number]
export const PaymentStatus = Type.Unsafe<PaymentStatus>(Type.String({ enum: [...paymentStatuses] }))

export const OrderAddress = Type.Object({
  firstName: Type.String(),
  lastName: Type.String(),
  company: Type.Optional(NullableString),
  line1: Type.String(),
  line2: Type.Optional(NullableString),
  city: Type.String(),
  postalCode: Type.String(),
  region: Type.Optional(NullableString),
  country: Type.String(),
  phone: Type.Optional(NullableString),
})
export type OrderAddress = Static<typeof OrderAddress>

export const OrderLine = Type.Object({
  id: Id,
  variantId: Id,
  productId: Id,
  sku: NullableString,
  title: Type.String(),
  variantTitle: NullableString,
  quantity: Type.Integer(),
  unitAmount: Type.Integer(),
  subtotalAmount: Type.Integer(),
  discountAmount: Type.Integer(),
  taxAmount: Type.Integer(),
  totalAmount: Type.Integer(),
  taxRateBps: Type.Integer(),
  requiresShipping: Type.Boolean(),
  fulfilledQuantity: Type.Integer(),
  returnedQuantity: Type.Integer(),
})
export type OrderLine = Static<typeof OrderLine>

export const Totals = Type.Object({
  subtotal: Type.Integer(), discount: Type.Integer(), shipping: Type.Integer(), tax: Type.Integer(), total: Type.Integer(), refunded: Type.Integer(),
})

export const OrderSummary = Type.Object({
  id: Id,
  number: Type.String({ description: 'Human-friendly, sequential per store (#1001)' }),
  status: OrderStatus,
  paymentStatus: PaymentStatus,
  customerId: Type.Union([Id, Type.Null()]),
  email: Type.String(),
  currency: Type.String(),
  totals: Totals,
  taxInclusive: Type.Boolean(),
  cancelReason: NullableString,
  hold: Type.Union([Type.Object({
    source: Type.String({ description: 'The checkout extension (or `orders` for a manual hold) that placed it' }),
    reason: Type.String(),
    heldAt: Timestamp,
  }), Type.Null()], { description: 'Set while the order is on hold: no fulfilment, shipment or capture until released' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type OrderSummary = Static<typeof OrderSummary>

export const Payment = Type.Object({
  id: Id,
  provider: Type.String(),
  reference: NullableString,
  status: PaymentStatus,
  amount: Type.Integer(),
  authorizedAmount: Type.Integer(),
  capturedAmount: Type.Integer(),
  refundedAmount: Type.Integer(),
  currency: Type.String(),
  failureCode: NullableString,
  failureMessage: NullableString,
  createdAt: Timestamp,
})
export type Payment = Static<typeof Payment>

export const Refund = Type.Object({
  id: Id,
  paymentId: Id,
  returnId: Type.Union([Id, Type.Null()]),
  amount: Type.Integer(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed')]),
  reference: NullableString,
  reason: NullableString,
  createdAt: Timestamp,
})
export type Refund = Static<typeof Refund>

export const Fulfilment = Type.Object({
  id: Id,
  status: Type.Union([Type.Literal('pending'), Type.Literal('shipped'), Type.Literal('delivered')]),
  locationId: Type.Union([Id, Type.Null()]),
  lines: Type.Array(Type.Object({ lineId: Id, quantity: Type.Integer() })),
  carrier: NullableString,
  trackingNumber: NullableString,
  trackingUrl: NullableString,
  shippedAt: NullableTimestamp,
  deliveredAt: NullableTimestamp,
  createdAt: Timestamp,
})
export type Fulfilment = Static<typeof Fulfilment>

export const ReturnStatus = Type.Union([Type.Literal('requested'), Type.Literal('received'), Type.Literal('refunded'), Type.Literal('cancelled')])
export const OrderReturn = Type.Object({
  id: Id,
  status: ReturnStatus,
  reason: NullableString,
  lines: Type.Array(Type.Object({
    lineId: Id, quantity: Type.Integer(),
    disposition: Type.Union([Type.Literal('restock'), Type.Literal('write_off'), Type.Null()]),
  })),
  locationId: Type.Union([Id, Type.Null()]),
  refundAmount: Type.Union([Type.Integer(), Type.Null()]),
  exchangeOrderId: Type.Union([Id, Type.Null()]),
  receivedAt: NullableTimestamp,
  createdAt: Timestamp,
})
export type OrderReturn = Static<typeof OrderReturn>

export const TimelineEntry = Type.Object({
  id: Id,
  kind: Type.String(),
  actor: Type.Object({ type: Type.String(), id: Type.String() }),
  from: NullableString,
  to: NullableString,
  reason: NullableString,
  body: NullableString,
  channel: NullableString,
  visibility: Type.Union([Type.Literal('internal'), Type.Literal('customer')]),
  author: NullableString,
  data: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  createdAt: Timestamp,
})
export type TimelineEntry = Static<typeof TimelineEntry>

export const Order = Type.Object({
  ...OrderSummary.properties,
  lines: Type.Array(OrderLine),
  shippingAddress: Type.Union([OrderAddress, Type.Null()]),
  billingAddress: Type.Union([OrderAddress, Type.Null()]),
  shippingOption: Type.Union([Type.Object({ id: Type.String(), name: Type.String(), amount: Type.Integer(), taxAmount: Type.Integer() }), Type.Null()]),
  promotions: Type.Array(Type.Object({ id: Type.String(), code: Type.String(), discountAmount: Type.Integer() })),
  adjustments: Type.Array(Type.Object({ extension: Type.String(), code: Type.String(), label: Type.String(), amount: Type.Integer() }), { description: 'Discount lines checkout extensions added, after tax (included in totals.discount)' }),
  payments: Type.Array(Payment),
  refunds: Type.Array(Refund),
  fulfilments: Type.Array(Fulfilment),
  returns: Type.Array(OrderReturn),
})
export type Order = Static<typeof Order>

/** Admin detail: the order and its whole timeline (oldest first). */
export const AdminOrder = Type.Object({ ...Order.properties, timeline: Type.Array(TimelineEntry) })
export type AdminOrder = Static<typeof AdminOrder>

/** Customer detail: the order and the messages meant for the customer. */
export const CustomerOrder = Type.Object({ ...Order.properties, messages: Type.Array(TimelineEntry) })
export type CustomerOrder = Static<typeof CustomerOrder>

export { Id, Money }
