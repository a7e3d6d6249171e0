import {
  buildBalanceTransaction, buildCustomer, buildDispute, buildSetupIntent, invalidRequest, list, notFound, type StripeObject,
} from './objects.js'
import { emitEvent, resolvePaymentMethod, type FakeState } from './payments.js'

/** Customers, payment methods, setup intents, disputes and lists of the fake Stripe. */
export function createCustomer (state: FakeState, p: Record<string, unknown>): StripeObject {
  const customer = buildCustomer({ email: p.email ?? null, name: p.name ?? null, description: p.description ?? null, metadata: p.metadata ?? {} })
  state.customers.set(customer.id, customer)
  emitEvent(state, 'customer.created', customer)
  return customer
}

export function getCustomer (state: FakeState, id: string): StripeObject {
  const customer = state.customers.get(id)
  if (customer == null) throw notFound('customer', id, 'id')
  return customer
}

export function updateCustomer (state: FakeState, id: string, p: Record<string, unknown>): StripeObject {
  const customer = getCustomer(state, id)
  for (const key of ['email', 'name', 'description'] as const) if (p[key] !== undefined) customer[key] = p[key]
  if (p.metadata != null) customer.metadata = { ...(customer.metadata as object), ...(p.metadata as object) }
  return customer
}

export function deleteCustomer (state: FakeState, id: string): StripeObject {
  getCustomer(state, id)
  state.customers.delete(id)
  for (const pm of state.paymentMethods.values()) if (pm.customer === id) pm.customer = null
  return { id, object: 'customer', deleted: true }
}

export function getPaymentMethod (state: FakeState, id: string): StripeObject {
  const pm = state.paymentMethods.get(id)
  if (pm == null) throw notFound('PaymentMethod', id, 'payment_method')
  return pm
}

export function attachPaymentMethod (state: FakeState, id: string, p: Record<string, unknown>): StripeObject {
  const customer = getCustomer(state, p.customer as string)
  const pm = resolvePaymentMethod(state, id)
  if (pm.customer != null && pm.customer !== customer.id) throw invalidRequest('The payment method you provided has already been attached to a customer.', { code: 'payment_method_unexpected_state' })
  pm.customer = customer.id
  emitEvent(state, 'payment_method.attached', pm)
  return pm
}

export function detachPaymentMethod (state: FakeState, id: string): StripeObject {
  const pm = getPaymentMethod(state, id)
  if (pm.customer == null) throw invalidRequest('The payment method you provided is not attached to a customer so detachment is impossible.', { code: 'payment_method_unexpected_state' })
  pm.customer = null
  emitEvent(state, 'payment_method.detached', pm)
  return pm
}

export function createSetupIntent (state: FakeState, p: Record<string, unknown>): StripeObject {
  if (p.customer != null) getCustomer(state, p.customer as string)
  const si = buildSetupIntent({ customer: p.customer ?? null, usage: p.usage ?? 'off_session', metadata: p.metadata ?? {}, status: 'requires_payment_method', payment_method: null })
  if (p.payment_method != null) {
    const pm = resolvePaymentMethod(state, p.payment_method as string)
    si.payment_method = pm.id
    si.status = 'requires_confirmation'
    if (p.confirm === true) {
      si.status = 'succeeded'
      if (si.customer != null) pm.customer = si.customer
    }
  }
  state.setupIntents.set(si.id, si)
  return si
}

export function getSetupIntent (state: FakeState, id: string): StripeObject {
  const si = state.setupIntents.get(id)
  if (si == null) throw notFound('setup_intent', id, 'intent')
  return si
}

/** Opens a dispute on a charge as the bank would: the amount and a fee leave the balance. */
export function openDispute (state: FakeState, chargeId: string, amount?: number, reason = 'fraudulent'): StripeObject {
  const charge = state.charges.get(chargeId)
  if (charge == null) throw notFound('charge', chargeId, 'charge')
  const value = amount ?? (charge.amount_captured as number)
  const dispute = buildDispute({ amount: value, currency: charge.currency, charge: charge.id, payment_intent: charge.payment_intent, reason, status: 'needs_response' })
  const txn = buildBalanceTransaction({ amount: -value, currency: charge.currency as string, type: 'adjustment', source: dispute.id, fee: 1500, description: `Chargeback withdrawal for ${charge.id}` })
  state.balanceTransactions.push(txn)
  dispute.balance_transactions = [txn]
  charge.disputed = true
  state.disputes.set(dispute.id, dispute)
  emitEvent(state, 'charge.dispute.created', dispute)
  return dispute
}

export function closeDispute (state: FakeState, disputeId: string, outcome: 'won' | 'lost'): StripeObject {
  const dispute = state.disputes.get(disputeId)
  if (dispute == null) throw notFound('dispute', disputeId, 'dispute')
  dispute.status = outcome
  if (outcome === 'won') {
    const txn = buildBalanceTransaction({ amount: dispute.amount as number, currency: dispute.currency as string, type: 'adjustment', source: dispute.id, fee: -1500, description: `Chargeback reversal for ${String(dispute.charge)}` })
    state.balanceTransactions.push(txn)
    ;(dispute.balance_transactions as unknown[]).push(txn)
  }
  emitEvent(state, 'charge.dispute.closed', dispute)
  return dispute
}

/** Stripe lists: newest first, `limit` (1–100, default 10), cursors by object id. */
export function listPage (url: string, items: StripeObject[], p: Record<string, unknown>): Record<string, unknown> {
  const limit = (p.limit as number | undefined) ?? 10
  if (limit < 1 || limit > 100) throw invalidRequest('Invalid integer: limit must be between 1 and 100', { param: 'limit' })
  let sorted = [...items].sort((a, b) => (b.created as number) - (a.created as number) || (items.indexOf(b) - items.indexOf(a)))
  if (p.starting_after != null) {
    const at = sorted.findIndex((o) => o.id === p.starting_after)
    if (at < 0) throw invalidRequest(`No such object: '${String(p.starting_after)}'`, { param: 'starting_after' })
    sorted = sorted.slice(at + 1)
  } else if (p.ending_before != null) {
    const at = sorted.findIndex((o) => o.id === p.ending_before)
    if (at < 0) throw invalidRequest(`No such object: '${String(p.ending_before)}'`, { param: 'ending_before' })
    sorted = sorted.slice(Math.max(0, at - limit), at)
  }
  return list(url, sorted.slice(0, limit), sorted.length > limit)
}

/** Applies Stripe's `created` range filter (an integer, or gt/gte/lt/lte). */
export function createdFilter (items: StripeObject[], created: unknown): StripeObject[] {
  if (created == null) return items
  if (typeof created === 'number') return items.filter((o) => o.created === created)
  const range = created as { gt?: number, gte?: number, lt?: number, lte?: number }
  return items.filter((o) => {
    const c = o.created as number
    return (range.gt == null || c > range.gt) && (range.gte == null || c >= range.gte) && (range.lt == null || c < range.lt) && (range.lte == null || c <= range.lte)
  })
}
