/** What replaces a secret-looking value in the audit log. */
export const redacted = '[REDACTED]'

/** Largest before/after document kept whole (serialised); bigger ones are replaced by a marker. */
export const maxStoredBytes = 32 * 1024

// Words that name a secret anywhere in a field name (case-insensitive).
const secretWords = /password|passphrase|passwd|^pass$|secret|token|api[-_]?key|private[-_]?key|signature|authori[sz]ation|cookie|credential|cvc|cvv|card[-_]?number/i

/** True when a field name looks like it holds a secret: the words above, or `key` as the last word. */
export function isSecretField (name: string): boolean {
  // `key`, `signing_key`, `accessKey`; camelCase needs the capital K, so `monkey` is spared.
  return secretWords.test(name) || /^key$|[-_]key$/i.test(name) || /[a-z0-9]Key$/.test(name)
}

/** A deep copy of `value` with every secret-looking field replaced by `[REDACTED]`. */
export function redactSecrets (value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets)
  if (value == null || typeof value !== 'object') return value
  const result: Record<string, unknown> = {}
  for (const [name, field] of Object.entries(value as Record<string, unknown>)) {
    result[name] = isSecretField(name) ? redacted : redactSecrets(field)
  }
  return result
}

/** Keeps the audit log small: a document over `maxStoredBytes` is replaced by its size. */
export function capSize (value: unknown): unknown {
  if (value === undefined) return undefined
  const size = Buffer.byteLength(JSON.stringify(value) ?? '')
  return size > maxStoredBytes ? { truncated: true, bytes: size } : value
}
