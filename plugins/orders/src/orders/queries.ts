import { keysetPage, Type, type Ctx, type PageOf, type Static } from '@comptoir/core'
import type { OrderRow } from './rows.js'
import { OrderStatus, PaymentStatus } from './schemas.js'

/** Admin search filters; every one optional, combined with AND. */
export const OrderSearch = Type.Object({
  status: Type.Optional(OrderStatus),
  paymentStatus: Type.Optional(PaymentStatus),
  customerId: Type.Optional(Type.String({ format: 'uuid', maxLength: 36 })),
  email: Type.Optional(Type.String({ maxLength: 254, description: 'Exact email, case-insensitive' })),
  number: Type.Optional(Type.Integer({ minimum: 1, description: 'Order number without its prefix' })),
  createdFrom: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
  createdTo: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
  totalMin: Type.Optional(Type.Integer({ minimum: 0 })),
  totalMax: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 512, pattern: '^[A-Za-z0-9_-]+$' })),
}, { additionalProperties: false })
export type OrderSearch = Static<typeof OrderSearch>

/** Newest first, keyset on the order number (unique and increasing), so pages never skip or repeat. */
export async function searchOrders (ctx: Ctx, filter: OrderSearch): Promise<PageOf<OrderRow>> {
  const query = ctx.db('orders_orders').select('*')
  if (filter.status != null) query.where('status', filter.status)
  if (filter.paymentStatus != null) query.where('payment_status', filter.paymentStatus)
  if (filter.customerId != null) query.where('customer_id', filter.customerId)
  if (filter.email != null) query.whereRaw('lower(email) = lower(?)', [filter.email])
  if (filter.number != null) query.where('number', filter.number)
  if (filter.createdFrom != null) query.where('created_at', '>=', filter.createdFrom)
  if (filter.createdTo != null) query.where('created_at', '<', filter.createdTo)
  if (filter.totalMin != null) query.where('total_amount', '>=', filter.totalMin)
  if (filter.totalMax != null) query.where('total_amount', '<=', filter.totalMax)
  return await keysetPage<OrderRow>(query, { limit: filter.limit, cursor: filter.cursor }, {
    list: 'orders', columns: ['number'], direction: 'desc', keyOf: (row) => [Number(row.number)],
  })
}
