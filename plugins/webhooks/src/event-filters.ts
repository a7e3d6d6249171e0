import { UnknownEventError } from './errors.js'

/** `*`, an exact event name, or a prefix ending in `.*` (`orders.*`, `orders.order.*`). */
export const eventPatternRegex = '^(\\*|[a-z0-9-]+(\\.[a-z0-9-]+)*(\\.\\*)?)$'

/** True when `name` is one of the events `pattern` names. */
export function matchesPattern (pattern: string, name: string): boolean {
  if (pattern === '*') return true
  if (pattern.endsWith('.*')) return name.startsWith(pattern.slice(0, -1))
  return pattern === name
}

export function matchesAny (patterns: readonly string[], name: string): boolean {
  return patterns.some((p) => matchesPattern(p, name))
}

/** Each pattern must name at least one declared event (a typo would otherwise deliver nothing, silently). */
export function checkPatterns (patterns: readonly string[], declared: ReadonlyArray<{ name: string }>): string[] {
  for (const pattern of patterns) {
    if (!declared.some((e) => matchesPattern(pattern, e.name))) throw new UnknownEventError(pattern)
  }
  return [...new Set(patterns)].sort()
}
