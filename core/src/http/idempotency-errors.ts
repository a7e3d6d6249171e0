import { BadRequestError, ConflictError, UnprocessableError } from '../errors.js'

export class IdempotencyKeyRequiredError extends BadRequestError {
  readonly code = 'CORE_IDEMPOTENCY_KEY_REQUIRED'
  readonly title = 'Idempotency-Key header required'
  constructor () { super('Send an Idempotency-Key header (a unique value, such as a UUID, reused only to retry this request)') }
}

export class IdempotencyKeyInvalidError extends BadRequestError {
  readonly code = 'CORE_IDEMPOTENCY_KEY_INVALID'
  readonly title = 'Invalid Idempotency-Key header'
  constructor () { super('Idempotency-Key must be 1 to 255 visible ASCII characters') }
}

export class IdempotencyKeyReusedError extends UnprocessableError {
  readonly code = 'CORE_IDEMPOTENCY_KEY_REUSED'
  readonly title = 'Idempotency-Key reused for another request'
  constructor () { super('This Idempotency-Key was used for a different request; use a new key for a new request') }
}

export class IdempotencyInProgressError extends ConflictError {
  readonly code = 'CORE_IDEMPOTENCY_IN_PROGRESS'
  readonly title = 'A request with this Idempotency-Key is in progress'
  constructor () { super('The first request with this Idempotency-Key has not finished; retry later with the same key') }
}
