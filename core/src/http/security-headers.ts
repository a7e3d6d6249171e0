import type { FastifyInstance } from 'fastify'

// Computed once: the per-request cost is one object spread into the reply's headers.
// JSON responses need no script or style sources, so the API's CSP forbids everything.
const apiHeaders: Record<string, string> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=15552000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
}

// The docs UI is the only HTML the store serves; it needs its own scripts and inline styles.
const docsCsp = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; frame-ancestors 'none'"

/** Security headers on every response (the same set helmet sends, without its per-request cost). */
export function installSecurityHeaders (app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(apiHeaders)
    if (request.url.startsWith('/docs')) reply.header('content-security-policy', docsCsp)
    done()
  })
}
