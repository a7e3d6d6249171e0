import { inTransaction, keysetPage, type Cradle, type Ctx, type PageOf, type PageQuery, type PluginScope } from '@comptoir/core'
import type { LoyaltyConfig } from '../config.js'
import { LoyaltyInsufficientPointsError } from '../errors.js'
import type { LedgerEntry, LoyaltyAccount } from '../schemas.js'

type Reason = LedgerEntry['reason']
interface LedgerRow { id: string, points: number, reason: Reason, order_id: string | null, note: string | null, created_at: Date }

/** One balance change; `sourceKey` names its cause, so a redelivered event or a retry applies it once. */
export interface PointsChange {
  customerId: string
  /** Signed: a credit is positive, a debit negative. */
  points: number
  reason: Reason
  orderId?: string | null
  note?: string | null
  sourceKey: string
  /** A debit larger than the balance takes what is there (a reversal) instead of failing. */
  capAtBalance?: boolean
}

function toEntry (row: LedgerRow): LedgerEntry {
  return { id: row.id, points: row.points, reason: row.reason, orderId: row.order_id, note: row.note, createdAt: new Date(row.created_at).toISOString() }
}

/** Points accounts and their ledger. Every change locks the account row, so balances never go negative under concurrency. */
export function createLoyaltyService ({ events, orders }: Cradle, { config }: PluginScope<LoyaltyConfig>) {
  async function balanceOf (ctx: Ctx, customerId: string): Promise<number> {
    const row = await ctx.db('loyalty_accounts').where({ customer_id: customerId }).first('balance') as { balance: number } | undefined
    return row?.balance ?? 0
  }

  /** Applies a change once (by `sourceKey`); resolves to the points actually applied (0 when already applied). */
  async function apply (ctx: Ctx, change: PointsChange): Promise<{ points: number, balance: number }> {
    return await inTransaction(ctx, async (ctx) => {
      await ctx.db('loyalty_accounts').insert({ customer_id: change.customerId }).onConflict('customer_id').ignore()
      // The row lock serialises concurrent changes of one account (two checkouts spending the same points).
      const { balance } = await ctx.db('loyalty_accounts').where({ customer_id: change.customerId }).forUpdate().first('balance') as { balance: number }
      let points = change.points
      if (points < 0 && -points > balance) {
        if (change.capAtBalance !== true) throw new LoyaltyInsufficientPointsError(change.customerId, -points, balance)
        points = -balance
      }
      if (points === 0) return { points: 0, balance }
      const inserted = await ctx.db('loyalty_ledger').insert({
        customer_id: change.customerId, points, reason: change.reason, order_id: change.orderId ?? null, note: change.note ?? null, source_key: change.sourceKey,
      }).onConflict('source_key').ignore().returning('id') as Array<{ id: string }>
      if (inserted.length === 0) return { points: 0, balance }
      const [row] = await ctx.db('loyalty_accounts').where({ customer_id: change.customerId })
        .update({ balance: ctx.db.raw('balance + ?', [points]), updated_at: ctx.db.fn.now() }).returning('balance') as Array<{ balance: number }>
      await events.emit(ctx, `loyalty.points.${change.reason}`, { customerId: change.customerId, points, orderId: change.orderId ?? null })
      return { points, balance: row!.balance }
    })
  }

  async function orderPoints (ctx: Ctx, orderId: string, reason: Reason): Promise<number> {
    const [row] = await ctx.db('loyalty_ledger').where({ order_id: orderId, reason }).sum({ n: 'points' }) as Array<{ n: number | string | null }>
    return Number(row?.n ?? 0)
  }

  return {
    apply,

    /** The customer's account (a customer who never earned has a zero balance). */
    async account (ctx: Ctx, customerId: string): Promise<LoyaltyAccount> {
      return { customerId, balance: await balanceOf(ctx, customerId), pointValue: config.pointValue }
    },

    /** The customer's ledger, newest first. */
    async ledger (ctx: Ctx, customerId: string, page: PageQuery): Promise<PageOf<LedgerEntry>> {
      const result = await keysetPage<LedgerRow>(ctx.db('loyalty_ledger').select('id', 'points', 'reason', 'order_id', 'note', 'created_at').where({ customer_id: customerId }), page, {
        list: `loyalty.ledger.${customerId}`, columns: ['created_at', 'id'], direction: 'desc', keyOf: (row) => [new Date(row.created_at).toISOString(), row.id],
      })
      return { ...result, items: result.items.map(toEntry) }
    },

    /** Credits a delivered order's points, once per order: `pointsPerCurrencyUnit` per whole unit paid and not refunded. */
    async earnForOrder (ctx: Ctx, orderId: string): Promise<number> {
      const order = await orders.get(ctx, orderId)
      if (order.customerId == null) return 0
      const points = Math.floor((order.totals.total - order.totals.refunded) * config.pointsPerCurrencyUnit / 100)
      if (points <= 0) return 0
      return (await apply(ctx, { customerId: order.customerId, points, reason: 'earned', orderId, sourceKey: `earn:${orderId}` })).points
    },

    /** Takes back the points a refund cancels, never more than the order earned (nor below zero). */
    async reverseForRefund (ctx: Ctx, input: { orderId: string, customerId: string, refundId: string, amount: number }): Promise<number> {
      return await inTransaction(ctx, async (ctx) => {
        const earned = await orderPoints(ctx, input.orderId, 'earned')
        const left = earned + await orderPoints(ctx, input.orderId, 'reversed')
        const wanted = Math.min(left, Math.floor(input.amount * config.pointsPerCurrencyUnit / 100))
        if (wanted <= 0) return 0
        return -(await apply(ctx, { customerId: input.customerId, points: -wanted, reason: 'reversed', orderId: input.orderId, sourceKey: `reverse:${input.refundId}`, capAtBalance: true })).points
      })
    },

    /** Spends points on order `orderId` (inside its checkout); throws LoyaltyInsufficientPointsError. */
    async redeem (ctx: Ctx, customerId: string, points: number, orderId: string): Promise<void> {
      await apply(ctx, { customerId, points: -points, reason: 'redeemed', orderId, sourceKey: `redeem:${orderId}` })
    },

    /** Gives back the points an order spent when it is cancelled or its payment failed, once. */
    async restoreForOrder (ctx: Ctx, orderId: string): Promise<number> {
      return await inTransaction(ctx, async (ctx) => {
        const spent = await ctx.db('loyalty_ledger').where({ order_id: orderId, reason: 'redeemed' }).first('customer_id', 'points') as { customer_id: string, points: number } | undefined
        if (spent == null) return 0
        return (await apply(ctx, { customerId: spent.customer_id, points: -spent.points, reason: 'restored', orderId, sourceKey: `restore:${orderId}` })).points
      })
    },
  }
}
export type LoyaltyService = ReturnType<typeof createLoyaltyService>
