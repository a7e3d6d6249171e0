import t from 'tap'
import { allocateByLargestRemainder, computeTotals, mulDivHalfUp, shippingAmountOf, type PricedLine, type PromotionRule, type ShippingRate } from '../src/carts/index.js'

const line = (id: string, unitAmount: number, quantity = 1, weightGrams: number | null = null): PricedLine => ({ id, unitAmount, quantity, weightGrams, requiresShipping: true })
const percent = (bps: number, extra: Partial<PromotionRule> = {}): PromotionRule => ({ id: `p${bps}`, code: `P${bps}`, kind: 'percentage', percentBps: bps, amount: null, minSubtotalAmount: null, eligible: true, reason: null, ...extra })
const fixed = (amount: number, extra: Partial<PromotionRule> = {}): PromotionRule => ({ id: `f${amount}`, code: `F${amount}`, kind: 'fixed', percentBps: null, amount, minSubtotalAmount: null, eligible: true, reason: null, ...extra })
const flat = (amount: number, freeOverAmount: number | null = null): ShippingRate => ({ id: 's', name: 'Standard', rateType: 'flat', flatAmount: amount, weightRates: null, freeOverAmount })
const base = { promotions: [], shippingRate: null, taxRateBps: 0, taxInclusive: false }

t.test('rounding is half up in integers, never through floats', async (t) => {
  t.equal(mulDivHalfUp(25, 1000, 10000), 3, '2.5 rounds up')
  t.equal(mulDivHalfUp(24, 1000, 10000), 2, '2.4 rounds down')
  t.equal(mulDivHalfUp(1000, 2000, 12000), 167, '166.67 rounds up')
  t.equal(mulDivHalfUp(9_007_199_254_740, 9999, 10000), 9_006_298_534_815, 'large amounts keep every unit (BigInt)')
})

t.test('largest remainder allocation sums exactly and favours the largest remainders', async (t) => {
  t.same(allocateByLargestRemainder(100, [100, 100, 100]), [34, 33, 33], 'one odd cent goes to the first of equal lines')
  t.same(allocateByLargestRemainder(10, [1, 2, 7]), [1, 2, 7])
  t.same(allocateByLargestRemainder(5, [3, 3]), [3, 2])
  t.same(allocateByLargestRemainder(0, [3, 3]), [0, 0])
  t.same(allocateByLargestRemainder(7, [0, 0]), [0, 0], 'nothing to allocate against')
  // Property: any split sums to the total and never exceeds a weight.
  let seed = 42
  const rand = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n }
  for (let i = 0; i < 500; i++) {
    const weights = Array.from({ length: 1 + rand(8) }, () => rand(100000))
    const sum = weights.reduce((a, b) => a + b, 0)
    const total = sum === 0 ? 0 : rand(sum + 1)
    const shares = allocateByLargestRemainder(total, weights)
    if (shares.reduce((a, b) => a + b, 0) !== total || shares.some((s, j) => s > weights[j] || s < 0)) {
      t.fail(`bad split of ${total} over ${weights.join(',')}: ${shares.join(',')}`)
      return
    }
  }
  t.pass('500 random splits are exact and bounded')
})

t.test('odd cents: a 10 % discount over three equal lines is spread so lines sum to the cart', async (t) => {
  const totals = computeTotals({ ...base, lines: [line('a', 333), line('b', 333), line('c', 335)], promotions: [percent(1000)], taxRateBps: 2000 })
  t.equal(totals.subtotal, 1001)
  t.equal(totals.discount, 100, '100.1 rounds half up to 100')
  t.same(totals.lines.map((l) => l.discountAmount), [33, 33, 34], 'largest remainder: the largest line takes the odd cent')
  t.equal(totals.lines.reduce((a, l) => a + l.discountAmount, 0), totals.discount)
  t.same(totals.lines.map((l) => l.taxAmount), [60, 60, 60], 'tax per line, half up: 300 × 20 % = 60, 301 × 20 % = 60.2 → 60')
  t.equal(totals.tax, 180)
  t.equal(totals.total, 1001 - 100 + 180)
  t.equal(totals.lines.reduce((a, l) => a + l.totalAmount, 0), totals.total, 'line totals sum to the cart total without shipping')
})

t.test('a 100 % discount makes the merchandise free; shipping is still charged and taxed', async (t) => {
  const totals = computeTotals({ ...base, lines: [line('a', 1999, 3), line('b', 1)], promotions: [percent(10000)], shippingRate: flat(590), taxRateBps: 2000 })
  t.equal(totals.subtotal, 5998)
  t.equal(totals.discount, 5998)
  t.same(totals.lines.map((l) => [l.discountAmount, l.taxAmount, l.totalAmount]), [[5997, 0, 0], [1, 0, 0]])
  t.equal(totals.shippingAmount, 590)
  t.equal(totals.tax, 118, 'only the shipping is taxed')
  t.equal(totals.total, 590 + 118)
})

