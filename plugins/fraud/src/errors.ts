import { ConflictError, NotFoundError } from '@comptoir/core'

/** The code of a blocked checkout (403). Its detail never says which rule hit. */
export const checkoutRefusedCode = 'FRAUD_CHECKOUT_REFUSED'
export const checkoutRefusedMessage = 'We could not accept this order. Please contact us if you think this is a mistake.'

/** 404: no assessment for this order. */
export class AssessmentNotFoundError extends NotFoundError {
  readonly code = 'FRAUD_ASSESSMENT_NOT_FOUND'
  readonly title = 'No fraud assessment for this order'
  constructor (orderId: string) { super(`Order ${orderId} has no fraud assessment`, { orderId }) }
}

/** 409: approving or rejecting an order that is not waiting for review (decided already, or never held). */
export class ReviewNotPendingError extends ConflictError {
  readonly code = 'FRAUD_REVIEW_NOT_PENDING'
  readonly title = 'The order is not waiting for review'
  constructor (orderId: string, status: string) { super(`Order ${orderId} is '${status}', not held for review`, { orderId, status }) }
}

/** 409: the value is on the block list already. */
export class BlockEntryExistsError extends ConflictError {
  readonly code = 'FRAUD_BLOCK_ENTRY_EXISTS'
  readonly title = 'Already on the block list'
  constructor (kind: string, options?: { cause?: unknown }) { super(`This ${kind} is on the block list already`, { kind }, options) }
}

/** 404: no such block-list entry. */
export class BlockEntryNotFoundError extends NotFoundError {
  readonly code = 'FRAUD_BLOCK_ENTRY_NOT_FOUND'
  readonly title = 'Block-list entry not found'
  constructor (entryId: string) { super(`No block-list entry ${entryId}`, { entryId }) }
}
