import type { FastifyInstance } from 'fastify'
import type { Knex } from 'knex'
import type { Redis } from 'ioredis'
import Type from 'typebox'
import { problemType, sendProblem } from './problem.js'

const HealthStatus = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  checks: Type.Optional(Type.Record(Type.String(), Type.Union([Type.Literal('ok'), Type.Literal('down')]))),
})

async function withTimeout<T> (promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => { timer = setTimeout(() => reject(new Error('timed out')), ms) })
  try { return await Promise.race([promise, timeout]) } finally { clearTimeout(timer) }
}

/**
 * Liveness (the process answers) and readiness. Without the database the process can do nothing:
 * 503. Without Redis it still takes orders (the outbox keeps their events until Redis is back), so
 * it stays in the load balancer: 200 `degraded`, with `redis: 'down'`.
 */
export function installHealthRoutes (app: FastifyInstance, deps: { db: Knex, redis: Redis | null }): void {
  const schema = { tags: ['health'], response: { 200: HealthStatus } }
  app.get('/health/live', { schema: { ...schema, operationId: 'getLiveness', summary: 'The process is up' }, config: { rateLimit: false } },
    async () => ({ status: 'ok' as const }))
  app.get('/health/ready', { schema: { ...schema, operationId: 'getReadiness', summary: 'The database (and Redis) answer' }, config: { rateLimit: false } },
    async (request, reply) => {
      const failed: string[] = []
      const checks: Record<string, 'ok' | 'down'> = {}
      const probe = async (name: string, check: () => Promise<unknown>): Promise<void> => {
        try { await withTimeout(check(), 3000); checks[name] = 'ok' } catch { checks[name] = 'down'; failed.push(name) }
      }
      const redis = deps.redis
      await Promise.all([probe('database', async () => await deps.db.raw('select 1')), redis == null ? null : probe('redis', async () => await redis.ping())])
      if (failed.length === 0) return { status: 'ok' as const, checks }
      if (checks.database === 'ok') {
        request.log.warn({ failed }, 'readiness: degraded')
        return { status: 'degraded' as const, checks }
      }
      request.log.warn({ failed }, 'readiness check failed')
      return sendProblem(reply, {
        type: problemType('CORE_NOT_READY'), title: 'Not ready', status: 503, code: 'CORE_NOT_READY',
        detail: `Unavailable: ${failed.join(', ')}`, instance: '/health/ready', requestId: request.id, failed,
      })
    })
}
