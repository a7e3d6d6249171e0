import type { Cradle } from '@comptoir/core'
import type { CheckoutExtension } from '@comptoir/plugin-orders'
import type { LoyaltyConfig } from './config.js'
import { LoyaltyInsufficientPointsError, loyaltyRefusalCodes } from './errors.js'
import { RedeemInput } from './schemas.js'

/**
 * Redemption at checkout, through orders' extension point: the shopper sends
 * `extensions: { loyalty: { points } }`; the points are debited inside checkout's transaction
 * (so a checkout that fails before payment spends nothing) and become a discount line.
 */
export function loyaltyCheckoutExtension (services: Cradle, config: LoyaltyConfig): CheckoutExtension {
  return {
    id: 'loyalty',
    inputSchema: RedeemInput,
    async beforePayment (ctx, checkout) {
      if (checkout.input == null) return
      const { points } = checkout.input as RedeemInput
      if (checkout.customerId == null) {
        return { refuse: { code: loyaltyRefusalCodes.signInRequired, message: 'Sign in to spend loyalty points', status: 403 } }
      }
      const amount = points * config.pointValue
      if (amount > checkout.totals.total) {
        return { refuse: { code: loyaltyRefusalCodes.tooManyPoints, message: `${points} points are worth more than this order's total`, status: 422 } }
      }
      try {
        await services.loyalty.redeem(ctx, checkout.customerId, points, checkout.orderId)
      } catch (error) {
        if (!(error instanceof LoyaltyInsufficientPointsError)) throw error
        return { refuse: { code: loyaltyRefusalCodes.insufficientPoints, message: error.message, status: 409 } }
      }
      return { adjustments: [{ code: 'loyalty_points', label: `${points} loyalty points`, amount }] }
    },
    // A payment that failed after the order was written: the points it spent come back.
    async onFailure (ctx, failure) {
      if (failure.orderId != null) await services.loyalty.restoreForOrder(ctx, failure.orderId)
    },
  }
}
