import { BadRequestError, ConflictError, HttpError, NotFoundError } from '@comptoir/core'

/**
 * Errors of the payments-stripe plugin. None carries a secret or a raw Stripe message: Stripe's
 * wording can echo request data, so only its stable `code` and request id are passed on.
 */

/** 503: no secret key (option `secretKey` or env STRIPE_SECRET_KEY) is configured. */
export class StripeNotConfiguredError extends HttpError {
  readonly status = 503
  readonly code = 'PAYMENTS_STRIPE_NOT_CONFIGURED'
  readonly title = 'Stripe is not configured'
  constructor (what: 'secret key' | 'webhook secret') {
    super(`The store has no Stripe ${what}; card payments are unavailable`)
  }
}

/** 502: Stripe could not be reached, answered 5xx, or refused our credentials. Retry later. */
export class StripeUnavailableError extends HttpError {
  readonly status = 502
  readonly code = 'PAYMENTS_STRIPE_UNAVAILABLE'
  readonly title = 'The payment gateway is unavailable'
  constructor (stripeRequestId: string | null, cause?: unknown) {
    super('Stripe did not complete the request; try again later', stripeRequestId != null ? { stripeRequestId } : {}, { cause })
  }
}

/** 409: Stripe refused the operation in the payment's current state (already captured, amount too large…). */
export class StripeRequestRefusedError extends ConflictError {
  readonly code = 'PAYMENTS_STRIPE_REQUEST_REFUSED'
  readonly title = 'The payment gateway refused the request'
  constructor (stripeCode: string | null, stripeRequestId: string | null, cause?: unknown) {
    super(`Stripe refused the request${stripeCode != null ? ` (${stripeCode})` : ''}`, { stripeCode, ...(stripeRequestId != null ? { stripeRequestId } : {}) }, { cause })
  }
}

/** 400: the Stripe-Signature header is missing, malformed, too old, or does not match the body. */
export class WebhookSignatureInvalidError extends BadRequestError {
  readonly code = 'PAYMENTS_STRIPE_WEBHOOK_SIGNATURE_INVALID'
  readonly title = 'Invalid webhook signature'
  constructor (cause?: unknown) { super('The Stripe-Signature header does not verify against the raw body', {}, { cause }) }
}

/** 400: the signed body is not a Stripe event. */
export class WebhookPayloadInvalidError extends BadRequestError {
  readonly code = 'PAYMENTS_STRIPE_WEBHOOK_PAYLOAD_INVALID'
  readonly title = 'Invalid webhook payload'
  constructor () { super('The body is not a Stripe event object') }
}

/** 404: the saved payment method is not one of the signed-in customer's. */
export class SavedPaymentMethodNotFoundError extends NotFoundError {
  readonly code = 'PAYMENTS_STRIPE_PAYMENT_METHOD_NOT_FOUND'
  readonly title = 'No such saved payment method'
  constructor (paymentMethodId: string) { super(`No saved payment method ${paymentMethodId}`, { paymentMethodId }) }
}

/** 400: a reporting or reconciliation period that ends before it starts or spans too long. */
export class InvalidPeriodError extends BadRequestError {
  readonly code = 'PAYMENTS_STRIPE_INVALID_PERIOD'
  readonly title = 'Invalid period'
  constructor (detail: string) { super(detail) }
}

/** 404: no reconciliation run with this id. */
export class ReconciliationRunNotFoundError extends NotFoundError {
  readonly code = 'PAYMENTS_STRIPE_RECONCILIATION_RUN_NOT_FOUND'
  readonly title = 'No such reconciliation run'
  constructor (runId: string) { super(`No reconciliation run ${runId}`, { runId }) }
}
