import { allocateByLargestRemainder, mulDivHalfUp } from './rounding.js'

/**
 * Cart totals, computed on the server in integer minor units. The one rounding rule (see
 * docs/plugins/orders-carts.md, "Totals and rounding"):
 * 1. line subtotal = unit amount × quantity (exact);
 * 2. promotions apply in the order they were added, each to what is left of the subtotal
 *    (percentage: rounded half up; fixed: at most what is left), so the discount never exceeds it;
 * 3. the cart discount is spread over the lines by largest remainder, so line discounts sum exactly;
 * 4. tax is rounded half up per line and once for shipping: exclusive prices add
 *    `net × rate`, inclusive prices contain `net × rate / (1 + rate)`;
 * 5. cart totals are sums of the rounded line amounts: nothing is rounded twice.
 */

export interface PricedLine { id: string, unitAmount: number, quantity: number, weightGrams: number | null, requiresShipping: boolean }

export interface PromotionRule {
  id: string
  code: string
  kind: 'percentage' | 'fixed'
  /** Percentage in basis points (10000 = 100 %). */
  percentBps: number | null
  /** Fixed discount, minor units of the cart's currency. */
  amount: number | null
  minSubtotalAmount: number | null
  /** False when dates, status or currency rule it out; `reason` says why. */
  eligible: boolean
  reason: string | null
}

export interface WeightRate { upToGrams: number | null, amount: number }
export interface ShippingRate {
  id: string
  name: string
  rateType: 'flat' | 'weight'
  flatAmount: number | null
  weightRates: WeightRate[] | null
  freeOverAmount: number | null
}

export interface TotalsInput {
  lines: readonly PricedLine[]
  promotions: readonly PromotionRule[]
  shippingRate: ShippingRate | null
  taxRateBps: number
  taxInclusive: boolean
}

export interface LineTotals { id: string, subtotalAmount: number, discountAmount: number, taxAmount: number, totalAmount: number }
export interface PromotionTotals { id: string, code: string, discountAmount: number, applicable: boolean, reason: string | null }
export interface ShippingTotals { id: string, name: string, amount: number, taxAmount: number }

export interface Totals {
  lines: LineTotals[]
  promotions: PromotionTotals[]
  /** The selected option priced for this cart; null when none is selected or it cannot ship this cart. */
  shipping: ShippingTotals | null
  /** True when an option is selected but its weight brackets do not cover the cart. */
  shippingUnavailable: boolean
  subtotal: number
  discount: number
  shippingAmount: number
  tax: number
  total: number
  weightGrams: number
  requiresShipping: boolean
}

/** Tax on `amount` at `bps`: added on top (exclusive) or contained in it (inclusive); half up. */
export function taxOf (amount: number, bps: number, inclusive: boolean): number {
  if (bps === 0 || amount === 0) return 0
  return inclusive ? mulDivHalfUp(amount, bps, 10000 + bps) : mulDivHalfUp(amount, bps, 10000)
}

/** What an option charges for merchandise worth `merchandise` weighing `weightGrams`; null if it cannot carry it. */
export function shippingAmountOf (rate: ShippingRate, merchandise: number, weightGrams: number): number | null {
  let amount: number | null
  if (rate.rateType === 'flat') {
    amount = rate.flatAmount ?? 0
  } else {
    const bracket = [...(rate.weightRates ?? [])]
      .sort((a, b) => (a.upToGrams ?? Infinity) - (b.upToGrams ?? Infinity))
      .find((r) => r.upToGrams == null || weightGrams <= r.upToGrams)
    amount = bracket?.amount ?? null
  }
  if (amount == null) return null
  // Free shipping compares the merchandise after discounts: a code cannot both discount and unlock it for free.
  if (rate.freeOverAmount != null && merchandise >= rate.freeOverAmount) return 0
  return amount
}

function discountsOf (subtotal: number, promotions: readonly PromotionRule[]): PromotionTotals[] {
  let left = subtotal
  return promotions.map((p) => {
    let reason = p.reason
    if (p.eligible && p.minSubtotalAmount != null && subtotal < p.minSubtotalAmount) reason = 'minimum_subtotal_not_met'
    const applicable = p.eligible && reason == null
    let amount = 0
    if (applicable) {
      amount = p.kind === 'percentage' ? mulDivHalfUp(left, p.percentBps ?? 0, 10000) : (p.amount ?? 0)
      amount = Math.min(amount, left)
      left -= amount
    }
    return { id: p.id, code: p.code, discountAmount: amount, applicable, reason: applicable ? null : reason }
  })
}

/** Totals of a cart: per line, per promotion, shipping, and the cart sums. Pure. */
export function computeTotals (input: TotalsInput): Totals {
  const { taxRateBps: bps, taxInclusive: inclusive } = input
  const subtotals = input.lines.map((l) => l.unitAmount * l.quantity)
  const subtotal = subtotals.reduce((a, b) => a + b, 0)
  const promotions = discountsOf(subtotal, input.promotions)
  const discount = promotions.reduce((a, p) => a + p.discountAmount, 0)
  const lineDiscounts = allocateByLargestRemainder(discount, subtotals)
  const lines = input.lines.map((line, i) => {
    const net = subtotals[i] - lineDiscounts[i]
    const taxAmount = taxOf(net, bps, inclusive)
    return { id: line.id, subtotalAmount: subtotals[i], discountAmount: lineDiscounts[i], taxAmount, totalAmount: inclusive ? net : net + taxAmount }
  })
  const shippable = input.lines.filter((l) => l.requiresShipping)
  const weightGrams = shippable.reduce((a, l) => a + (l.weightGrams ?? 0) * l.quantity, 0)
  let shipping: ShippingTotals | null = null
  let shippingUnavailable = false
  if (input.shippingRate != null && shippable.length > 0) {
    const amount = shippingAmountOf(input.shippingRate, subtotal - discount, weightGrams)
    if (amount == null) shippingUnavailable = true
    else shipping = { id: input.shippingRate.id, name: input.shippingRate.name, amount, taxAmount: taxOf(amount, bps, inclusive) }
  }
  const shippingAmount = shipping?.amount ?? 0
  const tax = lines.reduce((a, l) => a + l.taxAmount, 0) + (shipping?.taxAmount ?? 0)
  const total = subtotal - discount + shippingAmount + (inclusive ? 0 : tax)
  return { lines, promotions, shipping, shippingUnavailable, subtotal, discount, shippingAmount, tax, total, weightGrams, requiresShipping: shippable.length > 0 }
}
