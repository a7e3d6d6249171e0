import { csvCell, keysetPage, type Cradle, type Ctx, type PageOf } from '@comptoir/core'
import { InvalidPeriodError } from '../errors.js'
import type { DailyTotal, LedgerEntry, LedgerKind, LedgerQuery, PagedPeriodQuery, PeriodQuery } from '../schemas.js'

/** A money fact to append; `entryKey` defaults to `<kind>:<gatewayObjectId>` (one row per object and kind). */
export interface LedgerEntryInput {
  kind: LedgerKind
  status: string
  amount: number
  currency: string
  gatewayObjectId: string
  entryKey?: string
  paymentIntentId?: string | null
  chargeId?: string | null
  balanceTransactionId?: string | null
  orderId?: string | null
  paymentId?: string | null
  occurredAt: Date
}

export interface LedgerRow {
  id: string
  kind: LedgerKind
  status: string
  amount: string | number
  currency: string
  gateway_object_id: string
  payment_intent_id: string | null
  charge_id: string | null
  balance_transaction_id: string | null
  order_id: string | null
  payment_id: string | null
  occurred_at: Date
  created_at: Date
}

export const ledgerColumns = ['id', 'kind', 'status', 'amount', 'currency', 'gateway_object_id', 'payment_intent_id', 'charge_id', 'balance_transaction_id', 'order_id', 'payment_id', 'occurred_at', 'created_at'] as const

export function toLedgerEntry (row: LedgerRow): LedgerEntry {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    amount: Number(row.amount),
    currency: row.currency,
    gatewayObjectId: row.gateway_object_id,
    paymentIntentId: row.payment_intent_id,
    chargeId: row.charge_id,
    balanceTransactionId: row.balance_transaction_id,
    orderId: row.order_id,
    paymentId: row.payment_id,
    occurredAt: new Date(row.occurred_at).toISOString(),
    createdAt: new Date(row.created_at).toISOString(),
  }
}

const maxPeriodDays = 366

/** A `[from, to)` period: defaults to the 30 days before now; at most a year. */
export function periodOf (query: PeriodQuery, defaultDays = 30): { from: Date, to: Date } {
  const to = query.to != null ? new Date(query.to) : new Date()
  const from = query.from != null ? new Date(query.from) : new Date(to.getTime() - defaultDays * 86400_000)
  if (!(from < to)) throw new InvalidPeriodError('`from` must be before `to`')
  if (to.getTime() - from.getTime() > maxPeriodDays * 86400_000) throw new InvalidPeriodError(`A period spans at most ${maxPeriodDays} days`)
  return { from, to }
}

const csvHeader = 'occurred_at,kind,status,amount,currency,order_id,payment_id,payment_intent_id,charge_id,gateway_object_id,balance_transaction_id,id\n'

