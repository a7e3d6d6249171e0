import { BadRequestError, ConflictError, HttpError, NotFoundError, UnprocessableError } from '@comptoir/core'

/** 404: no such order, or it belongs to someone else (never tells which). */
export class OrderNotFoundError extends NotFoundError {
  readonly code = 'ORDERS_ORDER_NOT_FOUND'
  readonly title = 'Order not found'
  constructor (orderId: string) { super(`No order ${orderId}`, { orderId }) }
}

/** 404: a payment, fulfilment or return id that is not part of the order. */
export class OrderPartNotFoundError extends NotFoundError {
  readonly code = 'ORDERS_RESOURCE_NOT_FOUND'
  readonly title = 'Not found on this order'
  constructor (kind: string, id: string) { super(`No ${kind} ${id} on this order`, { kind, id }) }
}

/** 409: the order (or payment, return, fulfilment) is not in a state that allows the change. */
export class IllegalTransitionError extends ConflictError {
  readonly code = 'ORDERS_ILLEGAL_TRANSITION'
  readonly title = 'Illegal state transition'
  constructor (entity: string, from: string, to: string) {
    super(`A ${entity} cannot go from '${from}' to '${to}'`, { entity, from, to })
  }
}

/** 422: checkout named a payment provider that is not installed. */
export class UnknownPaymentProviderError extends UnprocessableError {
  readonly code = 'ORDERS_PAYMENT_PROVIDER_UNKNOWN'
  readonly title = 'Unknown payment provider'
  constructor (provider: string, available: string[]) {
    super(`No payment provider '${provider}'; available: ${available.join(', ') || 'none'}`, { provider, available })
  }
}

/** 400: `payment.data` does not match the provider's schema. */
export class InvalidPaymentDataError extends BadRequestError {
  readonly code = 'ORDERS_PAYMENT_DATA_INVALID'
  readonly title = 'Invalid payment data'
  constructor (errors: Array<{ pointer: string, detail: string }>) { super('payment.data does not match the provider\'s schema', { errors }) }
}

/** 402: the provider declined the payment; the order is cancelled and the cart reopened. */
export class PaymentDeclinedError extends HttpError {
  readonly status = 402
  readonly code = 'ORDERS_PAYMENT_DECLINED'
  readonly title = 'Payment declined'
  constructor (orderId: string, failureCode: string | null, message: string | null) {
    super(message ?? 'The payment was declined', { orderId, failureCode })
  }
}

/** 502-free gateway failure surfaced as 409: the provider refused a capture/refund/cancel. */
export class PaymentOperationFailedError extends ConflictError {
  readonly code = 'ORDERS_PAYMENT_OPERATION_FAILED'
  readonly title = 'The payment provider refused the operation'
  constructor (operation: string, message: string) { super(`${operation} failed: ${message}`, { operation }) }
}

/** 422: a quantity beyond what can be fulfilled, returned or refunded. */
export class QuantityExceededError extends UnprocessableError {
  readonly code = 'ORDERS_QUANTITY_EXCEEDED'
  readonly title = 'Quantity exceeds what is left'
  constructor (what: string, lineId: string, requested: number, left: number) {
    super(`Cannot ${what} ${requested} of line ${lineId}: ${left} left`, { lineId, requested, left })
  }
}

/** 422: a refund larger than what was captured and not yet refunded. */
export class RefundExceedsCapturedError extends UnprocessableError {
  readonly code = 'ORDERS_REFUND_EXCEEDS_CAPTURED'
  readonly title = 'Refund exceeds the refundable amount'
  constructor (requested: number, refundable: number) {
    super(`Cannot refund ${requested}: ${refundable} refundable`, { requested, refundable })
  }
}

/** 422: an action needs lines and got none, or listed one twice. */
export class InvalidLinesError extends UnprocessableError {
  readonly code = 'ORDERS_LINES_INVALID'
  readonly title = 'Invalid lines'
}

/** 409: the order is on hold (fraud review, manual check): no fulfilment, shipment or capture until the hold is released. */
export class OrderOnHoldError extends ConflictError {
  readonly code = 'ORDERS_ORDER_ON_HOLD'
  readonly title = 'The order is on hold'
  constructor (orderId: string, action: string) { super(`The order is on hold: release the hold before you ${action}`, { orderId, action }) }
}

/** 409: releasing the hold of an order that is not held. */
export class OrderNotHeldError extends ConflictError {
  readonly code = 'ORDERS_ORDER_NOT_HELD'
  readonly title = 'The order is not on hold'
  constructor (orderId: string) { super(`Order ${orderId} is not on hold`, { orderId }) }
}

/** 400: `extensions.<id>` in the checkout body names no registered extension or fails its schema. */
export class CheckoutExtensionInputError extends BadRequestError {
  readonly code = 'ORDERS_CHECKOUT_EXTENSION_INPUT_INVALID'
  readonly title = 'Invalid checkout extension input'
  constructor (errors: Array<{ pointer: string, detail: string }>) { super('extensions does not match what the checkout extensions accept', { errors }) }
}

/**
 * A checkout extension refused the checkout (status 403 unless it says otherwise). The code is
 * the extension's own stable code; the detail is its shopper-safe message, nothing more.
 */
export class CheckoutRefusedError extends HttpError {
  readonly status: number
  readonly code: string
  readonly title = 'Checkout refused'
  /** The refusing extension and its private data, for its `onFailure`; not part of the problem document. */
  readonly refusal: { extension: string, data: unknown }
  constructor (refusal: { code: string, message: string, status?: number, extension: string, data?: unknown }) {
    super(refusal.message)
    this.status = refusal.status ?? 403
    this.code = refusal.code
    this.refusal = { extension: refusal.extension, data: refusal.data }
  }
}
