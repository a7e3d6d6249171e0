import { zeroDecimalCurrencies } from '@comptoir/core'

const threeDecimalCurrencies: ReadonlySet<string> = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'])

/** Digits after the decimal point of a currency's major unit. */
export function currencyExponent (currency: string): number {
  if (zeroDecimalCurrencies.has(currency)) return 0
  return threeDecimalCurrencies.has(currency) ? 3 : 2
}

/**
 * Parses a decimal price as written in a CSV (`19.99`, `1,299.00`, `20`) into integer minor
 * units, exactly (no floats). Returns null when it is not a price in this currency.
 */
export function parseDecimalAmount (text: string, currency: string): number | null {
  const cleaned = text.trim().replace(/,(?=\d{3}(\D|$))/g, '')
  const match = /^(\d{1,13})(?:\.(\d+))?$/.exec(cleaned)
  if (match == null) return null
  const exponent = currencyExponent(currency)
  const fraction = (match[2] ?? '').replace(/0+$/, '')
  if (fraction.length > exponent) return null
  return Number(match[1]) * 10 ** exponent + Number(fraction.padEnd(exponent, '0') || '0')
}

/** Formats integer minor units as a decimal price (`1999` EUR → `19.99`). */
export function formatDecimalAmount (amount: number, currency: string): string {
  const exponent = currencyExponent(currency)
  if (exponent === 0) return String(amount)
  const digits = String(amount).padStart(exponent + 1, '0')
  return `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`
}