/** The append-only ledger: writes are idempotent per entry key, reads feed reports and reconciliation. */
export function createLedgerService (_cradle: Cradle) {
  async function list (ctx: Ctx, query: LedgerQuery): Promise<PageOf<LedgerEntry>> {
    const { from, to } = periodOf(query, 366)
    const builder = ctx.db('payments_stripe_ledger').select(ledgerColumns).where('occurred_at', '>=', from).andWhere('occurred_at', '<', to)
    if (query.kind != null) builder.andWhere({ kind: query.kind })
    if (query.orderId != null) builder.andWhere({ order_id: query.orderId })
    const page = await keysetPage<LedgerRow>(builder, { limit: query.limit, cursor: query.cursor }, {
      list: 'payments-stripe.ledger', columns: ['occurred_at', 'id'], direction: 'desc',
      keyOf: (row) => [new Date(row.occurred_at).toISOString(), row.id],
    })
    return { items: page.items.map(toLedgerEntry), nextCursor: page.nextCursor }
  }

  return {
    /** Appends a row unless its entry key exists; resolves true when a row was written. */
    async record (ctx: Ctx, input: LedgerEntryInput): Promise<boolean> {
      const rows = await ctx.db('payments_stripe_ledger').insert({
        entry_key: input.entryKey ?? `${input.kind}:${input.gatewayObjectId}`,
        kind: input.kind,
        status: input.status,
        amount: input.amount,
        currency: input.currency.toUpperCase(),
        gateway_object_id: input.gatewayObjectId,
        payment_intent_id: input.paymentIntentId ?? null,
        charge_id: input.chargeId ?? null,
        balance_transaction_id: input.balanceTransactionId ?? null,
        order_id: input.orderId ?? null,
        payment_id: input.paymentId ?? null,
        occurred_at: input.occurredAt,
      }).onConflict('entry_key').ignore().returning('id') as Array<{ id: string }>
      return rows.length > 0
    },

    /** Entries, newest first, filtered by period (default: the last 366 days), kind or order. */
    list,

    /** Entries of one kind in a period (refunds, disputes), newest first. */
    async listKind (ctx: Ctx, kind: LedgerKind, query: PagedPeriodQuery): Promise<PageOf<LedgerEntry>> {
      return await list(ctx, { ...query, kind })
    },

    /** Count and sum per UTC day, currency, kind and status. */
    async dailyTotals (ctx: Ctx, query: PeriodQuery): Promise<{ from: string, to: string, items: DailyTotal[] }> {
      const { from, to } = periodOf(query)
      const rows = await ctx.db('payments_stripe_ledger')
        .select(ctx.db.raw("to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD') as day"), 'currency', 'kind', 'status')
        .count({ count: '*' }).sum({ amount: 'amount' })
        .where('occurred_at', '>=', from).andWhere('occurred_at', '<', to)
        .groupByRaw("to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD'), currency, kind, status")
        .orderByRaw('1, 2, 3, 4') as Array<{ day: string, currency: string, kind: LedgerKind, status: string, count: string | number, amount: string | number }>
      return {
        from: from.toISOString(),
        to: to.toISOString(),
        items: rows.map((r) => ({ day: r.day, currency: r.currency, kind: r.kind, status: r.status, count: Number(r.count), amount: Number(r.amount) })),
      }
    },

    /** The period's entries as CSV, a page at a time (memory stays flat however long the period). */
    async * csv (ctx: Ctx, query: PeriodQuery): AsyncGenerator<string> {
      const { from, to } = periodOf(query)
      yield csvHeader
      let after: { at: Date, id: string } | null = null
      for (;;) {
        const builder = ctx.db('payments_stripe_ledger').select(ledgerColumns).where('occurred_at', '>=', from).andWhere('occurred_at', '<', to)
        if (after != null) builder.andWhereRaw('(occurred_at, id) > (?, ?)', [after.at, after.id])
        const rows = await builder.orderBy([{ column: 'occurred_at' }, { column: 'id' }]).limit(500) as LedgerRow[]
        if (rows.length === 0) return
        yield rows.map((r) => [new Date(r.occurred_at).toISOString(), r.kind, r.status, Number(r.amount), r.currency, r.order_id, r.payment_id, r.payment_intent_id, r.charge_id, r.gateway_object_id, r.balance_transaction_id, r.id].map(csvCell).join(',') + '\n').join('')
        const last = rows[rows.length - 1] as LedgerRow
        after = { at: last.occurred_at, id: last.id }
      }
    },

    /** The order and payment a PaymentIntent belongs to, from its earlier entries or state. */
    async ownerOf (ctx: Ctx, paymentIntentId: string): Promise<{ orderId: string | null, paymentId: string | null }> {
      const row = await ctx.db('payments_stripe_payment_intents').select('order_id', 'payment_id').where({ payment_intent_id: paymentIntentId }).first() as { order_id: string | null, payment_id: string | null } | undefined
      return { orderId: row?.order_id ?? null, paymentId: row?.payment_id ?? null }
    },
  }
}

export type LedgerService = ReturnType<typeof createLedgerService>
