/**
 * Webhook deliveries per second to a loopback receiver.
 *   node --conditions=comptoir-source --import tsx bench/webhooks.ts [--events 2000] [--endpoints 1,4] [--workers 4]
 *
 * An emitter app (no jobs) commits N events, one transaction each (100 in flight); `--workers`
 * worker apps on BullMQ (Redis, the kernel's concurrency of 8 each) relay them, fan them out to
 * every endpoint (one delivery row each) and POST them, signed, to a node:http receiver on
 * 127.0.0.1 that answers 204 at once. Timed from the first emit to the last request received;
 * prints deliveries/s per endpoint count. Everything runs in this one process (receiver included),
 * on PostgreSQL (schema per run) and Redis: COMPTOIR_TEST_DATABASE_URL / COMPTOIR_TEST_REDIS_URL or the local ones.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { parseArgs } from 'node:util'
import type { FastifyInstance } from 'fastify'
import { buildApp, definePlugin, inTransaction, systemActor, Type } from '@comptoir/core'
import { testPostgresUrl, testRedisUrl, uniqueName } from '@comptoir/core/testing'
import { deleteRedisKeys } from '../core/test/fixtures/jobs-harness.js'
import webhooks from '../plugins/webhooks/src/index.js'

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '2000' },
    endpoints: { type: 'string', default: '1,4' },
    workers: { type: 'string', default: '4' },
  },
})
const eventCount = Number(values.events)
const workerCount = Number(values.workers)
const inFlight = 100

const bench = definePlugin({ name: 'bench', events: { 'bench.order.placed': Type.Object({ orderId: Type.String(), amount: Type.Integer() }) } })

let received = 0
const receiver = createServer((req, res) => { req.resume(); req.on('end', () => { received++; res.writeHead(204).end() }) })
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`

async function pool (count: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0
  await Promise.all(Array.from({ length: inFlight }, async () => { while (next < count) await fn(next++) }))
}

async function run (endpoints: number): Promise<{ perSecond: number, seconds: number }> {
  const schema = uniqueName('bench_webhooks')
  const prefix = uniqueName('benchwh')
  // Loopback allowed (the receiver); the per-endpoint bound raised to the workers' total so it is not what is measured.
  const options = { allowLoopback: true, maxInFlightPerEndpoint: 8 * workerCount, timeoutMs: 10_000 }
  const config = (poolMax: number) => ({
    plugins: [bench, [webhooks, options] as const],
    database: { url: testPostgresUrl(), schema, poolMax },
    redis: { url: testRedisUrl(), prefix },
  })
  const emitter = await buildApp({ env: false, logger: false, migrate: true, runJobs: false, config: config(10) as never })
  const workers: FastifyInstance[] = []
  for (let i = 0; i < workerCount; i++) workers.push(await buildApp({ env: false, logger: false, migrate: false, serveHttp: false, config: config(10) as never }))
  const ctx = emitter.comptoir.systemCtx(systemActor)
  for (let i = 0; i < endpoints; i++) await emitter.services.webhooks.create(ctx, { url: `${url}?e=${i}`, events: ['bench.*'] })
  received = 0
  const expected = eventCount * endpoints
  const started = performance.now()
  await pool(eventCount, async (i) => await inTransaction(ctx, async (tx) => await emitter.services.events.emit(tx, 'bench.order.placed', { orderId: `o${i}`, amount: 100 + i })))
  while (received < expected) await new Promise((resolve) => setTimeout(resolve, 5))
  const seconds = (performance.now() - started) / 1000
  for (const w of workers) await w.close()
  await emitter.comptoir.database.knex.raw('drop schema ?? cascade', [schema])
  await emitter.close()
  await deleteRedisKeys(prefix)
  return { perSecond: expected / seconds, seconds }
}

console.log(`webhooks: ${eventCount} events (one transaction each, ${inFlight} in flight), ${workerCount} worker apps on BullMQ (concurrency 8 each), loopback receiver answering 204`)
for (const endpoints of values.endpoints.split(',').map(Number)) {
  const { perSecond, seconds } = await run(endpoints)
  console.log(`  ${endpoints} endpoint(s): ${(eventCount * endpoints).toString().padStart(6)} deliveries in ${seconds.toFixed(1)} s = ${perSecond.toFixed(0).padStart(5)} deliveries/s (emit to received)`)
}
receiver.close()
process.exit(0)
