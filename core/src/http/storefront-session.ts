import type { FastifyRequest } from 'fastify'

const sessionPattern = /^[A-Za-z0-9_-]{8,64}$/

/**
 * The storefront's anonymous session id: the `x-session-id` header, else the `comptoir_sid`
 * cookie; null when absent or malformed. One reading for every plugin (analytics' clickstream,
 * recommendations' session picks), so a visitor is the same visitor to all of them.
 */
export function storefrontSessionId (request: FastifyRequest): string | null {
  const header = request.headers['x-session-id']
  if (typeof header === 'string') return sessionPattern.test(header) ? header : null
  const cookie = request.headers.cookie
  if (typeof cookie !== 'string') return null
  const match = /(?:^|;\s*)comptoir_sid=([^;]*)/.exec(cookie)
  return match?.[1] != null && sessionPattern.test(match[1]) ? match[1] : null
}
