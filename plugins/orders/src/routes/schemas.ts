import { Type, type Static } from '@comptoir/core'
import { AdminOrder, CustomerOrder, Fulfilment, OrderReturn, OrderSummary, PaymentStatus } from '../orders/schemas.js'

const Uuid = Type.String({ format: 'uuid', maxLength: 36 })

export const OrderParams = Type.Object({ orderId: Uuid }, { additionalProperties: false })
export type OrderParams = Static<typeof OrderParams>
export const CartParams = Type.Object({ cartId: Uuid }, { additionalProperties: false })
export type CartParams = Static<typeof CartParams>
export const PaymentParams = Type.Object({ orderId: Uuid, paymentId: Uuid }, { additionalProperties: false })
export type PaymentParams = Static<typeof PaymentParams>
export const FulfilmentParams = Type.Object({ orderId: Uuid, fulfilmentId: Uuid }, { additionalProperties: false })
export type FulfilmentParams = Static<typeof FulfilmentParams>
export const ReturnParams = Type.Object({ orderId: Uuid, returnId: Uuid }, { additionalProperties: false })
export type ReturnParams = Static<typeof ReturnParams>

export const CheckoutInput = Type.Object({
  payment: Type.Object({
    provider: Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z][a-z0-9-]*$' }),
    data: Type.Optional(Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), { maxProperties: 50 })),
  }, { additionalProperties: false }),
  extensions: Type.Optional(Type.Record(Type.String({ pattern: '^[a-z][a-z0-9-]{0,39}$' }), Type.Unknown(), {
    maxProperties: 20, description: 'Input for checkout extensions, by extension id (e.g. `{ "loyalty": { "points": 500 } }`); each is validated by its extension\'s schema',
  })),
}, { additionalProperties: false })
export type CheckoutInput = Static<typeof CheckoutInput>

export const CheckoutPayment = Type.Object({
  id: Uuid,
  provider: Type.String(),
  status: Type.Union([Type.Literal('authorized'), Type.Literal('captured'), Type.Literal('requires_action'), Type.Literal('failed')]),
  clientSecret: Type.Union([Type.String(), Type.Null()], { description: 'Given once when the buyer must finish in the browser (3-D Secure)' }),
})

export const PaymentProviderInfo = Type.Object({ id: Type.String(), title: Type.String(), manualSettlement: Type.Boolean() })

export const LineQuantities = Type.Array(Type.Object({
  lineId: Uuid,
  quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
}, { additionalProperties: false }), { minItems: 1, maxItems: 500 })

export const CancelInput = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false })
export type CancelInput = Static<typeof CancelInput>

export const NoteInput = Type.Object({
  body: Type.String({ minLength: 1, maxLength: 5000 }),
  channel: Type.Optional(Type.Union([Type.Literal('note'), Type.Literal('email'), Type.Literal('phone'), Type.Literal('chat')], { default: 'note' })),
  visibility: Type.Optional(Type.Union([Type.Literal('internal'), Type.Literal('customer')], { default: 'internal' })),
  author: Type.Optional(Type.String({ maxLength: 200, description: 'Shown name; default none (the actor is always recorded)' })),
}, { additionalProperties: false })
export type NoteInput = Static<typeof NoteInput>

export const CaptureInput = Type.Object({ amount: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })) }, { additionalProperties: false })
export type CaptureInput = Static<typeof CaptureInput>

export const RefundInput = Type.Object({
  amount: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  reason: Type.Optional(Type.String({ maxLength: 500 })),
  paymentId: Type.Optional(Uuid),
}, { additionalProperties: false })
export type RefundInput = Static<typeof RefundInput>

export const FulfilmentInput = Type.Object({ lines: LineQuantities, locationId: Type.Optional(Uuid) }, { additionalProperties: false })
export type FulfilmentInput = Static<typeof FulfilmentInput>

export const ShipInput = Type.Object({
  carrier: Type.Optional(Type.String({ maxLength: 100 })),
  trackingNumber: Type.Optional(Type.String({ maxLength: 100 })),
  trackingUrl: Type.Optional(Type.String({ maxLength: 2000, pattern: '^https?://' })),
}, { additionalProperties: false })
export type ShipInput = Static<typeof ShipInput>

export const ReturnInput = Type.Object({ lines: LineQuantities, reason: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false })
export type ReturnInput = Static<typeof ReturnInput>

export const ExchangeInput = Type.Object({
  lines: LineQuantities,
  newLines: Type.Array(Type.Object({ variantId: Uuid, quantity: Type.Integer({ minimum: 1, maximum: 100_000 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 100 }),
  reason: Type.Optional(Type.String({ maxLength: 500 })),
}, { additionalProperties: false })
export type ExchangeInput = Static<typeof ExchangeInput>

export const ReceiveInput = Type.Object({
  locationId: Type.Optional(Uuid),
  lines: Type.Optional(Type.Array(Type.Object({
    lineId: Uuid, disposition: Type.Union([Type.Literal('restock'), Type.Literal('write_off')]),
  }, { additionalProperties: false }), { maxItems: 500 })),
}, { additionalProperties: false })
export type ReceiveInput = Static<typeof ReceiveInput>

export const ReturnRefundInput = Type.Object({ amount: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })) }, { additionalProperties: false })
export type ReturnRefundInput = Static<typeof ReturnRefundInput>

// A create answers the new part beside the order, so its id is not mistaken for the order's.
export const CreatedFulfilment = Type.Object({ fulfilment: Fulfilment, order: AdminOrder })
export type CreatedFulfilment = Static<typeof CreatedFulfilment>
export const CreatedReturn = Type.Object({
  return: OrderReturn,
  order: AdminOrder,
}, { description: 'For an exchange, `return.exchangeOrderId` is the replacement order; `order` is the original one' })
export type CreatedReturn = Static<typeof CreatedReturn>

export const CreatedCustomerReturn = Type.Object({
  return: OrderReturn,
  order: CustomerOrder,
}, { description: 'The return the customer asked for, and their view of the order' })
export type CreatedCustomerReturn = Static<typeof CreatedCustomerReturn>

export const OrderSummaryPage = Type.Object({ items: Type.Array(OrderSummary), nextCursor: Type.Union([Type.String(), Type.Null()]) })

export { PaymentStatus }

export const ReleaseHoldInput = Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false })
export type ReleaseHoldInput = Static<typeof ReleaseHoldInput>
