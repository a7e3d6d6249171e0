import { createHmac } from 'node:crypto'
import type { OrderAddress } from '@comptoir/plugin-orders'

/** Keyed hash of an identifier (email, IP, device, card, address): what fraud counts and matches on. */
export function createHasher (secret: string): (value: string) => string {
  return (value) => createHmac('sha256', secret).update(value).digest('hex').slice(0, 40)
}

export function normalizeEmail (email: string): string {
  return email.trim().toLowerCase()
}

export function emailDomain (email: string): string {
  const at = email.lastIndexOf('@')
  return at < 0 ? '' : normalizeEmail(email.slice(at + 1))
}

/** An address as the block list compares it: first line, postal code and country, case and spacing ignored. */
export function normalizeAddress (address: Pick<OrderAddress, 'line1' | 'postalCode' | 'country'> | null | undefined): string | null {
  if (address == null) return null
  const part = (s: string | null | undefined): string => (s ?? '').toLowerCase().replace(/[\s,.]+/g, ' ').trim()
  return `${part(address.line1)}|${part(address.postalCode)}|${part(address.country)}`
}
