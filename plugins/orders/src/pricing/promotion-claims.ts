import { createHash } from 'node:crypto'
import type { Ctx } from '@comptoir/core'
import { PromotionExhaustedError } from './errors.js'

/** Who a per-customer limit counts: the customer, else a guest's email (hashed: the counter holds no address). */
export function customerKeyOf (customerId: string | null, email: string | null): string | null {
  if (customerId != null) return `customer:${customerId}`
  if (email != null) return `email:${createHash('sha256').update(email.trim().toLowerCase()).digest('hex')}`
  return null
}

/** Uses of a promotion already claimed by this customer key. */
export async function customerUses (ctx: Ctx, promotionId: string, customerKey: string | null): Promise<number> {
  if (customerKey == null) return 0
  const row = await ctx.db('orders_promotion_customer_usages').select('usage_count').where({ promotion_id: promotionId, customer_key: customerKey }).first() as { usage_count: number } | undefined
  return row?.usage_count ?? 0
}

export interface ClaimInput {
  cartId: string
  customerId: string | null
  customerKey: string | null
  currency: string
  promotions: Array<{ id: string, code: string, discountAmount: number }>
}

/**
 * Claims one use of each promotion for a checkout, in the caller's transaction. Each limit is a
 * conditional update (the row lock makes concurrent checkouts queue, and the WHERE is re-checked
 * after the wait), so the last use goes to exactly one of them: the others get 409.
 */
export async function claimPromotions (ctx: Ctx, input: ClaimInput): Promise<void> {
  for (const p of [...input.promotions].sort((a, b) => a.id.localeCompare(b.id))) {
    const claimed = await ctx.db('orders_promotions').where({ id: p.id })
      .andWhereRaw('(usage_limit is null or usage_count < usage_limit)')
      .update({ usage_count: ctx.db.raw('usage_count + 1'), updated_at: ctx.db.fn.now() })
      .returning(['usage_limit_per_customer']) as Array<{ usage_limit_per_customer: number | null }>
    if (claimed.length === 0) throw new PromotionExhaustedError(p.code, 'code')
    const perCustomer = claimed[0].usage_limit_per_customer
    if (perCustomer != null && input.customerKey != null) {
      const counted = await ctx.db.raw(`insert into orders_promotion_customer_usages (promotion_id, customer_key, usage_count) values (?, ?, 1)
        on conflict (promotion_id, customer_key) do update set usage_count = orders_promotion_customer_usages.usage_count + 1
        where orders_promotion_customer_usages.usage_count < ? returning usage_count`, [p.id, input.customerKey, perCustomer]) as { rows: unknown[] }
      if (counted.rows.length === 0) throw new PromotionExhaustedError(p.code, 'customer')
    }
    await ctx.db('orders_promotion_usages').insert({
      promotion_id: p.id, cart_id: input.cartId, customer_id: input.customerId, customer_key: input.customerKey,
      discount_amount: p.discountAmount, currency: input.currency,
    })
  }
}

/** Gives back the uses a cart's checkout claimed (the checkout was aborted). Idempotent. */
export async function releasePromotions (ctx: Ctx, cartId: string): Promise<void> {
  const released = await ctx.db('orders_promotion_usages').where({ cart_id: cartId }).delete()
    .returning(['promotion_id', 'customer_key']) as Array<{ promotion_id: string, customer_key: string | null }>
  for (const usage of released.sort((a, b) => a.promotion_id.localeCompare(b.promotion_id))) {
    await ctx.db('orders_promotions').where({ id: usage.promotion_id }).andWhere('usage_count', '>', 0)
      .update({ usage_count: ctx.db.raw('usage_count - 1'), updated_at: ctx.db.fn.now() })
    if (usage.customer_key != null) {
      await ctx.db('orders_promotion_customer_usages').where({ promotion_id: usage.promotion_id, customer_key: usage.customer_key })
        .andWhere('usage_count', '>', 0).update({ usage_count: ctx.db.raw('usage_count - 1') })
    }
  }
}
