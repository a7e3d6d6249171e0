// The suite's only way into the store: HTTP on loopback, with keep-alive and a bounded timeout.

export interface Reply {
  status: number
  headers: Record<string, string>
  text: string
  /** The parsed JSON body (null when it is not JSON). */
  body: any
  ms: number
}

export interface CallOptions {
  headers?: Record<string, string>
  /** Sent as JSON unless `raw` is given. */
  json?: unknown
  /** A body sent as is (with the given headers' content type). */
  raw?: string | Buffer
  timeoutMs?: number
}

/** One request; network failures resolve as status 0 (the caller decides whether that is allowed). */
export async function call (base: string, method: string, path: string, options: CallOptions = {}): Promise<Reply> {
  const started = performance.now()
  const headers: Record<string, string> = { ...options.headers }
  let body: string | Buffer | undefined
  if (options.raw !== undefined) body = options.raw
  else if (options.json !== undefined) {
    body = JSON.stringify(options.json)
    headers['content-type'] ??= 'application/json'
  }
  try {
    const res = await fetch(`${base}${path}`, {
      method, headers, body, signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    })
    const text = await res.text()
    const flat: Record<string, string> = {}
    res.headers.forEach((v, k) => { flat[k] = v })
    let parsed: unknown = null
    if (/json/.test(flat['content-type'] ?? '')) { try { parsed = JSON.parse(text) } catch { parsed = null } }
    return { status: res.status, headers: flat, text, body: parsed, ms: performance.now() - started }
  } catch (error) {
    return { status: 0, headers: {}, text: String((error as Error).message), body: null, ms: performance.now() - started }
  }
}

/** Throws unless the reply has one of the statuses: for setup steps. */
export function must (reply: Reply, what: string, ...statuses: number[]): Reply {
  const ok = statuses.length === 0 ? reply.status >= 200 && reply.status < 300 : statuses.includes(reply.status)
  if (!ok) throw new Error(`${what}: HTTP ${reply.status} ${reply.text.slice(0, 500)}`)
  return reply
}

/** True when the reply is an RFC 9457 document with a stable code. */
export function isProblem (reply: Reply): boolean {
  return (reply.headers['content-type'] ?? '').startsWith('application/problem+json') &&
    reply.body != null && typeof reply.body.code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(reply.body.code) &&
    reply.body.status === reply.status && typeof reply.body.title === 'string'
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function pool<T, R> (items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await fn(items[i] as T, i)
    }
  }))
  return results
}
