// A scenario: a named async function given the stack and a checker; it fails when any check fails.
import pg from 'pg'
import type { Stack } from './stack.js'

export interface Checker {
  /** Records a failed check (the scenario goes on, to report every failure at once). */
  ok: (condition: boolean, message: string) => void
  equal: (actual: unknown, expected: unknown, message: string) => void
  /** Prints one measured figure of the scenario. */
  figure: (name: string, value: string | number) => void
  failures: string[]
}

export interface Scenario {
  name: string
  run: (stack: Stack, check: Checker) => Promise<void>
}

export function createChecker (out: (line: string) => void): Checker {
  const failures: string[] = []
  const checker: Checker = {
    failures,
    ok (condition, message) { if (!condition) { failures.push(message); out(`    not ok  ${message}`) } },
    equal (actual, expected, message) {
      const same = JSON.stringify(actual) === JSON.stringify(expected)
      checker.ok(same, same ? message : `${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)
    },
    figure (name, value) { out(`    ${name}: ${value}`) },
  }
  return checker
}

/** A short-lived SQL client on the stack's database, for checks only (the store is driven over HTTP). */
export async function withSql<T> (stack: Stack, fn: (sql: (text: string, values?: unknown[]) => Promise<any[]>) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: stack.databaseUrl })
  await client.connect()
  try {
    return await fn(async (text, values) => (await client.query(text, values)).rows)
  } finally {
    await client.end()
  }
}

/** Polls `probe` until it returns true or `ms` pass; resolves to whether it became true. */
export async function eventually (probe: () => Promise<boolean>, ms: number, every = 500): Promise<boolean> {
  const until = Date.now() + ms
  for (;;) {
    if (await probe().catch(() => false)) return true
    if (Date.now() > until) return false
    await new Promise((resolve) => setTimeout(resolve, every))
  }
}

export function percentile (values: number[], p: number): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number
}
