import type { Cradle, Ctx } from '@comptoir/core'
import type { PaymentRisk } from '@comptoir/plugin-orders'

/**
 * The orders plugin's service for outcomes a gateway reports on its own (container name
 * `ordersPayments`, see docs/plugins/orders.md). Idempotent and forward-only on its side too.
 */
export interface GatewayOutcomes {
  recordGatewayUpdate: (ctx: Ctx, input: {
    provider: string
    reference: string
    status: 'authorized' | 'captured' | 'failed' | 'canceled'
    amount?: number
    amountCaptured?: number
    failureCode?: string
    failureMessage?: string
    occurredAt?: Date
    /** Radar's outcome and the card's fingerprint/country, for checkout extensions (fraud). */
    risk?: PaymentRisk
  }) => Promise<{ changed: boolean, orderId: string | null }>
  recordGatewayRefund: (ctx: Ctx, input: { provider: string, reference: string, refundReference: string, amount: number, occurredAt?: Date }) => Promise<{ changed: boolean, orderId: string | null }>
  recordDispute: (ctx: Ctx, input: { provider: string, reference: string, disputeReference: string, status: 'opened' | 'won' | 'lost' | 'closed', amount: number, reason?: string }) => Promise<{ changed: boolean, orderId: string | null }>
}

/**
 * Resolves `ordersPayments` when called (the orders plugin registers it; we depend on orders).
 * Typed through orders' declaration merging: if its signatures drift from the contract, this fails to compile.
 */
export function ordersPaymentsOf (cradle: Cradle): GatewayOutcomes {
  return cradle.ordersPayments
}
