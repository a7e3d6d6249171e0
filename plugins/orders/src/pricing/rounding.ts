/**
 * Integer money arithmetic: every amount is in minor units and never touches a float. BigInt
 * carries the intermediate products, so `amount × basis points` cannot lose precision.
 */

/** `value × numerator / denominator`, rounded half up; all three are non-negative integers. */
export function mulDivHalfUp (value: number, numerator: number, denominator: number): number {
  if (denominator <= 0) throw new RangeError('denominator must be positive')
  const product = BigInt(value) * BigInt(numerator)
  const d = BigInt(denominator)
  return Number((2n * product + d) / (2n * d))
}

/**
 * Splits `total` across `weights` in proportion, by largest remainder: each share is first
 * floored, then the units left over go one each to the largest remainders (ties to the earlier
 * index). The shares sum to exactly `total`, and no share exceeds its weight when total ≤ Σ weights.
 */
export function allocateByLargestRemainder (total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((acc, w) => acc + BigInt(w), 0n)
  if (sum === 0n || total === 0) return weights.map(() => 0)
  const t = BigInt(total)
  const shares = weights.map((w) => (t * BigInt(w)) / sum)
  const remainders = weights.map((w, index) => ({ index, remainder: (t * BigInt(w)) % sum }))
  let left = t - shares.reduce((acc, s) => acc + s, 0n)
  remainders.sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1))
  for (const { index } of remainders) {
    if (left === 0n) break
    shares[index] += 1n
    left -= 1n
  }
  return shares.map(Number)
}
