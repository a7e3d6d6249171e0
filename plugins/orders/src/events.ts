import { Type } from '@comptoir/core'

const OrderRef = {
  orderId: Type.String({ format: 'uuid' }),
  number: Type.String(),
  customerId: Type.Union([Type.String(), Type.Null()]),
}
const Amount = { amount: Type.Integer(), currency: Type.String() }

/** Every event the order lifecycle emits (name → payload). Payloads carry ids and amounts, never personal data. */
export const orderEvents = {
  'orders.order.placed': Type.Object({ ...OrderRef, ...Amount }),
  'orders.order.confirmed': Type.Object({ ...OrderRef }),
  'orders.order.paid': Type.Object({ ...OrderRef, ...Amount }),
  'orders.order.cancelled': Type.Object({ ...OrderRef, reason: Type.Union([Type.String(), Type.Null()]) }),
  'orders.order.fulfilled': Type.Object({ ...OrderRef, fulfilmentId: Type.String(), complete: Type.Boolean() }),
  'orders.order.shipped': Type.Object({
    ...OrderRef, fulfilmentId: Type.String(),
    carrier: Type.Union([Type.String(), Type.Null()]), trackingNumber: Type.Union([Type.String(), Type.Null()]), trackingUrl: Type.Union([Type.String(), Type.Null()]),
  }),
  'orders.order.held': Type.Object({ ...OrderRef, source: Type.String() }),
  'orders.order.released': Type.Object({ ...OrderRef, source: Type.String() }),
  'orders.order.delivered': Type.Object({ ...OrderRef, fulfilmentId: Type.String() }),
  'orders.payment.authorized': Type.Object({ ...OrderRef, paymentId: Type.String(), provider: Type.String(), ...Amount }),
  'orders.payment.captured': Type.Object({ ...OrderRef, paymentId: Type.String(), provider: Type.String(), ...Amount }),
  'orders.payment.failed': Type.Object({ ...OrderRef, paymentId: Type.String(), provider: Type.String(), failureCode: Type.Union([Type.String(), Type.Null()]) }),
  'orders.payment.refunded': Type.Object({ ...OrderRef, paymentId: Type.String(), refundId: Type.String(), ...Amount }),
  'orders.payment.disputed': Type.Object({ ...OrderRef, paymentId: Type.String(), status: Type.String(), ...Amount }),
  'orders.return.requested': Type.Object({ ...OrderRef, returnId: Type.String() }),
  'orders.return.received': Type.Object({ ...OrderRef, returnId: Type.String() }),
  'orders.note.added': Type.Object({ ...OrderRef, entryId: Type.String(), visibility: Type.String() }),
}
export type OrderEventName = keyof typeof orderEvents
