import { builtinModules } from 'node:module'
import { UsageError } from './errors.js'

const reservedNames = new Set(['node_modules', 'favicon.ico', ...builtinModules])

/** A lower-case slug of `input` for suggestions ("My Store" -> "my-store"). */
export function slugify (input: string): string {
  return input.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+|-+$/g, '').slice(0, 214)
}

/**
 * The project folder's name becomes the package name, so it follows npm's rules for new
 * packages: at most 214 characters, lower case, letters, digits, '-', '.', '_', not starting
 * with '.' or '_', and not a Node.js built-in module name.
 */
export function validateProjectName (name: string): string {
  const problem = projectNameProblem(name)
  if (problem == null) return name
  const suggestion = slugify(name)
  const hint = suggestion !== '' && suggestion !== name && projectNameProblem(suggestion) == null ? ` Try '${suggestion}'.` : ''
  throw new UsageError(`Invalid project name '${name}': ${problem}.${hint}`)
}

function projectNameProblem (name: string): string | null {
  if (name.length === 0) return 'it is empty'
  if (name.length > 214) return 'npm package names are at most 214 characters'
  if (name !== name.toLowerCase()) return 'npm package names are lower case'
  if (/^[._]/.test(name)) return 'npm package names cannot start with \'.\' or \'_\''
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(name)) return 'use only lower-case letters, digits, \'-\', \'.\' and \'_\', starting with a letter or digit'
  if (reservedNames.has(name)) return `'${name}' is reserved (a Node.js built-in module or an npm special name)`
  return null
}

/** Store name shown in the admin and in messages. */
export function validateStoreName (name: string): string {
  const trimmed = name.trim()
  if (trimmed === '') throw new UsageError('The store name is empty: pass --name "My Store".')
  if (trimmed.length > 200) throw new UsageError(`The store name is ${trimmed.length} characters long: keep it to 200.`)
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) throw new UsageError('The store name contains control characters: use plain text.')
  return trimmed
}

/** "my-store" -> "My Store": the default store name. */
export function titleFromSlug (slug: string): string {
  const words = slug.split(/[-._]+/).filter((w) => w !== '')
  return words.length === 0 ? 'My Store' : words.map((w) => (w[0] as string).toUpperCase() + w.slice(1)).join(' ')
}

const knownCurrencies: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'))

/** `EUR,usd` -> ['EUR', 'USD']: ISO 4217 codes the runtime knows, no duplicates, 1 to 30 of them. */
export function parseCurrencies (input: string): string[] {
  const codes = input.split(',').map((c) => c.trim().toUpperCase()).filter((c) => c !== '')
  if (codes.length === 0) throw new UsageError('No currency given: pass ISO 4217 codes, e.g. --currencies EUR,USD.')
  if (codes.length > 30) throw new UsageError(`${codes.length} currencies given: the catalog accepts at most 30.`)
  for (const code of codes) {
    if (!/^[A-Z]{3}$/.test(code)) throw new UsageError(`Invalid currency '${code}': use three-letter ISO 4217 codes such as EUR, USD, GBP.`)
    if (!knownCurrencies.has(code)) throw new UsageError(`Unknown currency '${code}': it is not an ISO 4217 code (e.g. EUR, USD, GBP, JPY).`)
  }
  const duplicate = codes.find((c, i) => codes.indexOf(c) !== i)
  if (duplicate != null) throw new UsageError(`Currency '${duplicate}' is listed twice.`)
  return codes
}

/** A PostgreSQL connection URL (`postgres://` or `postgresql://`), as the kernel accepts. */
export function validateDatabaseUrl (input: string): string {
  const url = input.trim()
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new UsageError(`Invalid database URL '${redact(url)}': use postgres://user:password@host:5432/database (or leave it out for the embedded database).`)
  }
  if (!URL.canParse(url)) throw new UsageError(`Invalid database URL '${redact(url)}': it is not a well-formed URL.`)
  if (/[\s'"\\]/.test(url)) throw new UsageError('The database URL contains spaces, quotes or backslashes: percent-encode them (%20, %27, %22, %5C).')
  return url
}

/** A Redis URL (`redis://` or `rediss://` for TLS). */
export function validateRedisUrl (input: string): string {
  const url = input.trim()
  if (!/^rediss?:\/\//.test(url)) {
    throw new UsageError(`Invalid Redis URL '${redact(url)}': use redis://host:6379 or rediss://… (or leave it out for in-process jobs).`)
  }
  if (!URL.canParse(url)) throw new UsageError(`Invalid Redis URL '${redact(url)}': it is not a well-formed URL.`)
  if (/[\s'"\\]/.test(url)) throw new UsageError('The Redis URL contains spaces, quotes or backslashes: percent-encode them (%20, %27, %22, %5C).')
  return url
}

/** Hides a password in a URL before echoing it in a message. */
export function redact (url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@/]*@/i, '$1***@')
}
