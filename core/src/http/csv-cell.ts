/**
 * One CSV field (RFC 4180): quoted when it holds a quote, comma or line break, and a text that a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) prefixed with `'` (CSV
 * injection). Numbers are written as they are; null is an empty field.
 */
export function csvCell (value: unknown): string {
  let text = value == null ? '' : String(value)
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}
