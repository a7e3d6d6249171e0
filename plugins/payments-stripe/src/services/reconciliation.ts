import { inTransaction, keysetPage, type Cradle, type Ctx, type PageOf, type PageQuery } from '@comptoir/core'
import type Stripe from 'stripe'
import { ReconciliationRunNotFoundError } from '../errors.js'
import type { MismatchQuery, ReconciliationItem, ReconciliationRun, StartReconciliationInput } from '../schemas.js'
import { ledgerColumns, periodOf, type LedgerRow } from './ledger.js'
import { ledgerSide, matchSides, stripeSide, type MatchItem, type Side } from './reconciliation-match.js'

interface RunRow { id: string, period_start: Date, period_end: Date, status: ReconciliationRun['status'], matched_count: number, mismatch_count: number, failure: string | null, created_at: Date, finished_at: Date | null }
interface ItemRow { id: string, run_id: string, outcome: ReconciliationItem['outcome'], kind: string, gateway_object_id: string, ledger_entry_id: string | null, balance_transaction_id: string | null, ledger_amount: string | number | null, stripe_amount: string | number | null, currency: string, order_id: string | null }

const runColumns = ['id', 'period_start', 'period_end', 'status', 'matched_count', 'mismatch_count', 'failure', 'created_at', 'finished_at'] as const
const itemColumns = ['id', 'run_id', 'outcome', 'kind', 'gateway_object_id', 'ledger_entry_id', 'balance_transaction_id', 'ledger_amount', 'stripe_amount', 'currency', 'order_id'] as const

function toRun (row: RunRow): ReconciliationRun {
  return {
    id: row.id, periodStart: new Date(row.period_start).toISOString(), periodEnd: new Date(row.period_end).toISOString(), status: row.status,
    matchedCount: row.matched_count, mismatchCount: row.mismatch_count, failure: row.failure,
    createdAt: new Date(row.created_at).toISOString(), finishedAt: row.finished_at != null ? new Date(row.finished_at).toISOString() : null,
  }
}

function toItem (row: ItemRow): ReconciliationItem {
  return {
    id: row.id, runId: row.run_id, outcome: row.outcome, kind: row.kind, gatewayObjectId: row.gateway_object_id, ledgerEntryId: row.ledger_entry_id,
    balanceTransactionId: row.balance_transaction_id, ledgerAmount: row.ledger_amount == null ? null : Number(row.ledger_amount),
    stripeAmount: row.stripe_amount == null ? null : Number(row.stripe_amount), currency: row.currency, orderId: row.order_id,
  }
}

const seconds = (d: Date): number => Math.floor(d.getTime() / 1000)

/**
 * Reconciliation of the ledger against Stripe's balance transactions for a period. A fact near
 * the period's edge may sit on the other side of it: unmatched keys are looked up beyond the
 * period before being called missing.
 */
