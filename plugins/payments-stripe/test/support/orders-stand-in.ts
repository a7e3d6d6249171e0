import { definePlugin, type Ctx } from '@comptoir/core'
import type { PaymentProvider } from '@comptoir/plugin-orders'
import type { GatewayOutcomes } from '../../src/orders-port.js'

/**
 * A test-only plugin named `orders`: the provider registry and an `ordersPayments` that records
 * every call and keeps a forward-only status per reference, as the contract requires. It lets
 * the webhook and provider suites run without the whole orders stack; checkout.test.ts runs the
 * real orders plugin.
 */
export interface RecordedCall { method: keyof GatewayOutcomes, input: Record<string, unknown>, changed: boolean }

export interface StandIn {
  calls: RecordedCall[]
  statusOf: (reference: string) => string | undefined
  refundsOf: (reference: string) => number
  /** A dispute's outcome as orders would keep it: a decision is never overwritten by `opened`. */
  disputeOf: (disputeReference: string) => string | undefined
  /** The next `count` calls throw (a crash while an event is applied). */
  failNext: (count: number) => void
}

const rank: Record<string, number> = { pending: 0, failed: 1, canceled: 1, authorized: 2, captured: 3 }
const disputeRank: Record<string, number> = { opened: 0, won: 1, lost: 1, closed: 1 }

function createStandIn (): GatewayOutcomes & { record: StandIn } {
  const calls: RecordedCall[] = []
  const statuses = new Map<string, string>()
  const refunds = new Map<string, number>()
  const seen = new Set<string>()
  const disputes = new Map<string, string>()
  let failures = 0
  const maybeFail = (): void => { if (failures > 0) { failures--; throw new Error('stand-in crash') } }
  return {
    record: { calls, statusOf: (reference) => statuses.get(reference), refundsOf: (reference) => refunds.get(reference) ?? 0, disputeOf: (reference) => disputes.get(reference), failNext: (count) => { failures = count } },
    async recordGatewayUpdate (_ctx: Ctx, input) {
      maybeFail()
      const before = statuses.get(input.reference)
      const changed = before == null || (rank[input.status] ?? 0) > (rank[before] ?? 0)
      if (changed) statuses.set(input.reference, input.status)
      calls.push({ method: 'recordGatewayUpdate', input: { ...input }, changed })
      return { changed, orderId: null }
    },
    async recordGatewayRefund (_ctx: Ctx, input) {
      maybeFail()
      const changed = !seen.has(input.refundReference)
      if (changed) { seen.add(input.refundReference); refunds.set(input.reference, (refunds.get(input.reference) ?? 0) + input.amount) }
      calls.push({ method: 'recordGatewayRefund', input: { ...input }, changed })
      return { changed, orderId: null }
    },
    async recordDispute (_ctx: Ctx, input) {
      const key = `${input.disputeReference}:${input.status}`
      const changed = !seen.has(key)
      seen.add(key)
      const before = disputes.get(input.disputeReference)
      if (before == null || disputeRank[input.status]! > disputeRank[before]!) disputes.set(input.disputeReference, input.status)
      calls.push({ method: 'recordDispute', input: { ...input }, changed })
      return { changed, orderId: null }
    },
  }
}

function createRegistry () {
  const providers = new Map<string, PaymentProvider>()
  return {
    register (provider: PaymentProvider): void { providers.set(provider.id, provider) },
    get (id: string): PaymentProvider | undefined { return providers.get(id) },
    list (): PaymentProvider[] { return [...providers.values()] },
  }
}

export const ordersStandIn = definePlugin({
  name: 'orders',
  version: '0.1.0',
  services: {
    ordersPaymentProviders: createRegistry,
    ordersPayments: createStandIn,
  },
})

/** The stand-in's recorder inside an app. */
export function standInOf (services: unknown): StandIn {
  return (services as { ordersPayments: { record: StandIn } }).ordersPayments.record
}