t.test('stacked codes never discount more than the subtotal', async (t) => {
  const totals = computeTotals({ ...base, lines: [line('a', 1000)], promotions: [percent(5000), fixed(800)] })
  t.same(totals.promotions.map((p) => p.discountAmount), [500, 500], 'the fixed code gives what is left, not 800')
  t.equal(totals.total, 0)
})

t.test('a minimum subtotal not met makes a code give nothing, with the reason', async (t) => {
  const totals = computeTotals({ ...base, lines: [line('a', 4999)], promotions: [fixed(500, { minSubtotalAmount: 5000 }), percent(1000, { eligible: false, reason: 'ended' })] })
  t.same(totals.promotions.map((p) => [p.discountAmount, p.applicable, p.reason]), [[0, false, 'minimum_subtotal_not_met'], [0, false, 'ended']])
  t.equal(totals.total, 4999)
})

t.test('free shipping applies from the threshold, on the merchandise after discounts', async (t) => {
  const rate = flat(590, 5000)
  t.equal(computeTotals({ ...base, lines: [line('a', 5000)], shippingRate: rate }).shippingAmount, 0, 'at the threshold: free')
  t.equal(computeTotals({ ...base, lines: [line('a', 4999)], shippingRate: rate }).shippingAmount, 590, 'one cent below: charged')
  const discounted = computeTotals({ ...base, lines: [line('a', 5200)], promotions: [fixed(300)], shippingRate: rate })
  t.equal(discounted.shippingAmount, 590, 'a discount that takes the cart below the threshold brings shipping back')
  t.equal(discounted.total, 4900 + 590)
})

t.test('weight-based rates pick the first bracket that holds the cart; too heavy is unavailable', async (t) => {
  const rate: ShippingRate = { id: 'w', name: 'By weight', rateType: 'weight', flatAmount: null, weightRates: [{ upToGrams: 5000, amount: 1295 }, { upToGrams: 1000, amount: 695 }], freeOverAmount: null }
  t.equal(shippingAmountOf(rate, 100, 1000), 695, 'bounds are inclusive, brackets sorted')
  t.equal(shippingAmountOf(rate, 100, 1001), 1295)
  t.equal(shippingAmountOf(rate, 100, 5001), null)
  const heavy = computeTotals({ ...base, lines: [line('a', 100, 3, 2000)], shippingRate: rate })
  t.equal(heavy.weightGrams, 6000)
  t.equal(heavy.shipping, null)
  t.equal(heavy.shippingUnavailable, true)
  t.equal(shippingAmountOf({ ...rate, weightRates: [{ upToGrams: 1000, amount: 695 }, { upToGrams: null, amount: 2495 }] }, 100, 999999), 2495, 'an open-ended bracket takes any weight')
})

t.test('tax exclusive adds the rate on top; inclusive extracts it from the price', async (t) => {
  const lines = [line('a', 1000), line('b', 1999)]
  const exclusive = computeTotals({ ...base, lines, shippingRate: flat(500), taxRateBps: 2000, taxInclusive: false })
  t.same(exclusive.lines.map((l) => [l.taxAmount, l.totalAmount]), [[200, 1200], [400, 2399]], '1999 × 20 % = 399.8 → 400')
  t.equal(exclusive.shipping?.taxAmount, 100)
  t.equal(exclusive.tax, 700)
  t.equal(exclusive.total, 2999 + 500 + 700)
  const inclusive = computeTotals({ ...base, lines, shippingRate: flat(500), taxRateBps: 2000, taxInclusive: true })
  t.same(inclusive.lines.map((l) => [l.taxAmount, l.totalAmount]), [[167, 1000], [333, 1999]], '1000 / 6 = 166.67 → 167; 1999 / 6 = 333.17 → 333')
  t.equal(inclusive.shipping?.taxAmount, 83)
  t.equal(inclusive.tax, 583)
  t.equal(inclusive.total, 2999 + 500, 'inclusive: the total is what the prices say')
})

t.test('a zero-decimal currency (JPY) uses the same integer rule on whole yen', async (t) => {
  const totals = computeTotals({ ...base, lines: [line('a', 1999), line('b', 980, 2)], promotions: [percent(1500)], shippingRate: flat(700, 5000), taxRateBps: 1000 })
  t.equal(totals.subtotal, 3959)
  t.equal(totals.discount, 594, '593.85 yen rounds half up to 594')
  t.same(totals.lines.map((l) => l.discountAmount), [300, 294])
  t.same(totals.lines.map((l) => l.taxAmount), [170, 167], '169.9 → 170; 166.6 → 167')
  t.equal(totals.shippingAmount, 700, '3365 yen is below the 5000 yen threshold')
  t.equal(totals.tax, 170 + 167 + 70)
  t.equal(totals.total, 3959 - 594 + 700 + 407)
  t.ok([totals.subtotal, totals.discount, totals.tax, totals.total].every(Number.isInteger))
})

t.test('a cart with nothing to ship charges no shipping', async (t) => {
  const totals = computeTotals({ ...base, lines: [{ ...line('a', 1000), requiresShipping: false }], shippingRate: flat(590) })
  t.equal(totals.requiresShipping, false)
  t.equal(totals.shipping, null)
  t.equal(totals.total, 1000)
})
