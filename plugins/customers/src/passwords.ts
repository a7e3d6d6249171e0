import { createHash, randomBytes } from 'node:crypto'

// Passwords use the kernel's scrypt scheme, shared with admin users.
export { hashPassword, verifyPassword } from '@comptoir/core'

/** A one-time token for a link: 256 random bits, base64url. Only its hash is stored. */
export function generateOneTimeToken (): string {
  return randomBytes(32).toString('base64url')
}

/** sha256 hex: what the database keeps of a token, or of an email in the login-failure counters. */
export function sha256 (value: string): string {
  return createHash('sha256').update(value).digest('hex')
}
