/** An ISO timestamp from a driver value (pg gives Date, PGlite may give a string). */
export function iso (value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString()
}

export function isoOrNull (value: Date | string | null): string | null {
  return value == null ? null : iso(value)
}

/** A `date` column as YYYY-MM-DD (pg may parse it to a local-midnight Date). */
export function day (value: Date | string | null): string | null {
  if (value == null) return null
  if (typeof value === 'string') return value.slice(0, 10)
  const y = value.getFullYear()
  const m = String(value.getMonth() + 1).padStart(2, '0')
  const d = String(value.getDate()).padStart(2, '0')
  return `${y}-${m}-${d}`
}

/** bigint columns come back as strings from pg: money fits in a JS safe integer (bounded by the schemas). */
export function int (value: string | number): number {
  return Number(value)
}

export function intOrNull (value: string | number | null): number | null {
  return value == null ? null : Number(value)
}

/** A jsonb value (PGlite may hand back a string). */
export function json<T> (value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T
}
