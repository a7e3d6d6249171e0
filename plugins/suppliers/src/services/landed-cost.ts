/** a / b rounded half up, for a ≥ 0 and b > 0, exact on integers of any size. */
export function divideHalfUp (a: bigint, b: bigint): bigint {
  return (2n * a + b) / (2n * b)
}

/**
 * The landed cost per unit of each line: its unit cost plus its share of the order's extra costs
 * (freight, duties), spread by value. A line's share per unit is extra × unit cost / subtotal,
 * rounded half up to a minor unit (so Σ may differ from the extra costs by rounding); an order
 * whose lines cost nothing spreads the extra costs per unit instead. Integer minor units throughout.
 */
export function landedUnitCosts (lines: ReadonlyArray<{ quantity: number, unitCostAmount: number }>, extraCostsAmount: number): number[] {
  const extra = BigInt(extraCostsAmount)
  const subtotal = lines.reduce((sum, l) => sum + BigInt(l.quantity) * BigInt(l.unitCostAmount), 0n)
  const units = lines.reduce((sum, l) => sum + BigInt(l.quantity), 0n)
  return lines.map((l) => {
    if (extra === 0n || units === 0n) return l.unitCostAmount
    const share = subtotal > 0n ? divideHalfUp(extra * BigInt(l.unitCostAmount), subtotal) : divideHalfUp(extra, units)
    return l.unitCostAmount + Number(share)
  })
}
