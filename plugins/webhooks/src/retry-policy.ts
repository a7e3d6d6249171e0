/** Retry decisions of a delivery attempt: what is retried, after how long. */

/** 429 and 5xx are the receiver's temporary trouble; any other non-2xx is a final answer. */
export function isRetryableStatus (status: number): boolean {
  return status === 429 || status >= 500
}

/** `Retry-After` as milliseconds (delta-seconds or an HTTP date); null when absent or unreadable. */
export function retryAfterMs (value: string | string[] | undefined, now = Date.now()): number | null {
  const text = Array.isArray(value) ? value[0] : value
  if (text == null || text.trim() === '') return null
  if (/^\d{1,9}$/.test(text.trim())) return Number(text.trim()) * 1000
  const at = Date.parse(text)
  return Number.isNaN(at) ? null : Math.max(0, at - now)
}

/**
 * The delay before attempt `next` (2 = the first retry): base · 2^(next−2) with ±20 % jitter, at
 * least the receiver's Retry-After, at most `maxMs`.
 */
export function retryDelayMs (next: number, options: { baseMs: number, maxMs: number, retryAfterMs: number | null, random?: () => number }): number {
  const exponential = options.baseMs * 2 ** Math.min(next - 2, 30)
  const jittered = exponential * (0.8 + 0.4 * (options.random ?? Math.random)())
  return Math.round(Math.min(options.maxMs, Math.max(jittered, options.retryAfterMs ?? 0)))
}
