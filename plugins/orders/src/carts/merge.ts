import { isUniqueViolation, UnauthenticatedError, type Ctx } from '@comptoir/core'
import { hashCartToken } from './access.js'
import type { CartDeps } from './deps.js'
import { CartCompletedError, CartMergedError, CartNotFoundError } from './errors.js'
import { cartColumns, orderLines, lineColumns, touchCart, type CartRow, type LineRow } from './rows.js'
import type { CartAccess } from './schemas.js'
import { snapshotOf } from './snapshot.js'

const maxPromotions = 5

async function openCartOf (ctx: Ctx, customerId: string): Promise<CartRow | undefined> {
  return await ctx.db('orders_carts').select(cartColumns).where({ customer_id: customerId, status: 'open' }).forUpdate().first() as CartRow | undefined
}

/** The guest cart becomes the customer's cart (they had none): the token stops working. */
async function adopt (ctx: Ctx, deps: CartDeps, guest: CartRow, customerId: string): Promise<CartRow | null> {
  try {
    // A savepoint: a concurrent merge may have just given the customer an open cart (unique index).
    return await ctx.db.transaction(async (savepoint) => {
      const email = guest.email ?? await deps.customerEmail({ ...ctx, db: savepoint }, customerId)
      const [row] = await savepoint('orders_carts').where({ id: guest.id })
        .update({ customer_id: customerId, token_hash: null, email, updated_at: savepoint.fn.now() }).returning(cartColumns) as CartRow[]
      return row
    })
  } catch (error) {
    if (isUniqueViolation(error, 'orders_carts_customer_open_unique')) return null
    throw error
  }
}

/** Adds the guest's lines, codes and details to the customer's cart; closes the guest cart. */
export async function combineCarts (ctx: Ctx, deps: CartDeps, guest: CartRow, target: CartRow): Promise<CartRow> {
  const { maxLineQuantity: max, maxLines } = deps.config
  const guestLines = orderLines(await ctx.db('orders_cart_lines').select(lineColumns).where({ cart_id: guest.id }) as LineRow[])
  // Re-priced in the customer's cart currency; what is no longer for sale there is left behind.
  const variants = await deps.catalogVariants.forPurchase(ctx, guestLines.map((l) => l.variant_id), target.currency)
  const present = new Set(await ctx.db('orders_cart_lines').where({ cart_id: target.id }).pluck('variant_id') as string[])
  for (const line of guestLines) {
    const v = variants.get(line.variant_id)
    if (v == null || v.productStatus !== 'published' || v.unitAmount == null) continue
    if (!present.has(line.variant_id) && present.size >= maxLines) continue
    present.add(line.variant_id)
    await ctx.db('orders_cart_lines')
      .insert({ ...snapshotOf(v), cart_id: target.id, variant_id: line.variant_id, quantity: Math.min(line.quantity, max), created_at: ctx.db.raw('clock_timestamp()') })
      .onConflict(['cart_id', 'variant_id'])
      .merge({ quantity: ctx.db.raw('least(orders_cart_lines.quantity + excluded.quantity, ?)', [max]), unit_amount: ctx.db.raw('excluded.unit_amount'), updated_at: ctx.db.fn.now() })
  }
  const codes = await ctx.db('orders_cart_promotions').where({ cart_id: target.id }).count({ n: '*' }) as Array<{ n: string | number }>
  const room = maxPromotions - Number(codes[0].n)
  if (room > 0) {
    const guestCodes = await ctx.db('orders_cart_promotions').where({ cart_id: guest.id }).orderBy('created_at').limit(room).pluck('promotion_id') as string[]
    for (const promotionId of guestCodes) {
      await ctx.db('orders_cart_promotions').insert({ cart_id: target.id, promotion_id: promotionId, created_at: ctx.db.raw('clock_timestamp()') }).onConflict().ignore()
    }
  }
  await ctx.db('orders_carts').where({ id: guest.id }).update({ status: 'merged', merged_into_cart_id: target.id, updated_at: ctx.db.fn.now() })
  // The guest's details fill what the customer's cart lacks; the customer's own choices win.
  const fill: Record<string, unknown> = {}
  if (target.email == null && guest.email != null) fill.email = guest.email
  if (target.shipping_address == null && guest.shipping_address != null) fill.shipping_address = JSON.stringify(guest.shipping_address)
  if (target.billing_address == null && guest.billing_address != null) fill.billing_address = JSON.stringify(guest.billing_address)
  if (target.shipping_option_id == null && guest.shipping_option_id != null && guest.currency === target.currency) fill.shipping_option_id = guest.shipping_option_id
  return await touchCart(ctx, target.id, fill)
}

/**
 * Merges a guest cart into the signed-in customer's open cart (the storefront calls it right
 * after login, with the guest's token). With no open cart, the guest cart is adopted as is.
 * A retry after success returns the same customer cart.
 */
export async function mergeGuestCart (ctx: Ctx, deps: CartDeps, guestCartId: string, access: CartAccess): Promise<CartRow> {
  const customerId = access.customerId
  if (customerId == null) throw new UnauthenticatedError('Sign in: merging a guest cart needs the customer session token')
  if (access.cartToken == null) throw new CartNotFoundError(guestCartId)
  const guest = await ctx.db('orders_carts').select(cartColumns)
    .where({ id: guestCartId, token_hash: hashCartToken(access.cartToken) }).whereNull('customer_id').forUpdate().first() as CartRow | undefined
  if (guest == null) throw new CartNotFoundError(guestCartId)
  if (guest.status === 'merged') {
    const into = await ctx.db('orders_carts').select(cartColumns).where({ id: guest.merged_into_cart_id ?? '', customer_id: customerId }).first() as CartRow | undefined
    if (into == null) throw new CartMergedError(guest.id)
    return into
  }
  if (guest.status !== 'open') throw new CartCompletedError(guest.id, guest.status)
  let target = await openCartOf(ctx, customerId)
  if (target == null) {
    const adopted = await adopt(ctx, deps, guest, customerId)
    if (adopted != null) {
      await deps.events.emit(ctx, 'orders.cart.merged', { cartId: guest.id, intoCartId: guest.id, customerId })
      return adopted
    }
    target = await openCartOf(ctx, customerId)
    if (target == null) throw new CartNotFoundError(guestCartId)
  }
  const merged = await combineCarts(ctx, deps, guest, target)
  await deps.events.emit(ctx, 'orders.cart.merged', { cartId: guest.id, intoCartId: target.id, customerId })
  return merged
}
