import { createHash } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { KernelConfig } from '../config.js'
import { addRouteHook } from './route-hooks.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * A storefront read any client or CDN may cache: the kernel adds an ETag (answering a
     * matching If-None-Match with 304) and the store's Cache-Control (`http.storefrontCache`).
     */
    cache?: boolean
  }
}

/** Whether an If-None-Match list names `etag` (weak comparison, RFC 9110 §13.1.2). */
function matches (ifNoneMatch: string, etag: string): boolean {
  if (ifNoneMatch.trim() === '*') return true
  const opaque = etag.replace(/^W\//, '')
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === opaque)
}

/**
 * HTTP caching of routes marked `config: { cache: true }`. The ETag is a hash of the body as
 * sent, so it changes with anything the body shows (a price, a stock level, a title): nothing
 * needs invalidating, and a client revalidating after a price change always gets the new price.
 * A reader with credentials (a customer may see their group's prices) gets `private`; anonymous
 * reads get `public` with the configured max-age and stale-while-revalidate (0: revalidate
 * every time, still saving the body with a 304).
 */
export function installHttpCache (app: FastifyInstance, config: KernelConfig['http']['storefrontCache']): void {
  const { maxAgeSeconds, staleWhileRevalidateSeconds } = config
  const publicControl = maxAgeSeconds > 0
    ? `public, max-age=${maxAgeSeconds}${staleWhileRevalidateSeconds > 0 ? `, stale-while-revalidate=${staleWhileRevalidateSeconds}` : ''}`
    : 'public, no-cache'

  function tagAndRevalidate (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (error: null, payload?: unknown) => void): void {
    if (reply.statusCode !== 200 || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) {
      done(null, payload)
      return
    }
    const etag = `"${createHash('sha1').update(payload).digest('base64url')}"`
    reply.header('etag', etag)
    reply.header('cache-control', request.headers.authorization !== undefined ? 'private, no-cache' : publicControl)
    reply.header('vary', 'Authorization')
    const ifNoneMatch = request.headers['if-none-match']
    if (ifNoneMatch !== undefined && matches(ifNoneMatch, etag)) {
      reply.code(304)
      reply.removeHeader('content-type')
      done(null, '')
      return
    }
    done(null, payload)
  }

  // Only on the GET (and HEAD) routes that opt in: the others pay nothing per request.
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    if (route.config?.cache === true && methods.every((m) => m === 'GET' || m === 'HEAD')) addRouteHook(route, 'onSend', tagAndRevalidate)
  })
}
