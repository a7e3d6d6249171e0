import type { Cradle, Ctx } from '@comptoir/core'
import type Stripe from 'stripe'
import { ordersPaymentsOf } from '../orders-port.js'
import type { EventFacts, HandledEventType } from './event-facts.js'
import { idOf } from './event-facts.js'
import { intentRanks, type IntentState } from './intent-states.js'
import type { PaymentRisk } from '@comptoir/plugin-orders'

export type EffectOutcome = 'applied' | 'unchanged' | 'stale' | 'ignored'

export interface EffectInput {
  type: HandledEventType
  facts: EventFacts
  occurredAt: Date
  /** charge.refunded: the charge's refunds, listed before the transaction opened. */
  refunds: Stripe.Refund[]
  /** Authorized or succeeded: Radar's outcome of the charge, read before the transaction opened. */
  risk?: PaymentRisk | undefined
}

/**
 * What each handled event does, inside the transaction that marks it processed: ledger rows
 * (idempotent per entry key), the forward-only intent state, then the orders plugin's service.
 */
export function createWebhookEffects (cradle: Cradle) {
  const { paymentsStripeLedger: ledger, paymentsStripeIntents: intents } = cradle
  const provider = 'stripe'

  /** Advances our record; the report reaches orders unless a later state is already known. */
  async function report (tx: Ctx, facts: EventFacts, status: IntentState, at: Date): Promise<boolean> {
    const paymentIntentId = facts.paymentIntentId as string
    const moved = await intents.advance(tx, { paymentIntentId, status, amount: facts.amount, currency: facts.currency, orderId: facts.orderId, paymentId: facts.paymentId, at })
    if (moved) return true
    const current = await intents.get(tx, paymentIntentId)
    return current == null || intentRanks[current.status] <= intentRanks[status]
  }

  function changed (results: Array<{ changed: boolean }>): EffectOutcome {
    return results.some((r) => r.changed) ? 'applied' : 'unchanged'
  }

  async function apply (tx: Ctx, { type, facts, occurredAt, refunds, risk }: EffectInput): Promise<EffectOutcome> {
    const orders = ordersPaymentsOf(cradle)
    const owner = { orderId: facts.orderId, paymentId: facts.paymentId }
    const reference = facts.paymentIntentId
    switch (type) {
      case 'payment_intent.amount_capturable_updated': {
        if ((facts.amountCapturable ?? 0) <= 0 || reference == null) return 'ignored'
        await ledger.record(tx, { kind: 'authorization', status: 'succeeded', amount: facts.amountCapturable ?? 0, currency: facts.currency, gatewayObjectId: reference, paymentIntentId: reference, chargeId: facts.chargeId, ...owner, occurredAt })
        if (!await report(tx, facts, 'authorized', occurredAt)) return 'stale'
        return changed([await orders.recordGatewayUpdate(tx, { provider, reference, status: 'authorized', amount: facts.amountCapturable ?? facts.amount, occurredAt, ...(risk != null ? { risk } : {}) })])
      }
      case 'payment_intent.succeeded': {
        if (reference == null) return 'ignored'
        await ledger.record(tx, { kind: 'capture', status: 'succeeded', amount: facts.amountReceived ?? facts.amount, currency: facts.currency, gatewayObjectId: facts.chargeId ?? reference, paymentIntentId: reference, chargeId: facts.chargeId, ...owner, occurredAt })
        if (!await report(tx, facts, 'captured', occurredAt)) return 'stale'
        return changed([await orders.recordGatewayUpdate(tx, { provider, reference, status: 'captured', amount: facts.amount, amountCaptured: facts.amountReceived ?? facts.amount, occurredAt, ...(risk != null ? { risk } : {}) })])
      }
      case 'payment_intent.payment_failed': {
        if (reference == null) return 'ignored'
        if (!await report(tx, facts, 'failed', occurredAt)) return 'stale'
        return changed([await orders.recordGatewayUpdate(tx, {
          provider, reference, status: 'failed', occurredAt,
          ...(facts.failureCode != null ? { failureCode: facts.failureCode } : {}),
          ...(facts.failureMessage != null ? { failureMessage: facts.failureMessage } : {}),
        })])
      }
      case 'payment_intent.canceled': {
        if (reference == null) return 'ignored'
        if (!await report(tx, facts, 'canceled', occurredAt)) return 'stale'
        return changed([await orders.recordGatewayUpdate(tx, { provider, reference, status: 'canceled', occurredAt })])
      }
      case 'charge.refunded': {
        if (reference == null) return 'ignored'
        const known = await ledger.ownerOf(tx, reference)
        const results = []
        for (const refund of refunds) {
          if (refund.status !== 'succeeded' && refund.status !== 'pending') continue
          const at = new Date(refund.created * 1000)
          await ledger.record(tx, { kind: 'refund', status: refund.status, amount: refund.amount, currency: refund.currency, gatewayObjectId: refund.id, paymentIntentId: reference, chargeId: facts.chargeId, balanceTransactionId: idOf(refund.balance_transaction), orderId: known.orderId ?? facts.orderId, paymentId: known.paymentId ?? facts.paymentId, occurredAt: at })
          results.push(await orders.recordGatewayRefund(tx, { provider, reference, refundReference: refund.id, amount: refund.amount, occurredAt: at }))
        }
        return changed(results)
      }
      case 'charge.dispute.created':
      case 'charge.dispute.closed': {
        const status = type === 'charge.dispute.created' ? 'opened' : facts.status === 'won' ? 'won' : facts.status === 'lost' ? 'lost' : 'closed'
        const known = reference != null ? await ledger.ownerOf(tx, reference) : { orderId: null, paymentId: null }
        await ledger.record(tx, { kind: 'dispute', status, entryKey: `dispute:${facts.objectId}:${status}`, amount: facts.amount, currency: facts.currency, gatewayObjectId: facts.objectId, paymentIntentId: reference, chargeId: facts.chargeId, ...known, occurredAt })
        if (reference == null) return 'ignored'
        // Opened after closed (out of order): the ledger keeps the fact, the order keeps its outcome.
        if (status === 'opened') {
          const closed = await tx.db('payments_stripe_ledger').where({ kind: 'dispute', gateway_object_id: facts.objectId }).whereNot({ status: 'opened' }).first('id')
          if (closed != null) return 'stale'
        }
        return changed([await orders.recordDispute(tx, { provider, reference, disputeReference: facts.objectId, status, amount: facts.amount, ...(facts.reason != null ? { reason: facts.reason } : {}) })])
      }
    }
  }

  return { apply }
}
