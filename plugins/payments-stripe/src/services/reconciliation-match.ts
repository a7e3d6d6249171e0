import type Stripe from 'stripe'
import type { ReconciliationOutcome } from '../schemas.js'
import type { LedgerRow } from './ledger.js'

/**
 * How ledger rows and Stripe balance transactions pair up: both sides are reduced to a match key
 * (`charge:ch_…`, `refund:re_…`, `dispute:dp_…:debit|credit`) and a positive amount.
 */
export interface Side { key: string, kind: string, objectId: string, amount: number, currency: string }

export function ledgerSide (row: LedgerRow): Side | null {
  const amount = Number(row.amount)
  const currency = row.currency
  switch (row.kind) {
    case 'capture': return { key: `charge:${row.charge_id ?? row.gateway_object_id}`, kind: 'capture', objectId: row.charge_id ?? row.gateway_object_id, amount, currency }
    case 'refund': return { key: `refund:${row.gateway_object_id}`, kind: 'refund', objectId: row.gateway_object_id, amount, currency }
    case 'dispute':
      if (row.status === 'opened') return { key: `dispute:${row.gateway_object_id}:debit`, kind: 'dispute', objectId: row.gateway_object_id, amount, currency }
      if (row.status === 'won') return { key: `dispute:${row.gateway_object_id}:credit`, kind: 'dispute', objectId: row.gateway_object_id, amount, currency }
      return null
    default: return null
  }
}

export function stripeSide (txn: Stripe.BalanceTransaction): Side | null {
  const source = typeof txn.source === 'string' ? txn.source : txn.source?.id ?? null
  if (source == null) return null
  const currency = txn.currency.toUpperCase()
  switch (txn.type) {
    case 'charge':
    case 'payment': return { key: `charge:${source}`, kind: 'capture', objectId: source, amount: txn.amount, currency }
    case 'refund':
    case 'payment_refund': return { key: `refund:${source}`, kind: 'refund', objectId: source, amount: -txn.amount, currency }
    case 'adjustment':
      if (!source.startsWith('dp_')) return null
      return txn.amount < 0
        ? { key: `dispute:${source}:debit`, kind: 'dispute', objectId: source, amount: -txn.amount, currency }
        : { key: `dispute:${source}:credit`, kind: 'dispute', objectId: source, amount: txn.amount, currency }
    default: return null
  }
}

export interface MatchItem {
  outcome: ReconciliationOutcome
  kind: string
  gatewayObjectId: string
  ledgerEntryId: string | null
  balanceTransactionId: string | null
  ledgerAmount: number | null
  stripeAmount: number | null
  currency: string
  orderId: string | null
}

/** Pairs the two sides by key; amounts (and currencies) must agree exactly. */
export function matchSides (ledger: Array<{ row: LedgerRow, side: Side }>, stripe: Array<{ txn: Stripe.BalanceTransaction, side: Side }>): MatchItem[] {
  const byKey = new Map(stripe.map((s) => [s.side.key, s]))
  const items: MatchItem[] = []
  const seen = new Set<string>()
  for (const { row, side } of ledger) {
    if (seen.has(side.key)) continue
    seen.add(side.key)
    const other = byKey.get(side.key)
    const base = { kind: side.kind, gatewayObjectId: side.objectId, ledgerEntryId: row.id, ledgerAmount: side.amount, currency: side.currency, orderId: row.order_id }
    if (other == null) { items.push({ ...base, outcome: 'missing_at_stripe', balanceTransactionId: null, stripeAmount: null }); continue }
    const same = other.side.amount === side.amount && other.side.currency === side.currency
    items.push({ ...base, outcome: same ? 'matched' : 'amount_mismatch', balanceTransactionId: other.txn.id, stripeAmount: other.side.amount })
  }
  for (const { txn, side } of stripe) {
    if (seen.has(side.key)) continue
    seen.add(side.key)
    items.push({ outcome: 'missing_in_ledger', kind: side.kind, gatewayObjectId: side.objectId, ledgerEntryId: null, balanceTransactionId: txn.id, ledgerAmount: null, stripeAmount: side.amount, currency: side.currency, orderId: null })
  }
  return items
}
