import { createHash, randomBytes } from 'node:crypto'

/** Token kinds, told apart by a prefix that also lets secret scanners recognise a leaked token. */
export const tokenPrefixes = Object.freeze({ session: 'cps_', apiKey: 'cpk_' })
export type TokenKind = keyof typeof tokenPrefixes

/** How many leading characters of an API key are kept in clear to identify it (`cpk_AbCd1234`). */
export const visiblePrefixLength = 12

/** A new random token: the kind's prefix and 256 bits of entropy, base64url. */
export function generateToken (kind: TokenKind): string {
  return tokenPrefixes[kind] + randomBytes(32).toString('base64url')
}

/** What the database stores: sha256 of the token. Enough for 256-bit random tokens (no brute force). */
export function hashToken (token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** The kind of a token by its prefix, or null for anything that is not one of ours. */
export function tokenKind (token: string): TokenKind | null {
  if (!/^[a-z]{3}_[A-Za-z0-9_-]{43}$/.test(token)) return null
  if (token.startsWith(tokenPrefixes.session)) return 'session'
  if (token.startsWith(tokenPrefixes.apiKey)) return 'apiKey'
  return null
}

/** Reads `Authorization: Bearer <token>`; undefined without the header, null when it is malformed. */
export function bearerToken (header: string | undefined): string | null | undefined {
  if (header == null || header === '') return undefined
  const match = /^Bearer +(\S{1,512})\s*$/i.exec(header)
  return match?.[1] ?? null
}
