import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto'

// Same scheme as the kernel's admin passwords (scrypt N=2^15, r=8, p=1; `scrypt$N$r$p$salt$hash`),
// which @comptoir/core does not export yet.
const params = { N: 2 ** 15, r: 8, p: 1 }
const keyLength = 64

function derive (password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyLength, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (error, key) => {
      if (error != null) reject(error); else resolve(key)
    })
  })
}

/** Hashes a password with scrypt and a random salt. */
export async function hashPassword (password: string): Promise<string> {
  const salt = randomBytes(16)
  const hash = await derive(password, salt, params.N, params.r, params.p)
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), hash.toString('base64')].join('$')
}

const dummyHash = ['scrypt', params.N, params.r, params.p, Buffer.alloc(16).toString('base64'), Buffer.alloc(keyLength).toString('base64')].join('$')

/**
 * Compares in constant time. With `null` (no such account) it still runs scrypt, so the
 * response time does not tell whether the email exists.
 */
export async function verifyPassword (password: string, stored: string | null): Promise<boolean> {
  const [scheme, N, r, p, salt, hash] = (stored ?? dummyHash).split('$')
  const numbers = [Number(N), Number(r), Number(p)]
  const valid = scheme === 'scrypt' && salt != null && hash != null && numbers.every((n) => Number.isSafeInteger(n) && n > 0 && n <= 2 ** 20)
  const [n, rr, pp] = valid ? numbers : [params.N, params.r, params.p]
  const expected = Buffer.from(valid ? hash : Buffer.alloc(keyLength).toString('base64'), 'base64')
  const candidate = await derive(password, Buffer.from(valid ? salt : '', 'base64'), n, rr, pp)
  return candidate.length === expected.length && timingSafeEqual(candidate, expected) && valid && stored != null
}

/** A one-time token for a link: 256 random bits, base64url. Only its hash is stored. */
export function generateOneTimeToken (): string {
  return randomBytes(32).toString('base64url')
}

/** sha256 hex: what the database keeps of a token, or of an email in the login-failure counters. */
export function sha256 (value: string): string {
  return createHash('sha256').update(value).digest('hex')
}
