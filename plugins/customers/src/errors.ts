import { BadRequestError, ConflictError, ForbiddenError, NotFoundError, TooManyRequestsError, UnauthorizedError, UnprocessableError } from '@comptoir/core'

/** 401: refreshing a session that ended while the request ran (customer routes without a token get the kernel's CORE_UNAUTHENTICATED). */
export class CustomerSignInRequiredError extends UnauthorizedError {
  readonly code = 'CUSTOMERS_SIGN_IN_REQUIRED'
  readonly title = 'Sign in required'
  constructor () { super('Send the customer session token as Authorization: Bearer <token>') }
}

/** 401 on login: the same answer for an unknown email, a wrong password, a disabled or erased account. */
export class CustomerInvalidCredentialsError extends UnauthorizedError {
  readonly code = 'CUSTOMERS_INVALID_CREDENTIALS'
  readonly title = 'Invalid credentials'
  constructor () { super('The email or password is incorrect') }
}

/** 429: too many failed logins for this email or from this address; same answer whether the email exists. */
export class CustomerLoginLockedError extends TooManyRequestsError {
  readonly code = 'CUSTOMERS_LOGIN_LOCKED'
  readonly title = 'Too many failed logins'
  constructor (retryAfterSeconds: number) {
    super(`Too many failed logins; try again in ${retryAfterSeconds} s`, { retryAfterSeconds })
  }
}

export class CustomerEmailTakenError extends ConflictError {
  readonly code = 'CUSTOMERS_EMAIL_TAKEN'
  readonly title = 'Email already in use'
  constructor (cause?: unknown) { super('An account with this email already exists', {}, { cause }) }
}

export class CustomerNotFoundError extends NotFoundError {
  readonly code = 'CUSTOMERS_CUSTOMER_NOT_FOUND'
  readonly title = 'Customer not found'
  constructor (customerId: string) { super(`No customer ${customerId}`, { customerId }) }
}

export class CustomerErasedError extends ConflictError {
  readonly code = 'CUSTOMERS_CUSTOMER_ERASED'
  readonly title = 'Customer erased'
  constructor (customerId: string) { super(`Customer ${customerId} was erased and cannot change`, { customerId }) }
}

export class AddressNotFoundError extends NotFoundError {
  readonly code = 'CUSTOMERS_ADDRESS_NOT_FOUND'
  readonly title = 'Address not found'
  constructor (addressId: string) { super(`No address ${addressId}`, { addressId }) }
}

export class PaymentMethodNotFoundError extends NotFoundError {
  readonly code = 'CUSTOMERS_PAYMENT_METHOD_NOT_FOUND'
  readonly title = 'Payment method not found'
  constructor (paymentMethodId: string) { super(`No payment method ${paymentMethodId}`, { paymentMethodId }) }
}

/** 422: a payment-method field looks like a card number; only gateway references are stored. */
export class CardDataRejectedError extends UnprocessableError {
  readonly code = 'CUSTOMERS_CARD_DATA_REJECTED'
  readonly title = 'Card numbers are not accepted'
  constructor (cause?: unknown) {
    super('Store the gateway\'s customer and payment-method ids, never a card number', {}, { cause })
  }
}

export class GroupNotFoundError extends NotFoundError {
  readonly code = 'CUSTOMERS_GROUP_NOT_FOUND'
  readonly title = 'Customer group not found'
  constructor (groupId: string) { super(`No customer group ${groupId}`, { groupId }) }
}

export class GroupCodeTakenError extends ConflictError {
  readonly code = 'CUSTOMERS_GROUP_CODE_TAKEN'
  readonly title = 'Group code already in use'
  constructor (code: string, cause?: unknown) { super(`A customer group with code '${code}' exists`, { groupCode: code }, { cause }) }
}

/** 400: a password-reset or email-change token that is unknown, expired or already used (never says which). */
export class InvalidCustomerTokenError extends BadRequestError {
  readonly code = 'CUSTOMERS_INVALID_TOKEN'
  readonly title = 'Invalid or expired token'
  constructor () { super('The link is invalid or has expired; ask for a new one') }
}

export class CurrentPasswordInvalidError extends ForbiddenError {
  readonly code = 'CUSTOMERS_CURRENT_PASSWORD_INVALID'
  readonly title = 'Current password is incorrect'
  constructor () { super('The current password is incorrect') }
}