export function createReconciliationService ({ paymentsStripeClient: client, paymentsStripeLedger: ledger, jobs, events }: Cradle) {
  async function stripeTransactions (from: Date, to: Date): Promise<Stripe.BalanceTransaction[]> {
    return await client.call(async (stripe) => {
      // The SDK's auto-pagination follows `starting_after` page by page (100 a page).
      const all: Stripe.BalanceTransaction[] = []
      for await (const txn of stripe.balanceTransactions.list({ created: { gte: seconds(from), lt: seconds(to) }, limit: 100 })) all.push(txn)
      return all
    })
  }

  async function compare (ctx: Ctx, from: Date, to: Date): Promise<{ items: MatchItem[], txns: Stripe.BalanceTransaction[], ledgerRows: LedgerRow[] }> {
    // 1. Both sides within the period.
    const txns = await stripeTransactions(from, to)
    const ledgerRows = await ctx.db('payments_stripe_ledger').select(ledgerColumns).whereIn('kind', ['capture', 'refund', 'dispute'])
      .where('occurred_at', '>=', from).andWhere('occurred_at', '<', to).orderBy([{ column: 'occurred_at' }, { column: 'id' }]) as LedgerRow[]
    const ledgerSides = ledgerRows.flatMap((row) => { const side = ledgerSide(row); return side != null ? [{ row, side }] : [] })
    const stripeSides = txns.flatMap((txn) => { const side = stripeSide(txn); return side != null ? [{ txn, side }] : [] })
    // 2. Unmatched Stripe facts: their ledger rows may carry a time just outside the period.
    const ledgerKeys = new Set(ledgerSides.map((s) => s.side.key))
    const lonelyStripe = stripeSides.filter((s) => !ledgerKeys.has(s.side.key)).map((s) => s.side.objectId)
    if (lonelyStripe.length > 0) {
      const more = await ctx.db('payments_stripe_ledger').select(ledgerColumns).whereIn('kind', ['capture', 'refund', 'dispute'])
        .where((q) => { void q.whereIn('gateway_object_id', lonelyStripe).orWhereIn('charge_id', lonelyStripe) }) as LedgerRow[]
      const wanted = new Set(stripeSides.map((s) => s.side.key))
      for (const row of more) { const side = ledgerSide(row); if (side != null && wanted.has(side.key) && !ledgerKeys.has(side.key)) { ledgerSides.push({ row, side }); ledgerKeys.add(side.key) } }
    }
    // 3. Unmatched ledger rows: look their object up at Stripe (source filter), beyond the period.
    const stripeKeys = new Set(stripeSides.map((s) => s.side.key))
    for (const { side } of ledgerSides.filter((s) => !stripeKeys.has(s.side.key))) {
      const found = await client.call(async (stripe) => await stripe.balanceTransactions.list({ source: side.objectId, limit: 10 }))
      for (const txn of found.data) { const other = stripeSide(txn); if (other != null && other.key === side.key && !stripeKeys.has(other.key)) { stripeSides.push({ txn, side: other }); stripeKeys.add(other.key) } }
    }
    return { items: matchSides(ledgerSides, stripeSides), txns: [...new Set(stripeSides.map((s) => s.txn))], ledgerRows: ledgerSides.map((s) => s.row) }
  }

  /** Stripe's fees become ledger rows (kind `fee`) once their transaction is matched to a capture or dispute. */
  async function recordFees (ctx: Ctx, items: MatchItem[], txns: Stripe.BalanceTransaction[]): Promise<void> {
    const byId = new Map(txns.map((t) => [t.id, t]))
    for (const item of items) {
      if (item.balanceTransactionId == null || item.outcome === 'missing_in_ledger') continue
      const txn = byId.get(item.balanceTransactionId)
      if (txn == null || txn.fee === 0) continue
      const side: Side | null = stripeSide(txn)
      await ledger.record(ctx, {
        kind: 'fee', status: txn.fee > 0 ? 'charged' : 'returned', amount: Math.abs(txn.fee), currency: txn.currency, entryKey: `fee:${txn.id}`,
        gatewayObjectId: txn.id, balanceTransactionId: txn.id, chargeId: side?.kind === 'capture' ? side.objectId : null, orderId: item.orderId, occurredAt: new Date(txn.created * 1000),
      })
    }
  }

  async function perform (ctx: Ctx, runId: string): Promise<ReconciliationRun> {
    const run = await ctx.db('payments_stripe_reconciliation_runs').select(runColumns).where({ id: runId }).first() as RunRow | undefined
    if (run == null) throw new ReconciliationRunNotFoundError(runId)
    if (run.status === 'completed') return toRun(run)
    await ctx.db('payments_stripe_reconciliation_runs').where({ id: runId }).update({ status: 'running', failure: null })
    let compared
    try {
      compared = await compare(ctx, new Date(run.period_start), new Date(run.period_end))
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'error'
      ctx.log.warn({ err: error, runId }, 'reconciliation comparison failed')
      await ctx.db('payments_stripe_reconciliation_runs').where({ id: runId }).update({ status: 'failed', failure: `Comparison failed (${code}); the job retries` })
      throw error
    }
    const { items, txns } = compared
    const matched = items.filter((i) => i.outcome === 'matched').length
    return await inTransaction(ctx, async (tx) => {
      // A retried run replaces its items: the result is the last complete comparison.
      await tx.db('payments_stripe_reconciliation_items').where({ run_id: runId }).delete()
      for (let i = 0; i < items.length; i += 500) {
        await tx.db('payments_stripe_reconciliation_items').insert(items.slice(i, i + 500).map((item) => ({
          run_id: runId, outcome: item.outcome, kind: item.kind, gateway_object_id: item.gatewayObjectId, ledger_entry_id: item.ledgerEntryId,
          balance_transaction_id: item.balanceTransactionId, ledger_amount: item.ledgerAmount, stripe_amount: item.stripeAmount, currency: item.currency, order_id: item.orderId,
        })))
      }
      await recordFees(tx, items, txns)
      const [updated] = await tx.db('payments_stripe_reconciliation_runs').where({ id: runId })
        .update({ status: 'completed', matched_count: matched, mismatch_count: items.length - matched, failure: null, finished_at: tx.db.fn.now() })
        .returning(runColumns) as RunRow[]
      await events.emit(tx, 'payments-stripe.reconciliation.completed', { runId, matchedCount: matched, mismatchCount: items.length - matched })
      return toRun(updated as RunRow)
    })
  }

  async function get (ctx: Ctx, runId: string): Promise<ReconciliationRun> {
    const row = await ctx.db('payments_stripe_reconciliation_runs').select(runColumns).where({ id: runId }).first() as RunRow | undefined
    if (row == null) throw new ReconciliationRunNotFoundError(runId)
    return toRun(row)
  }

  return {
    /** Queues a run for `[from, to)`; the `payments-stripe.reconcile` job performs it. */
    async start (ctx: Ctx, input: StartReconciliationInput): Promise<ReconciliationRun> {
      const { from, to } = periodOf(input)
      return await inTransaction(ctx, async (tx) => {
        const [row] = await tx.db('payments_stripe_reconciliation_runs').insert({ period_start: from, period_end: to, status: 'queued' }).returning(runColumns) as RunRow[]
        const run = row as RunRow
        await jobs.enqueue(tx, 'payments-stripe.reconcile', { runId: run.id }, { jobId: `payments-stripe-reconcile-${run.id}` })
        return toRun(run)
      })
    },

    /** Creates and performs a run for the UTC day before `now` (the daily schedule). */
    async reconcilePreviousDay (ctx: Ctx, now = new Date()): Promise<ReconciliationRun> {
      const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
      const from = new Date(to.getTime() - 86400_000)
      const [row] = await ctx.db('payments_stripe_reconciliation_runs').insert({ period_start: from, period_end: to, status: 'queued' }).returning(['id']) as Array<{ id: string }>
      return await perform(ctx, (row as { id: string }).id)
    },

    perform,
    get,

    async listRuns (ctx: Ctx, page: PageQuery): Promise<PageOf<ReconciliationRun>> {
      const result = await keysetPage<RunRow>(ctx.db('payments_stripe_reconciliation_runs').select(runColumns), page, {
        list: 'payments-stripe.runs', columns: ['created_at', 'id'], direction: 'desc', keyOf: (r) => [new Date(r.created_at).toISOString(), r.id],
      })
      return { items: result.items.map(toRun), nextCursor: result.nextCursor }
    },

    /** Mismatches (everything but `matched`), of one run or of all, newest run first. */
    async listMismatches (ctx: Ctx, query: MismatchQuery): Promise<PageOf<ReconciliationItem>> {
      if (query.runId != null) await get(ctx, query.runId)
      const builder = ctx.db('payments_stripe_reconciliation_items').select(itemColumns).whereNot({ outcome: 'matched' })
      if (query.runId != null) builder.andWhere({ run_id: query.runId })
      const result = await keysetPage<ItemRow>(builder, { limit: query.limit, cursor: query.cursor }, {
        list: 'payments-stripe.mismatches', columns: ['id'], direction: 'asc', keyOf: (r) => [r.id],
      })
      return { items: result.items.map(toItem), nextCursor: result.nextCursor }
    },
  }
}

export type ReconciliationService = ReturnType<typeof createReconciliationService>
