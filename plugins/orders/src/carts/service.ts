import { inTransaction, type Cradle, type Ctx, type PluginScope } from '@comptoir/core'
import type { OrdersConfig } from '../config.js'
import { CartLimitError, CartLineNotFoundError, LineQuantityLimitError } from './errors.js'
import { requirePurchasable, snapshotOf } from './snapshot.js'
import { PromotionExhaustedError, PromotionNotApplicableError, PromotionNotFoundError, ShippingOptionUnavailableError } from '../pricing/errors.js'
import { customerKeyOf, customerUses } from '../pricing/promotion-claims.js'
import { ineligibility, promotionColumns, type PromotionRow } from '../pricing/promotions.js'
import { shippingAmountOf, taxOf } from '../pricing/totals.js'
import { toShippingRate } from '../pricing/shipping.js'
import { findOwnedCart, generateCartToken, hashCartToken, requireOpen } from './access.js'
import { createAdminCarts } from './admin.js'
import { createCheckout } from './checkout.js'
import { cartDepsOf, type CartDeps } from './deps.js'
import { mergeGuestCart } from './merge.js'
import { cartColumns, touchCart, type CartRow } from './rows.js'
import type { AvailableShippingOptions, Cart, CartAccess, CartInput, CartPatch, CreatedCart, LineInput, LinePatch } from './schemas.js'
import { loadCartState, toCart } from './view.js'

/**
 * Carts: guest carts (a token, shown once and stored hashed) and customer carts (one open cart per
 * customer), lines with price snapshots, addresses, shipping option, promotion codes, totals.
 * Every method takes the caller's `CartAccess`: a cart the caller does not own is a 404.
 * Changes lock the cart row, so concurrent edits of one cart apply one after the other.
 */
