import { BadRequestError, UnprocessableError } from '@comptoir/core'

/** POST /store/events needs an anonymous session id (x-session-id header or comptoir_sid cookie). */
export class SessionRequiredError extends BadRequestError {
  readonly code = 'ANALYTICS_SESSION_REQUIRED'
  readonly title = 'Session id required'
  constructor () {
    super('Send an anonymous session id in the x-session-id header or the comptoir_sid cookie (8–64 characters: letters, digits, - and _)')
  }
}

/** A report range that ends before it starts, or spans more than the maximum. */
export class InvalidRangeError extends UnprocessableError {
  readonly code = 'ANALYTICS_INVALID_RANGE'
  readonly title = 'Invalid date range'
  constructor (detail: string, from: string, to: string) {
    super(detail, { from, to })
  }
}
