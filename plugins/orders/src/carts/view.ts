import type { Ctx } from '@comptoir/core'
import { promotionColumns, toRule, type PromotionRow } from '../pricing/promotions.js'
import type { ShippingOption } from '../pricing/schemas.js'
import { toShippingRate } from '../pricing/shipping.js'
import { computeTotals, type PromotionRule, type Totals } from '../pricing/totals.js'
import type { CartDeps } from './deps.js'
import { iso, lineColumns, num, orderLines, type CartRow, type LineRow } from './rows.js'
import type { Cart } from './schemas.js'

/** Everything known about a cart at one moment: its rows, the rules in force and the totals. */
export interface CartState {
  row: CartRow
  lines: LineRow[]
  promotions: PromotionRow[]
  rules: PromotionRule[]
  taxInclusive: boolean
  taxRateBps: number
  /** The selected option when it can serve this cart (zone, currency, active); else null. */
  shippingOption: ShippingOption | null
  totals: Totals
  /** Lines whose unit price the refresh changed (checkout refuses to charge a price not shown). */
  repriced: Array<{ lineId: string, variantId: string, previousAmount: number, currentAmount: number }>
}

export async function cartLines (ctx: Ctx, cartId: string): Promise<LineRow[]> {
  return orderLines(await ctx.db('orders_cart_lines').select(lineColumns).where({ cart_id: cartId }) as LineRow[])
}

/**
 * Brings an open cart's line snapshots up to date with the catalog (one query for all lines):
 * current price in the cart currency, titles, weight, and whether it is still for sale. Rows are
 * written only where something changed.
 */
async function refreshLines (ctx: Ctx, deps: CartDeps, row: CartRow, lines: LineRow[]): Promise<CartState['repriced']> {
  if (row.status !== 'open' || lines.length === 0) return []
  const repriced: CartState['repriced'] = []
  const variants = await deps.catalogVariants.forPurchase(ctx, lines.map((l) => l.variant_id), row.currency)
  for (const line of lines) {
    const v = variants.get(line.variant_id)
    const available = v != null && v.productStatus === 'published' && v.unitAmount != null
    const next = v == null
      ? { available: false }
      : {
          available,
          unit_amount: available ? v.unitAmount as number : Number(line.unit_amount),
          compare_at_amount: v.compareAtAmount,
          sku: v.sku,
          product_title: v.productTitle.slice(0, 500),
          variant_title: v.variantTitle === '' ? null : v.variantTitle.slice(0, 500),
          image_url: v.imageUrl?.slice(0, 2000) ?? null,
          weight_grams: v.weightGrams,
        }
    const current: Record<string, unknown> = { ...line, unit_amount: Number(line.unit_amount), compare_at_amount: num(line.compare_at_amount) }
    const changed = Object.entries(next).some(([key, value]) => current[key] !== value)
    if (!changed) continue
    if ('unit_amount' in next && next.unit_amount !== current.unit_amount) {
      repriced.push({ lineId: line.id, variantId: line.variant_id, previousAmount: Number(line.unit_amount), currentAmount: next.unit_amount as number })
    }
    await ctx.db('orders_cart_lines').where({ id: line.id }).update({ ...next, updated_at: ctx.db.fn.now() })
    Object.assign(line, next)
  }
  return repriced
}

/** Loads a cart's lines, promotions, tax and shipping, refreshes prices if open, and computes totals. */
export async function loadCartState (ctx: Ctx, deps: CartDeps, row: CartRow): Promise<CartState> {
  const lines = await cartLines(ctx, row.id)
  const repriced = await refreshLines(ctx, deps, row, lines)
  const promotions = await ctx.db('orders_cart_promotions as cp').join('orders_promotions as p', 'p.id', 'cp.promotion_id')
    .select(promotionColumns.map((c) => `p.${c}`)).where('cp.cart_id', row.id).orderBy([{ column: 'cp.created_at' }, { column: 'p.id' }]) as PromotionRow[]
  const now = new Date()
  const rules = promotions.map((p) => toRule(p, row.currency, now))
  const taxInclusive = await deps.settings.get<boolean>(ctx, 'orders', 'pricesIncludeTax') === true
  const address = row.shipping_address
  const taxRateBps = address == null ? 0 : await deps.tax.rateFor(ctx, address.country, address.region ?? null)
  let shippingOption: ShippingOption | null = null
  if (row.shipping_option_id != null && address != null) {
    shippingOption = (await deps.shipping.optionsFor(ctx, address.country, row.currency)).find((o) => o.id === row.shipping_option_id) ?? null
  }
  const totals = computeTotals({
    lines: lines.map((l) => ({ id: l.id, unitAmount: Number(l.unit_amount), quantity: l.quantity, weightGrams: l.weight_grams, requiresShipping: l.requires_shipping })),
    promotions: rules,
    shippingRate: shippingOption == null ? null : toShippingRate(shippingOption),
    taxRateBps,
    taxInclusive,
  })
  return { row, lines, promotions, rules, taxInclusive, taxRateBps, shippingOption, totals, repriced }
}

/** The API shape of a cart state. */
export function toCart (state: CartState): Cart {
  const { row, totals } = state
  return {
    id: row.id, status: row.status, currency: row.currency, customerId: row.customer_id, email: row.email,
    shippingAddress: row.shipping_address, billingAddress: row.billing_address,
    shippingOption: totals.shipping,
    lines: state.lines.map((l, i) => ({
      id: l.id, variantId: l.variant_id, productId: l.product_id, sku: l.sku, title: l.product_title, variantTitle: l.variant_title, imageUrl: l.image_url,
      quantity: l.quantity, unitAmount: Number(l.unit_amount), compareAtAmount: num(l.compare_at_amount),
      subtotalAmount: totals.lines[i].subtotalAmount, discountAmount: totals.lines[i].discountAmount, taxAmount: totals.lines[i].taxAmount,
      totalAmount: totals.lines[i].totalAmount, taxRateBps: state.taxRateBps, requiresShipping: l.requires_shipping, available: l.available,
    })),
    promotions: totals.promotions,
    totals: { subtotal: totals.subtotal, discount: totals.discount, shipping: totals.shippingAmount, tax: totals.tax, total: totals.total, weightGrams: totals.weightGrams },
    taxInclusive: state.taxInclusive, taxRateBps: state.taxRateBps,
    orderId: row.order_id, createdAt: iso(row.created_at), updatedAt: iso(row.updated_at),
  }
}
