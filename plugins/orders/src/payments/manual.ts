import type { PaymentProvider } from './provider.js'

/**
 * Bank transfer / pay on delivery: nothing happens at a gateway. Authorizing records that the
 * buyer owes the money; an admin "marks paid" (capture) when it arrives. Lets the embedded
 * default take orders with no gateway keys.
 */
export function createManualProvider (): PaymentProvider {
  return {
    id: 'manual',
    title: 'Bank transfer / pay on delivery',
    manualSettlement: true,
    async authorize (_ctx, input) {
      return { status: 'authorized', reference: null, amount: input.amount }
    },
    async capture (_ctx, input) {
      return { status: 'captured', amountCaptured: input.amount }
    },
    async cancel () {},
    async refund () {
      // Money goes back by the same manual channel; the refund row records it.
      return { reference: null, status: 'succeeded' }
    },
  }
}
