import type { FastifyInstance } from 'fastify'
import cors from '@fastify/cors'
import rateLimit from '@fastify/rate-limit'
import type { Redis } from 'ioredis'
import type { KernelConfig } from '../config.js'
import { RateLimitedError } from '../errors.js'
import { installSecurityHeaders } from './security-headers.js'

/**
 * Security headers, CORS (when origins are configured) and per-IP rate limiting. Routes that set `config: { auth: true }`
 * (logins, password resets) get the stricter `authMax`. With Redis the counters are shared
 * by every API process.
 */
export async function installSecurity (app: FastifyInstance, http: KernelConfig['http'], redis: Redis | null): Promise<void> {
  installSecurityHeaders(app)
  // CORS only when origins are configured: otherwise the hook would run for nothing.
  if (http.corsOrigins.length > 0) {
    await app.register(cors, {
      origin: http.corsOrigins,
      credentials: true,
      exposedHeaders: ['x-request-id', 'idempotency-replayed'],
    })
  }
  await app.register(rateLimit, {
    global: true,
    max: (request) => request.routeOptions.config.auth === true ? http.rateLimit.authMax : http.rateLimit.max,
    keyGenerator: (request) => request.routeOptions.config.auth === true ? `auth:${request.ip}` : request.ip,
    timeWindow: http.rateLimit.windowMs,
    ...(redis != null ? { redis, nameSpace: 'comptoir-rate-limit:', skipOnError: true } : {}),
    errorResponseBuilder: (_request, context) => new RateLimitedError(`Rate limit exceeded; retry in ${Math.ceil(context.ttl / 1000)} s`, { retryAfterSeconds: Math.ceil(context.ttl / 1000) }),
  })
}
