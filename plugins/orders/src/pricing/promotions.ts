import { inTransaction, isCheckViolation, isUniqueViolation, keysetPage, type Ctx, type PageOf } from '@comptoir/core'
import { PromotionCodeTakenError, PromotionInvalidError, PromotionNotFoundError } from './errors.js'
import type { Promotion, PromotionInput, PromotionPatch, PromotionQuery } from './schemas.js'
import type { PromotionRule } from './totals.js'

export interface PromotionRow {
  id: string, code: string, description: string | null, kind: 'percentage' | 'fixed', percent_bps: number | null, amount: string | number | null,
  currency: string | null, min_subtotal_amount: string | number | null, starts_at: Date | null, ends_at: Date | null, usage_limit: number | null,
  usage_limit_per_customer: number | null, usage_count: number, active: boolean, created_at: Date, updated_at: Date
}
export const promotionColumns = ['id', 'code', 'description', 'kind', 'percent_bps', 'amount', 'currency', 'min_subtotal_amount', 'starts_at', 'ends_at',
  'usage_limit', 'usage_limit_per_customer', 'usage_count', 'active', 'created_at', 'updated_at']
const num = (value: string | number | null): number | null => value == null ? null : Number(value)
const isoOrNull = (value: Date | null): string | null => value == null ? null : new Date(value).toISOString()

export function toPromotion (row: PromotionRow): Promotion {
  return {
    id: row.id, code: row.code, description: row.description, kind: row.kind, percentBps: row.percent_bps, amount: num(row.amount),
    currency: row.currency, minSubtotalAmount: num(row.min_subtotal_amount), startsAt: isoOrNull(row.starts_at), endsAt: isoOrNull(row.ends_at),
    usageLimit: row.usage_limit, usageLimitPerCustomer: row.usage_limit_per_customer, usageCount: row.usage_count, active: row.active,
    createdAt: new Date(row.created_at).toISOString(), updatedAt: new Date(row.updated_at).toISOString(),
  }
}

/** Why a promotion cannot apply to a cart in `currency` at `now` (usage limits aside); null if it can. */
export function ineligibility (row: PromotionRow, currency: string, now: Date): string | null {
  if (!row.active) return 'inactive'
  if (row.starts_at != null && new Date(row.starts_at) > now) return 'not_started'
  if (row.ends_at != null && new Date(row.ends_at) <= now) return 'ended'
  if (row.currency != null && row.currency !== currency) return 'currency_mismatch'
  return null
}

/** The rule the totals apply for a promotion on a cart. */
export function toRule (row: PromotionRow, currency: string, now: Date): PromotionRule {
  const reason = ineligibility(row, currency, now)
  return {
    id: row.id, code: row.code, kind: row.kind, percentBps: row.percent_bps, amount: num(row.amount),
    minSubtotalAmount: num(row.min_subtotal_amount), eligible: reason == null, reason,
  }
}

type Fields = Omit<Promotion, 'id' | 'usageCount' | 'createdAt' | 'updatedAt'>

function toColumns (p: Fields): Record<string, unknown> {
  if (p.kind === 'percentage' && (p.percentBps == null || p.amount != null)) throw new PromotionInvalidError('A percentage promotion needs percentBps and no amount')
  if (p.kind === 'fixed' && (p.amount == null || p.currency == null || p.percentBps != null)) throw new PromotionInvalidError('A fixed promotion needs amount and currency, and no percentBps')
  if (p.minSubtotalAmount != null && p.currency == null) throw new PromotionInvalidError('minSubtotalAmount needs a currency')
  if (p.startsAt != null && p.endsAt != null && new Date(p.startsAt) >= new Date(p.endsAt)) throw new PromotionInvalidError('startsAt must be before endsAt')
  return {
    code: p.code.toUpperCase(), description: p.description, kind: p.kind, percent_bps: p.percentBps, amount: p.amount, currency: p.currency,
    min_subtotal_amount: p.minSubtotalAmount, starts_at: p.startsAt, ends_at: p.endsAt, usage_limit: p.usageLimit,
    usage_limit_per_customer: p.usageLimitPerCustomer, active: p.active,
  }
}

