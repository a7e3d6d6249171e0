// Money in minor units shown with the currency's own decimals; dates in the browser's locale.

const digitsCache = new Map<string, number>()

/** The currency's minor-unit digits (EUR 2, JPY 0, KWD 3), from Intl. */
export function fractionDigits (currency: string): number {
  let digits = digitsCache.get(currency)
  if (digits == null) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
    } catch {
      digits = 2
    }
    digitsCache.set(currency, digits)
  }
  return digits
}

export function formatMoney (amount: number | null | undefined, currency: string | null | undefined): string {
  if (amount == null) return '—'
  if (currency == null || currency === '') return String(amount)
  const digits = fractionDigits(currency)
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(amount / 10 ** digits)
  } catch {
    return `${(amount / 10 ** digits).toFixed(digits)} ${currency}`
  }
}

/** "12.50" in EUR → 1250; null when not a number. */
export function toMinor (major: string, currency: string): number | null {
  const text = major.trim().replace(',', '.')
  if (text === '' || !/^-?\d+(\.\d+)?$/.test(text)) return null
  return Math.round(Number(text) * 10 ** fractionDigits(currency))
}

export function toMajor (amount: number, currency: string): string {
  const digits = fractionDigits(currency)
  return (amount / 10 ** digits).toFixed(digits)
}

export function formatDate (value: string | null | undefined): string {
  if (value == null || value === '') return '—'
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? value : date.toLocaleDateString()
}

export function formatDateTime (value: string | null | undefined): string {
  if (value == null || value === '') return '—'
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? value : date.toLocaleString()
}

export function formatNumber (value: number | null | undefined): string {
  return value == null ? '—' : new Intl.NumberFormat().format(value)
}
