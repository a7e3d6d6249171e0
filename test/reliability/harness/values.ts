// Values for the fuzzer, from a JSON schema and a seeded random source: mostly valid, often at a
// boundary, sometimes hostile (wrong type, huge, unicode, traversal, bad cursor).
import { randomUUID } from 'node:crypto'

export type Random = () => number

/** mulberry32: a small deterministic generator, so a failing run can be replayed from its seed. */
export function seededRandom (seed: number): Random {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T

/** Strings that have broken web apps: traversal, injection, unicode edge cases, control characters. */
export const hostileStrings: readonly string[] = [
  '../../../../etc/passwd', '..%2f..%2f..%2fetc%2fpasswd', '%2e%2e%2f%2e%2e%2f', '....//....//', '/../admin', '\\..\\..\\windows',
  "' or '1'='1", "'; drop table orders_orders; --", '"); --', '$where: 1', '{"$gt": ""}', '<script>alert(1)</script>', '${7*7}', '{{7*7}}',
  '=cmd|/C calc!A0', '\u0000', 'a\u0000b', '\ud800', '\udfff', '\u202e\u0644\u0627', 'e\u0301\u0301\u0301', '\u200b\u200d\ufeff',
  '😀👩‍👩‍👧‍👦🏳️‍🌈', '𝕮𝖔𝖒𝖕𝖙𝖔𝖎𝖗', 'Ω≈ç√∫', '\r\nx-injected: 1', ' ', '', 'null', 'undefined', 'NaN', '-1', '0x1F', '1e309',
]

export const hostileNumbers: readonly number[] = [0, -1, -0, 1.5, 2 ** 31, 2 ** 53, 2 ** 63, -(2 ** 63), 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 1e-300]

export const badCursors: readonly string[] = ['', 'x', '!!!', 'eyJ', 'eyJhIjoxfQ', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'bnVsbA', 'W10', `${'A'.repeat(511)}`, 'eyJsaXN0Ijoib3RoZXIiLCJrZXkiOlsxXX0']

export type Schema = Record<string, any>

/** A value that satisfies `schema` as far as a quick generator can (enums, formats, bounds). */
export function validValue (schema: Schema | undefined, random: Random, depth = 0): unknown {
  if (schema == null) return 'x'
  if (schema.const !== undefined) return schema.const
  if (Array.isArray(schema.enum)) return pick(random, schema.enum)
  const union = schema.anyOf ?? schema.oneOf
  if (Array.isArray(union)) return validValue(pick(random, union), random, depth)
  if (Array.isArray(schema.allOf)) return validValue(schema.allOf[0], random, depth)
  const type = Array.isArray(schema.type) ? pick(random, schema.type) : schema.type
  switch (type) {
    case 'string': return validString(schema, random)
    case 'integer': case 'number': {
      const min = schema.minimum ?? (schema.exclusiveMinimum != null ? schema.exclusiveMinimum + 1 : 0)
      const max = schema.maximum ?? (schema.exclusiveMaximum != null ? schema.exclusiveMaximum - 1 : min + 1000)
      const r = random()
      if (r < 0.2) return min
      if (r < 0.4) return max
      return Math.floor(min + random() * Math.max(1, Math.min(max - min, 1e9)))
    }
    case 'boolean': return random() < 0.5
    case 'null': return null
    case 'array': {
      const n = Math.min(schema.maxItems ?? 3, Math.max(schema.minItems ?? 0, Math.floor(random() * 3)))
      return depth > 6 ? [] : Array.from({ length: n }, () => validValue(schema.items, random, depth + 1))
    }
    case 'object': default: {
      if (depth > 6) return {}
      const out: Record<string, unknown> = {}
      const required = new Set<string>(schema.required ?? [])
      for (const [key, sub] of Object.entries<Schema>(schema.properties ?? {})) {
        if (required.has(key) || random() < 0.5) out[key] = validValue(sub, random, depth + 1)
      }
      return out
    }
  }
}

function validString (schema: Schema, random: Random): string {
  switch (schema.format) {
    case 'uuid': return randomUUIDFrom(random)
    case 'email': return `fuzz${Math.floor(random() * 1e9)}@example.com`
    case 'date-time': return new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 1e10)).toISOString()
    case 'date': return '2026-05-17'
    case 'uri': return 'https://example.com/hook'
  }
  if (schema.pattern === '^[A-Z]{3}$') return pick(random, ['EUR', 'USD', 'XXX'])
  if (schema.pattern === '^[A-Z]{2}$') return pick(random, ['FR', 'US', 'ZZ'])
  const min = schema.minLength ?? 0
  const max = Math.min(schema.maxLength ?? 24, 40)
  const length = Math.max(min, Math.min(max, 1 + Math.floor(random() * 12)))
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'
  return Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('')
}

function randomUUIDFrom (random: Random): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** A value the schema should refuse, or one at its very edge. */
export function hostileValue (schema: Schema | undefined, random: Random): unknown {
  const r = random()
  if (r < 0.2) return pick(random, hostileStrings)
  if (r < 0.35) return pick(random, hostileNumbers)
  if (r < 0.45) return 'x'.repeat(pick(random, [256, 5000, 70_000]))
  if (r < 0.5) return pick(random, [null, true, [], {}, [[[[]]]], JSON.parse('{"__proto__": {"polluted": true}}'), { constructor: { prototype: { polluted: true } } }])
  if (r < 0.6 && schema?.type === 'string') return `${validString(schema, random)}${pick(random, hostileStrings)}`
  if (r < 0.7 && (schema?.type === 'integer' || schema?.type === 'number')) {
    return pick(random, [(schema.minimum ?? 0) - 1, (schema.maximum ?? 2 ** 53) + 1, 1e21, 0.1, '1', 'one'])
  }
  if (r < 0.8) return randomUUID().toUpperCase()
  return pick(random, ['1'.repeat(400), 9.999999999999999e307, '١٢٣', '२०२६-०१-०१'])
}

/** Text for a URL (path segment or query value): valid, hostile, or hostile and oversized. */
export function urlText (value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? 'undefined'
  // Encode what the URL syntax needs encoded; a lone surrogate cannot be encoded: send it raw-escaped.
  try { return encodeURIComponent(text) } catch { return '%ED%A0%80' }
}
