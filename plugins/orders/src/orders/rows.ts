import type { Fulfilment, OrderAddress, OrderLine, OrderReturn, OrderStatus, OrderSummary, Payment, PaymentStatus, Refund, TimelineEntry } from './schemas.js'

export interface OrderRow {
  id: string, number: string | number, cart_id: string | null, customer_id: string | null, email: string
  status: OrderStatus, payment_status: PaymentStatus, currency: string
  subtotal_amount: string | number, discount_amount: string | number, shipping_amount: string | number
  tax_amount: string | number, total_amount: string | number, refunded_amount: string | number, tax_inclusive: boolean
  shipping_address: OrderAddress | null, billing_address: OrderAddress | null
  shipping_option: { id: string, name: string, amount: number, taxAmount: number } | null
  promotions: Array<{ id: string, code: string, discountAmount: number }>
  cancel_reason: string | null, created_at: Date, updated_at: Date
  held_at: Date | null, hold_source: string | null, hold_reason: string | null
  adjustments: Array<{ extension: string, code: string, label: string, amount: number }>
}

export interface LineRow {
  id: string, order_id: string, position: number, variant_id: string, product_id: string, sku: string | null, title: string
  variant_title: string | null, quantity: number, unit_amount: string | number, subtotal_amount: string | number
  discount_amount: string | number, tax_amount: string | number, total_amount: string | number, tax_rate_bps: number
  requires_shipping: boolean, fulfilled_quantity: number, returned_quantity: number
}

export interface PaymentRow {
  id: string, order_id: string, provider: string, reference: string | null, status: PaymentStatus, currency: string
  amount: string | number, authorized_amount: string | number, captured_amount: string | number, refunded_amount: string | number
  failure_code: string | null, failure_message: string | null, created_at: Date
}

export interface RefundRow {
  id: string, order_id: string, payment_id: string, return_id: string | null, provider: string, reference: string | null
  status: Refund['status'], amount: string | number, reason: string | null, created_at: Date
}

export interface FulfilmentRow {
  id: string, order_id: string, location_id: string | null, status: Fulfilment['status'], carrier: string | null
  tracking_number: string | null, tracking_url: string | null, shipped_at: Date | null, delivered_at: Date | null, created_at: Date
}

export interface ReturnRow {
  id: string, order_id: string, status: OrderReturn['status'], reason: string | null, location_id: string | null
  refund_amount: string | number | null, exchange_order_id: string | null, received_at: Date | null, created_at: Date
}

export interface TimelineRow {
  id: string, order_id: string, kind: string, actor_type: string, actor_id: string, from_status: string | null
  to_status: string | null, reason: string | null, body: string | null, channel: string | null
  visibility: 'internal' | 'customer', author: string | null, data: Record<string, unknown> | null, created_at: Date
}

const iso = (d: Date | string): string => new Date(d).toISOString()
const isoOrNull = (d: Date | string | null): string | null => d == null ? null : iso(d)

export function orderNumber (prefix: string, n: string | number): string {
  return `${prefix}${String(n)}`
}

export function toOrderSummary (row: OrderRow, prefix: string): OrderSummary {
  return {
    id: row.id,
    number: orderNumber(prefix, row.number),
    status: row.status,
    paymentStatus: row.payment_status,
    customerId: row.customer_id,
    email: row.email,
    currency: row.currency.trim(),
    totals: {
      subtotal: Number(row.subtotal_amount),
      discount: Number(row.discount_amount),
      shipping: Number(row.shipping_amount),
      tax: Number(row.tax_amount),
      total: Number(row.total_amount),
      refunded: Number(row.refunded_amount),
    },
    taxInclusive: row.tax_inclusive,
    cancelReason: row.cancel_reason,
    hold: row.held_at == null ? null : { source: row.hold_source ?? 'orders', reason: row.hold_reason ?? '', heldAt: iso(row.held_at) },
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  }
}

export function toLine (row: LineRow): OrderLine {
  return {
    id: row.id,
    variantId: row.variant_id,
    productId: row.product_id,
    sku: row.sku,
    title: row.title,
    variantTitle: row.variant_title,
    quantity: row.quantity,
    unitAmount: Number(row.unit_amount),
    subtotalAmount: Number(row.subtotal_amount),
    discountAmount: Number(row.discount_amount),
    taxAmount: Number(row.tax_amount),
    totalAmount: Number(row.total_amount),
    taxRateBps: row.tax_rate_bps,
    requiresShipping: row.requires_shipping,
    fulfilledQuantity: row.fulfilled_quantity,
    returnedQuantity: row.returned_quantity,
  }
}

export function toPayment (row: PaymentRow): Payment {
  return {
    id: row.id,
    provider: row.provider,
    reference: row.reference,
    status: row.status,
    amount: Number(row.amount),
    authorizedAmount: Number(row.authorized_amount),
    capturedAmount: Number(row.captured_amount),
    refundedAmount: Number(row.refunded_amount),
    currency: row.currency.trim(),
    failureCode: row.failure_code,
    failureMessage: row.failure_message,
    createdAt: iso(row.created_at),
  }
}

export function toRefund (row: RefundRow): Refund {
  return {
    id: row.id, paymentId: row.payment_id, returnId: row.return_id, amount: Number(row.amount), status: row.status,
    reference: row.reference, reason: row.reason, createdAt: iso(row.created_at),
  }
}

export function toFulfilment (row: FulfilmentRow, lines: Fulfilment['lines']): Fulfilment {
  return {
    id: row.id, status: row.status, locationId: row.location_id, lines, carrier: row.carrier,
    trackingNumber: row.tracking_number, trackingUrl: row.tracking_url, shippedAt: isoOrNull(row.shipped_at),
    deliveredAt: isoOrNull(row.delivered_at), createdAt: iso(row.created_at),
  }
}

export function toReturn (row: ReturnRow, lines: OrderReturn['lines']): OrderReturn {
  return {
    id: row.id, status: row.status, reason: row.reason, lines, locationId: row.location_id,
    refundAmount: row.refund_amount == null ? null : Number(row.refund_amount), exchangeOrderId: row.exchange_order_id,
    receivedAt: isoOrNull(row.received_at), createdAt: iso(row.created_at),
  }
}

export function toTimelineEntry (row: TimelineRow): TimelineEntry {
  return {
    id: row.id, kind: row.kind, actor: { type: row.actor_type, id: row.actor_id }, from: row.from_status, to: row.to_status,
    reason: row.reason, body: row.body, channel: row.channel, visibility: row.visibility, author: row.author,
    data: row.data, createdAt: iso(row.created_at),
  }
}
