/**
 * Whether an unexpected error means the database cannot be reached right now (refused or cut
 * connection, server shutting down or starting up, no pool connection in time): the request
 * answers 503 `CORE_UNAVAILABLE` with `Retry-After` instead of a 500, and the next
 * requests succeed again once the server is back (the pool reconnects by itself).
 */
const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'])
// SQLSTATE class 08 (connection exception) and 57P01-57P03 (admin/crash shutdown, cannot connect now).
const unavailableStates = /^(08[0-9A-Z]{3}|57P0[123])$/
const messages = /Connection terminated|Knex: Timeout acquiring a connection|Client has encountered a connection error|connection is closed|the database system is (starting up|shutting down|in recovery mode)/i

export function isDatabaseUnavailable (error: unknown): boolean {
  let current: unknown = error
  for (let depth = 0; depth < 5 && current != null && typeof current === 'object'; depth++) {
    const { code, message, name } = current as { code?: unknown, message?: unknown, name?: unknown }
    if (typeof code === 'string' && (networkCodes.has(code) || unavailableStates.test(code))) return true
    if (name === 'KnexTimeoutError') return true
    if (typeof message === 'string' && messages.test(message)) return true
    // AggregateError (a refused connection on both IPv4 and IPv6) and wrapped causes.
    const nested = (current as { errors?: unknown[] }).errors
    if (Array.isArray(nested) && nested.some((e) => isDatabaseUnavailable(e))) return true
    current = (current as { cause?: unknown }).cause
  }
  return false
}
