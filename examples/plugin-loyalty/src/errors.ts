import { ConflictError } from '@comptoir/core'

/** Codes of checkout refusals (answered by orders' checkout as problem+json). */
export const loyaltyRefusalCodes = {
  insufficientPoints: 'LOYALTY_INSUFFICIENT_POINTS',
  signInRequired: 'LOYALTY_SIGN_IN_REQUIRED',
  tooManyPoints: 'LOYALTY_POINTS_EXCEED_TOTAL',
} as const

export class LoyaltyInsufficientPointsError extends ConflictError {
  readonly code = 'LOYALTY_INSUFFICIENT_POINTS'
  readonly title = 'Not enough points'
  constructor (customerId: string, points: number, balance: number) {
    super(`The account holds ${balance} points, fewer than ${points}`, { customerId, points, balance })
  }
}