function mapWriteError (error: unknown, code: string): unknown {
  if (isUniqueViolation(error, 'orders_promotions_code_unique')) return new PromotionCodeTakenError(code.toUpperCase(), error)
  if (isCheckViolation(error, 'orders_promotions_usage_check')) return new PromotionInvalidError('usageLimit is below the uses already claimed')
  return error
}

/** Promotion codes: CRUD for admins, lookup by code for carts. Claims live in promotion-claims.ts. */
export function createPromotionService () {
  async function find (ctx: Ctx, promotionId: string): Promise<PromotionRow> {
    const row = await ctx.db('orders_promotions').select(promotionColumns).where({ id: promotionId }).first() as PromotionRow | undefined
    if (row == null) throw new PromotionNotFoundError({ promotionId })
    return row
  }

  return {
    async list (ctx: Ctx, query: PromotionQuery): Promise<PageOf<Promotion>> {
      const q = ctx.db('orders_promotions').select(promotionColumns)
      if (query.active != null) q.where({ active: query.active })
      const page = await keysetPage<PromotionRow>(q, query, { list: 'orders.promotions', columns: ['code', 'id'], keyOf: (r) => [r.code, r.id] })
      return { items: page.items.map(toPromotion), nextCursor: page.nextCursor }
    },

    async get (ctx: Ctx, promotionId: string): Promise<Promotion> {
      return toPromotion(await find(ctx, promotionId))
    },

    /** The promotion with this code (case-insensitive); 404 ORDERS_PROMOTION_NOT_FOUND. */
    async findByCode (ctx: Ctx, code: string): Promise<PromotionRow> {
      const row = await ctx.db('orders_promotions').select(promotionColumns).where({ code: code.toUpperCase() }).first() as PromotionRow | undefined
      if (row == null) throw new PromotionNotFoundError({ code: code.toUpperCase() })
      return row
    },

    async create (ctx: Ctx, input: PromotionInput): Promise<Promotion> {
      const columns = toColumns({
        code: input.code, description: input.description ?? null, kind: input.kind, percentBps: input.percentBps ?? null, amount: input.amount ?? null,
        currency: input.currency ?? null, minSubtotalAmount: input.minSubtotalAmount ?? null, startsAt: input.startsAt ?? null, endsAt: input.endsAt ?? null,
        usageLimit: input.usageLimit ?? null, usageLimitPerCustomer: input.usageLimitPerCustomer ?? null, active: input.active ?? true,
      })
      try {
        const [row] = await ctx.db('orders_promotions').insert(columns).returning(promotionColumns) as PromotionRow[]
        return toPromotion(row)
      } catch (error) { throw mapWriteError(error, input.code) }
    },

    async update (ctx: Ctx, promotionId: string, patch: PromotionPatch): Promise<Promotion> {
      return await inTransaction(ctx, async (tx) => {
        const current = toPromotion(await find(tx, promotionId))
        const next = { ...current, ...patch }
        try {
          const [row] = await tx.db('orders_promotions').where({ id: promotionId })
            .update({ ...toColumns(next), updated_at: tx.db.fn.now() }).returning(promotionColumns) as PromotionRow[]
          return toPromotion(row)
        } catch (error) { throw mapWriteError(error, next.code) }
      })
    },

    /** Deletes a code; it disappears from open carts. Deactivate it instead to keep its history. */
    async remove (ctx: Ctx, promotionId: string): Promise<void> {
      const deleted = await ctx.db('orders_promotions').where({ id: promotionId }).delete().returning('id') as unknown[]
      if (deleted.length === 0) throw new PromotionNotFoundError({ promotionId })
    },
  }
}

export type PromotionService = ReturnType<typeof createPromotionService>