export function createCartService (cradle: Cradle, { config }: PluginScope<OrdersConfig>) {
  const deps: CartDeps = cartDepsOf(cradle, config)
  const view = async (ctx: Ctx, row: CartRow): Promise<Cart> => toCart(await loadCartState(ctx, deps, row))

  /** Runs `change` on the caller's open cart, locked, then returns the cart as it now is. */
  async function mutate (ctx: Ctx, cartId: string, access: CartAccess, change: (tx: Ctx, row: CartRow) => Promise<Record<string, unknown> | undefined>): Promise<Cart> {
    return await inTransaction(ctx, async (tx) => {
      const row = await findOwnedCart(tx, cartId, access, true)
      requireOpen(row)
      const changes = await change(tx, row)
      return await view(tx, await touchCart(tx, row.id, changes))
    })
  }

  return {
    /**
     * A new guest cart (with its token), or for a signed-in customer their open cart, created if
     * they have none (`created` says which).
     */
    async create (ctx: Ctx, access: CartAccess, input: CartInput): Promise<CreatedCart & { created: boolean }> {
      const currency = input.currency ?? config.defaultCurrency
      return await inTransaction(ctx, async (tx) => {
        if (access.customerId != null) {
          const email = input.email ?? await deps.customerEmail(tx, access.customerId)
          // The partial unique index keeps one open cart per customer; a concurrent create finds the winner's.
          const [inserted] = await tx.db('orders_carts').insert({ customer_id: access.customerId, currency, email })
            .onConflict().ignore().returning(cartColumns) as CartRow[]
          if (inserted == null) {
            const existing = await tx.db('orders_carts').select(cartColumns).where({ customer_id: access.customerId, status: 'open' }).first() as CartRow
            return { cart: await view(tx, existing), cartToken: null, created: false }
          }
          await deps.events.emit(tx, 'orders.cart.created', { cartId: inserted.id, customerId: access.customerId, currency })
          return { cart: await view(tx, inserted), cartToken: null, created: true }
        }
        const token = generateCartToken()
        const [row] = await tx.db('orders_carts').insert({ token_hash: hashCartToken(token), currency, email: input.email ?? null }).returning(cartColumns) as CartRow[]
        await deps.events.emit(tx, 'orders.cart.created', { cartId: row.id, customerId: null, currency })
        return { cart: await view(tx, row), cartToken: token, created: true }
      })
    },

    /** The cart with current prices and totals (any status; only its owner). */
    async get (ctx: Ctx, cartId: string, access: CartAccess): Promise<Cart> {
      return await view(ctx, await findOwnedCart(ctx, cartId, access))
    },

    /** Email and addresses; a changed shipping address keeps the option only if it still serves it (checked at read). */
    async update (ctx: Ctx, cartId: string, access: CartAccess, patch: CartPatch): Promise<Cart> {
      return await mutate(ctx, cartId, access, async (tx) => {
        const changes: Record<string, unknown> = {}
        if (patch.email !== undefined) changes.email = patch.email
        if (patch.shippingAddress !== undefined) changes.shipping_address = patch.shippingAddress == null ? null : JSON.stringify(patch.shippingAddress)
        if (patch.billingAddress !== undefined) changes.billing_address = patch.billingAddress == null ? null : JSON.stringify(patch.billingAddress)
        return changes
      })
    },

    /** Adds a variant at its current price; the same variant again increments its line. */
    async addLine (ctx: Ctx, cartId: string, access: CartAccess, input: LineInput): Promise<Cart> {
      return await mutate(ctx, cartId, access, async (tx, row) => {
        const v = requirePurchasable((await deps.catalogVariants.forPurchase(tx, [input.variantId], row.currency)).get(input.variantId), input.variantId, row.currency)
        const max = config.maxLineQuantity
        if (input.quantity > max) throw new LineQuantityLimitError(input.quantity, max)
        const existing = await tx.db('orders_cart_lines').select('id', 'quantity').where({ cart_id: row.id, variant_id: input.variantId }).first() as { id: string, quantity: number } | undefined
        if (existing != null) {
          const updated = await tx.db('orders_cart_lines').where({ id: existing.id }).andWhereRaw('quantity + ? <= ?', [input.quantity, max])
            .update({ ...snapshotOf(v), quantity: tx.db.raw('quantity + ?', [input.quantity]), updated_at: tx.db.fn.now() }).returning('id') as unknown[]
          if (updated.length === 0) throw new LineQuantityLimitError(existing.quantity + input.quantity, max)
          return undefined
        }
        const [{ n }] = await tx.db('orders_cart_lines').where({ cart_id: row.id }).count({ n: '*' }) as Array<{ n: string | number }>
        if (Number(n) >= config.maxLines) throw new CartLimitError('lines', config.maxLines)
        await tx.db('orders_cart_lines').insert({ ...snapshotOf(v), cart_id: row.id, variant_id: input.variantId, quantity: input.quantity, created_at: tx.db.raw('clock_timestamp()') })
        return undefined
      })
    },

    async updateLine (ctx: Ctx, cartId: string, access: CartAccess, lineId: string, patch: LinePatch): Promise<Cart> {
      return await mutate(ctx, cartId, access, async (tx, row) => {
        if (patch.quantity > config.maxLineQuantity) throw new LineQuantityLimitError(patch.quantity, config.maxLineQuantity)
        const updated = await tx.db('orders_cart_lines').where({ id: lineId, cart_id: row.id })
          .update({ quantity: patch.quantity, updated_at: tx.db.fn.now() }).returning('id') as unknown[]
        if (updated.length === 0) throw new CartLineNotFoundError(lineId)
        return undefined
      })
    },

    async removeLine (ctx: Ctx, cartId: string, access: CartAccess, lineId: string): Promise<Cart> {
      return await mutate(ctx, cartId, access, async (tx, row) => {
        const deleted = await tx.db('orders_cart_lines').where({ id: lineId, cart_id: row.id }).delete().returning('id') as unknown[]
        if (deleted.length === 0) throw new CartLineNotFoundError(lineId)
        return undefined
      })
    },

    /** Options that can ship this cart to its shipping address, priced for it (empty without an address). */
    async shippingOptions (ctx: Ctx, cartId: string, access: CartAccess): Promise<AvailableShippingOptions> {
      const state = await loadCartState(ctx, deps, await findOwnedCart(ctx, cartId, access))
      const address = state.row.shipping_address
      if (address == null) return { items: [] }
      const merchandise = state.totals.subtotal - state.totals.discount
      const items = []
      for (const option of await deps.shipping.optionsFor(ctx, address.country, state.row.currency)) {
        const amount = shippingAmountOf(toShippingRate(option), merchandise, state.totals.weightGrams)
        if (amount != null) items.push({ id: option.id, name: option.name, currency: option.currency, amount, taxAmount: taxOf(amount, state.taxRateBps, state.taxInclusive) })
      }
      return { items }
    },

    /** Chooses (or with null clears) the shipping option; 409 when it cannot ship this cart. */
    async selectShippingOption (ctx: Ctx, cartId: string, access: CartAccess, shippingOptionId: string | null): Promise<Cart> {
      return await mutate(ctx, cartId, access, async (tx, row) => {
        if (shippingOptionId == null) return { shipping_option_id: null }
        const address = row.shipping_address
        if (address == null) throw new ShippingOptionUnavailableError(shippingOptionId, 'no_shipping_address')
        const option = (await deps.shipping.optionsFor(tx, address.country, row.currency)).find((o) => o.id === shippingOptionId)
        if (option == null) throw new ShippingOptionUnavailableError(shippingOptionId, 'not_offered_for_address_or_currency')
        const state = await loadCartState(tx, deps, row)
        if (shippingAmountOf(toShippingRate(option), state.totals.subtotal - state.totals.discount, state.totals.weightGrams) == null) {
          throw new ShippingOptionUnavailableError(shippingOptionId, 'too_heavy')
        }
        return { shipping_option_id: option.id }
      })
    },

    /** Adds a promotion code: 404 unknown, 409 not applicable now (reason) or used up. */
    async applyPromotion (ctx: Ctx, cartId: string, access: CartAccess, code: string): Promise<Cart> {
      return await mutate(ctx, cartId, access, async (tx, row) => {
        const promotion = await tx.db('orders_promotions').select(promotionColumns).where({ code: code.toUpperCase() }).first() as PromotionRow | undefined
        if (promotion == null) throw new PromotionNotFoundError({ code: code.toUpperCase() })
        const reason = ineligibility(promotion, row.currency, new Date())
        if (reason != null) throw new PromotionNotApplicableError(promotion.code, reason)
        const state = await loadCartState(tx, deps, row)
        if (promotion.min_subtotal_amount != null && state.totals.subtotal < Number(promotion.min_subtotal_amount)) {
          throw new PromotionNotApplicableError(promotion.code, 'minimum_subtotal_not_met')
        }
        if (promotion.usage_limit != null && promotion.usage_count >= promotion.usage_limit) throw new PromotionExhaustedError(promotion.code, 'code')
        if (promotion.usage_limit_per_customer != null &&
          await customerUses(tx, promotion.id, customerKeyOf(row.customer_id ?? access.customerId, row.email)) >= promotion.usage_limit_per_customer) {
          throw new PromotionExhaustedError(promotion.code, 'customer')
        }
        if (state.promotions.some((p) => p.id === promotion.id)) return undefined
        if (state.promotions.length >= 5) throw new CartLimitError('promotions', 5)
        await tx.db('orders_cart_promotions').insert({ cart_id: row.id, promotion_id: promotion.id, created_at: tx.db.raw('clock_timestamp()') })
        return undefined
      })
    },

    /** Removes a code from the cart (a code not on it changes nothing). */
    async removePromotion (ctx: Ctx, cartId: string, access: CartAccess, code: string): Promise<Cart> {
      return await mutate(ctx, cartId, access, async (tx, row) => {
        const promotion = await tx.db('orders_promotions').select('id').where({ code: code.toUpperCase() }).first() as { id: string } | undefined
        if (promotion != null) await tx.db('orders_cart_promotions').where({ cart_id: row.id, promotion_id: promotion.id }).delete()
        return undefined
      })
    },

    /** Moves a guest cart (the caller holds its token) into the signed-in customer's open cart. */
    async merge (ctx: Ctx, guestCartId: string, access: CartAccess): Promise<Cart> {
      return await inTransaction(ctx, async (tx) => await view(tx, await mergeGuestCart(tx, deps, guestCartId, access)))
    },

    ...createCheckout(deps),
    ...createAdminCarts(deps),
  }
}

export type CartService = ReturnType<typeof createCartService>
