import { inTransaction, isUniqueViolation, type Ctx } from '@comptoir/core'
import { claimPromotions, customerKeyOf, releasePromotions } from '../pricing/promotion-claims.js'
import { findOwnedCart, requireOpen } from './access.js'
import type { CartDeps } from './deps.js'
import { CartIncompleteError, CartNotCompletingError, CartPriceChangedError, VariantUnavailableError } from './errors.js'
import { combineCarts } from './merge.js'
import { cartColumns, type CartRow } from './rows.js'
import type { CartAccess, CheckoutCart } from './schemas.js'
import { loadCartState } from './view.js'

/**
 * The seam with the order lifecycle: checkout calls these inside its own transaction. A cart
 * goes open → completing (beginCheckout) → completed (completeCheckout), or back to open
 * (abortCheckout, releasing the promotion uses it claimed).
 */
export function createCheckout (deps: CartDeps) {
  return {
    /**
     * Locks the caller's cart, checks it is complete and still for sale at the prices shown,
     * claims its promotion uses and marks it `completing`. Errors: 404 ORDERS_CART_NOT_FOUND,
     * 409 ORDERS_CART_COMPLETED / ORDERS_CART_MERGED, 422 ORDERS_CART_INCOMPLETE (`missing`),
     * 409 ORDERS_VARIANT_UNAVAILABLE, ORDERS_CART_PRICE_CHANGED, ORDERS_PROMOTION_EXHAUSTED.
     */
    async beginCheckout (ctx: Ctx, cartId: string, access: CartAccess): Promise<CheckoutCart> {
      return await inTransaction(ctx, async (tx) => {
        const row = await findOwnedCart(tx, cartId, access, true)
        requireOpen(row)
        const state = await loadCartState(tx, deps, row)
        const customerId = row.customer_id ?? access.customerId
        const email = row.email ?? (customerId == null ? null : await deps.customerEmail(tx, customerId))
        const { totals } = state
        const missing: string[] = []
        if (state.lines.length === 0) missing.push('lines')
        if (email == null) missing.push('email')
        if (totals.requiresShipping && row.shipping_address == null) missing.push('shippingAddress')
        if (totals.requiresShipping && totals.shipping == null) missing.push('shippingOption')
        if (missing.length > 0) throw new CartIncompleteError(row.id, missing)
        const unavailable = state.lines.filter((l) => !l.available)
        if (unavailable.length > 0) throw new VariantUnavailableError(unavailable.map((l) => ({ variantId: l.variant_id, reason: 'not_for_sale' as const })), row.currency)
        if (state.repriced.length > 0) throw new CartPriceChangedError(state.repriced)
        const promotions = totals.promotions.filter((p) => p.applicable).map((p) => ({ id: p.id, code: p.code, discountAmount: p.discountAmount }))
        await claimPromotions(tx, { cartId: row.id, customerId, customerKey: customerKeyOf(customerId, email), currency: row.currency, promotions })
        await tx.db('orders_carts').where({ id: row.id }).update({ status: 'completing', email, updated_at: tx.db.fn.now() })
        return {
          id: row.id, customerId, email, currency: row.currency,
          shippingAddress: row.shipping_address, billingAddress: row.billing_address ?? row.shipping_address,
          shippingOption: totals.shipping,
          lines: state.lines.map((l, i) => ({
            id: l.id, variantId: l.variant_id, productId: l.product_id, sku: l.sku, title: l.product_title, variantTitle: l.variant_title,
            quantity: l.quantity, unitAmount: Number(l.unit_amount), subtotalAmount: totals.lines[i].subtotalAmount, discountAmount: totals.lines[i].discountAmount,
            taxAmount: totals.lines[i].taxAmount, totalAmount: totals.lines[i].totalAmount, taxRateBps: state.taxRateBps, requiresShipping: l.requires_shipping,
          })),
          promotions,
          totals: { subtotal: totals.subtotal, discount: totals.discount, shipping: totals.shippingAmount, tax: totals.tax, total: totals.total },
          taxInclusive: state.taxInclusive,
        }
      })
    },

    /** The checkout succeeded: the cart is `completed` and remembers its order. Repeating it with the same order is a no-op. */
    async completeCheckout (ctx: Ctx, cartId: string, orderId: string): Promise<void> {
      const done = await ctx.db('orders_carts').where({ id: cartId, status: 'completing' })
        .update({ status: 'completed', order_id: orderId, completed_at: ctx.db.fn.now(), updated_at: ctx.db.fn.now() }).returning('id') as unknown[]
      if (done.length > 0) return
      const row = await ctx.db('orders_carts').select('status', 'order_id').where({ id: cartId }).first() as { status: string, order_id: string | null } | undefined
      if (row?.status === 'completed' && row.order_id === orderId) return
      throw new CartNotCompletingError(cartId, row?.status ?? 'missing')
    },

    /**
     * The checkout failed: the cart is `open` again and its promotion uses are released. If the
     * customer opened another cart meanwhile, this one is merged into it (nothing is lost).
     * A cart that is not `completing` is left alone.
     */
    async abortCheckout (ctx: Ctx, cartId: string): Promise<void> {
      await inTransaction(ctx, async (tx) => {
        const row = await tx.db('orders_carts').select(cartColumns).where({ id: cartId, status: 'completing' }).forUpdate().first() as CartRow | undefined
        if (row == null) return
        await releasePromotions(tx, cartId)
        const owner = await tx.db('orders_carts').select('token_hash').where({ id: cartId }).first() as { token_hash: string | null }
        if (row.customer_id == null && owner.token_hash == null) {
          // Its owner's data was erased during checkout: nobody could reach it again.
          await tx.db('orders_carts').where({ id: cartId }).delete()
          return
        }
        try {
          await tx.db.transaction(async (savepoint) => {
            await savepoint('orders_carts').where({ id: cartId }).update({ status: 'open', updated_at: savepoint.fn.now() })
          })
        } catch (error) {
          if (!isUniqueViolation(error, 'orders_carts_customer_open_unique') || row.customer_id == null) throw error
          const target = await tx.db('orders_carts').select(cartColumns).where({ customer_id: row.customer_id, status: 'open' }).forUpdate().first() as CartRow
          await combineCarts(tx, deps, row, target)
        }
      })
    },

    /** The order a completed cart became; null while it has none. */
    async orderOf (ctx: Ctx, cartId: string): Promise<string | null> {
      const row = await ctx.db('orders_carts').select('order_id').where({ id: cartId }).first() as { order_id: string | null } | undefined
      return row?.order_id ?? null
    },
  }
}
