import t from 'tap'
import Fastify from 'fastify'
import knex from 'knex'
import { Redis } from 'ioredis'
import { installHealthRoutes } from '../src/http/health.js'

// Readiness as a load balancer reads it: without PostgreSQL the API can do nothing (503); without
// Redis it still takes orders (their events wait in the outbox), so it answers 200 "degraded".
const pgUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'

function database (url: string) {
  return knex({ client: 'pg', connection: url, pool: { min: 0, max: 1 }, acquireConnectionTimeout: 2000 })
}
function redis (url: string): Redis {
  return new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null })
}

async function ready (db: ReturnType<typeof database>, client: Redis | null) {
  const app = Fastify()
  installHealthRoutes(app, { db, redis: client })
  await app.ready()
  try {
    const res = await app.inject({ method: 'GET', url: '/health/ready' })
    return { status: res.statusCode, body: res.json() }
  } finally {
    await app.close()
  }
}

t.test('PostgreSQL and Redis up: 200 ok', async (t) => {
  const db = database(pgUrl)
  const client = redis(redisUrl)
  await client.connect()
  t.teardown(async () => { client.disconnect(); await db.destroy() })
  const res = await ready(db, client)
  t.same(res, { status: 200, body: { status: 'ok', checks: { database: 'ok', redis: 'ok' } } })
})

t.test('Redis down: 200 degraded, naming redis', async (t) => {
  const db = database(pgUrl)
  const client = redis('redis://127.0.0.1:1')
  client.on('error', () => {})
  t.teardown(async () => { client.disconnect(); await db.destroy() })
  const res = await ready(db, client)
  t.same(res, { status: 200, body: { status: 'degraded', checks: { database: 'ok', redis: 'down' } } })
})

t.test('PostgreSQL down: 503 CORE_NOT_READY problem+json naming the database', async (t) => {
  const db = database('postgres://postgres@127.0.0.1:1/test')
  t.teardown(async () => { await db.destroy() })
  const res = await ready(db, null)
  t.equal(res.status, 503)
  t.equal(res.body.code, 'CORE_NOT_READY')
  t.same(res.body.failed, ['database'])
})
