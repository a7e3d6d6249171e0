/** Row → API helpers shared by crm's mappers. */
export function iso (value: Date | string): string {
  return new Date(value).toISOString()
}

export function isoOrNull (value: Date | string | null | undefined): string | null {
  return value == null ? null : new Date(value).toISOString()
}

/** The timeline's timestamps carry milliseconds only, so a cursor (a JS date) never skips or repeats a row. */
export function toMillis (value: string | Date | undefined): string {
  return (value == null ? new Date() : new Date(value)).toISOString()
}
