import type { FastifyInstance } from 'fastify'
import { ValidationError, type ValidationIssue } from '../errors.js'

// PostgreSQL text cannot hold U+0000 ("invalid byte sequence for encoding UTF8: 0x00") and jsonb
// refuses \u0000 and lone surrogates ("unsupported Unicode escape sequence"). In unicode mode a
// surrogate pair is one code point, so only an unpaired half matches \p{Cs}.
const unsafe = /[\0\p{Cs}]/u
const unsafeDetail = 'must not contain NUL characters or unpaired UTF-16 surrogates'
// Deeper JSON is refused: no schema needs it, and free-form (jsonb) fields would store it.
const maxDepth = 64
// Enough to fix a request; a body full of NULs does not get a response as large.
const maxIssues = 20

function escapePointer (key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1')
}

// Parsed JSON, query strings (fast-querystring's objects inherit from a null-prototype object)
// and params only: a streamed (CSV) or raw (Buffer) body is its route's business.
function isPlainObject (value: unknown): value is Record<string, unknown> {
  if (value == null || typeof value !== 'object') return false
  const proto = Object.getPrototypeOf(value) as object | null
  return proto === null || Object.getPrototypeOf(proto) === null
}

/** Collects one issue per string (value or field name) that PostgreSQL would refuse, and per over-deep value. */
export function unsafeTextIssues (value: unknown, pointer: string, issues: ValidationIssue[] = [], depth = 0): ValidationIssue[] {
  if (issues.length >= maxIssues) return issues
  if (typeof value === 'string') {
    if (unsafe.test(value)) issues.push({ pointer, detail: unsafeDetail })
  } else if (depth >= maxDepth && (Array.isArray(value) || isPlainObject(value))) {
    issues.push({ pointer, detail: `is nested more than ${maxDepth} levels deep` })
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => { unsafeTextIssues(item, `${pointer}/${i}`, issues, depth + 1) })
  } else if (isPlainObject(value)) {
    for (const [key, field] of Object.entries(value)) {
      // The field name itself is not echoed back: the pointer names its parent.
      if (unsafe.test(key)) issues.push({ pointer, detail: 'has a field name with a NUL character or an unpaired UTF-16 surrogate' })
      else unsafeTextIssues(field, `${pointer}/${escapePointer(key)}`, issues, depth + 1)
    }
  }
  return issues
}

/**
 * Rejects, for every route of every plugin, a request whose params, query, headers or body hold
 * a string PostgreSQL cannot store (or JSON nested absurdly deep): 400 CORE_VALIDATION naming
 * each field, before validation.
 */
export function installUnsafeTextCheck (app: FastifyInstance): void {
  // Callback style, not async: this runs on every request.
  app.addHook('preValidation', (request, reply, done) => {
    const issues: ValidationIssue[] = []
    unsafeTextIssues(request.params, '/params', issues)
    unsafeTextIssues(request.query, '/query', issues)
    unsafeTextIssues(request.headers, '/headers', issues)
    unsafeTextIssues(request.body, '/body', issues)
    done(issues.length > 0 ? new ValidationError(issues) : undefined)
  })
}
