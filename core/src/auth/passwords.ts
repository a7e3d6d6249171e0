import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

/** scrypt cost parameters; stored with each hash so they can be raised without breaking old ones. */
interface ScryptParams { N: number, r: number, p: number }

// OWASP's scrypt baseline (N=2^17, r=8, p=1) costs 128 MiB per login; 2^15 keeps it at 32 MiB.
const current: ScryptParams = Object.freeze({ N: 2 ** 15, r: 8, p: 1 })
const keyLength = 64
const saltLength = 16

function derive (password: string, salt: Buffer, { N, r, p }: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyLength, options, (error, key) => { error != null ? reject(error) : resolve(key) })
  })
}

/** Hashes a password with scrypt and a random salt: `scrypt$N$r$p$<salt>$<hash>` (base64). */
export async function hashPassword (password: string): Promise<string> {
  const salt = randomBytes(saltLength)
  const hash = await derive(password, salt, current)
  return ['scrypt', current.N, current.r, current.p, salt.toString('base64'), hash.toString('base64')].join('$')
}

interface ParsedHash { params: ScryptParams, salt: Buffer, hash: Buffer }

function parse (stored: string): ParsedHash | null {
  const [scheme, N, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || salt == null || hash == null) return null
  const params = { N: Number(N), r: Number(r), p: Number(p) }
  if (![params.N, params.r, params.p].every((n) => Number.isSafeInteger(n) && n > 0)) return null
  return { params, salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') }
}

/** A well-formed hash of no password: verifying against it costs what a real check costs. */
const dummyHash = ['scrypt', current.N, current.r, current.p, Buffer.alloc(saltLength).toString('base64'), Buffer.alloc(keyLength).toString('base64')].join('$')

/**
 * Checks a password against a stored hash in constant time. With `null` (unknown user) it
 * still runs scrypt, so response time does not reveal whether the account exists.
 */
export async function verifyPassword (password: string, stored: string | null): Promise<boolean> {
  const parsed = parse(stored ?? dummyHash) ?? parse(dummyHash) as ParsedHash
  const candidate = await derive(password, parsed.salt, parsed.params)
  const equal = candidate.length === parsed.hash.length && timingSafeEqual(candidate, parsed.hash)
  return equal && stored != null
}

/** True when a hash was made with older parameters and should be replaced at the next login. */
export function needsRehash (stored: string): boolean {
  const parsed = parse(stored)
  return parsed == null || parsed.params.N !== current.N || parsed.params.r !== current.r || parsed.params.p !== current.p
}
