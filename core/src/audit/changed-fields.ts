import Value from 'typebox/value'

function isPlainObject (value: unknown): value is Record<string, unknown> {
  return value != null && typeof value === 'object' && !Array.isArray(value)
}

/**
 * Reduces a before/after pair to the top-level fields that differ, when both are objects:
 * the log stays small and each entry reads as a diff. Other shapes are kept whole.
 */
export function changedFields (before: unknown, after: unknown): { before: unknown, after: unknown } {
  if (!isPlainObject(before) || !isPlainObject(after)) return { before, after }
  const keptBefore: Record<string, unknown> = {}
  const keptAfter: Record<string, unknown> = {}
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (name in before && name in after && Value.Equal(before[name], after[name])) continue
    if (name in before) keptBefore[name] = before[name]
    if (name in after) keptAfter[name] = after[name]
  }
  return { before: keptBefore, after: keptAfter }
}
