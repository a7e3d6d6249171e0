import type { FastifyInstance } from 'fastify'
import type { Knex } from 'knex'
import type { Redis } from 'ioredis'
import Type from 'typebox'
import { problemType, sendProblem } from './problem.js'

const HealthStatus = Type.Object({
  status: Type.Literal('ok'),
  checks: Type.Optional(Type.Record(Type.String(), Type.Literal('ok'))),
})

async function withTimeout<T> (promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => { timer = setTimeout(() => reject(new Error('timed out')), ms) })
  try { return await Promise.race([promise, timeout]) } finally { clearTimeout(timer) }
}

/** Liveness (the process answers) and readiness (the database, and Redis when configured, answer). */
export function installHealthRoutes (app: FastifyInstance, deps: { db: Knex, redis: Redis | null }): void {
  const schema = { tags: ['health'], response: { 200: HealthStatus } }
  app.get('/health/live', { schema: { ...schema, operationId: 'getLiveness', summary: 'The process is up' }, config: { rateLimit: false } },
    async () => ({ status: 'ok' as const }))
  app.get('/health/ready', { schema: { ...schema, operationId: 'getReadiness', summary: 'The database (and Redis) answer' }, config: { rateLimit: false } },
    async (request, reply) => {
      const failed: string[] = []
      const checks: Record<string, 'ok'> = {}
      try { await withTimeout(deps.db.raw('select 1'), 3000); checks.database = 'ok' } catch { failed.push('database') }
      if (deps.redis != null) {
        try { await withTimeout(deps.redis.ping(), 3000); checks.redis = 'ok' } catch { failed.push('redis') }
      }
      if (failed.length === 0) return { status: 'ok' as const, checks }
      request.log.warn({ failed }, 'readiness check failed')
      return sendProblem(reply, {
        type: problemType('CORE_NOT_READY'), title: 'Not ready', status: 503, code: 'CORE_NOT_READY',
        detail: `Unavailable: ${failed.join(', ')}`, instance: '/health/ready', requestId: request.id, failed,
      })
    })
}
