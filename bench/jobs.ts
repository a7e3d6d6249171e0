/**
 * Jobs and events throughput.
 *   node --conditions=comptoir-source --import tsx bench/jobs.ts [--jobs 5000] [--events 2000] [--rounds 2]
 *
 * 1. Jobs/s: N no-op jobs added (100 adds in flight) and processed by one worker of the same
 *    concurrency (8, the kernel's), timed from the first add to the last completion: bare BullMQ (Queue + Worker)
 *    against the kernel's `jobs` service on its BullMQ engine (payload check, ctx, child logger,
 *    origin), on the same Redis in the same run, in alternating rounds; prints both and the ratio.
 *    The in-process engine (PostgreSQL table) is measured too, for reference.
 * 2. Events/s: M events, each emitted in its own transaction, delivered to one subscriber through
 *    the outbox relay, timed from the first emit to the last delivery, on each engine.
 * Needs PostgreSQL and Redis (COMPTOIR_TEST_DATABASE_URL / COMPTOIR_TEST_REDIS_URL or the local ones).
 */
import { parseArgs } from 'node:util'
import { Queue, Worker } from 'bullmq'
import type { FastifyInstance } from 'fastify'
import { buildApp, definePlugin, defineJob, inTransaction, systemActor, Type } from '@comptoir/core'
import { createTestDatabases, testRedisUrl, uniqueName } from '@comptoir/core/testing'
import { deleteRedisKeys } from '../core/test/fixtures/jobs-harness.js'

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '5000' },
    events: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '2' },
  },
})
const jobCount = Number(values.jobs)
const eventCount = Number(values.events)
// The kernel's BullMQ worker concurrency, given to the bare worker too.
const concurrency = 8
const rounds = Number(values.rounds)
const inFlight = 100

const teardowns: Array<() => unknown> = []
const dbs = createTestDatabases({ teardown: (fn) => { teardowns.push(fn) } })

/** Runs `count` calls of `fn` with at most `inFlight` at a time. */
async function pool (count: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next < count) await fn(next++)
  }))
}

/** Resolves once `done()` reaches `count`. */
async function until (count: number, done: () => number): Promise<void> {
  while (done() < count) await new Promise((resolve) => setTimeout(resolve, 2))
}

async function bareBullmq (): Promise<number> {
  const prefix = uniqueName('bench')
  let processed = 0
  const connection = { url: testRedisUrl(), maxRetriesPerRequest: null }
  const queue = new Queue('bench', { connection, prefix })
  const worker = new Worker('bench', async () => { processed++ }, { connection, prefix, concurrency, removeOnComplete: { age: 3600, count: 1000 } })
  await worker.waitUntilReady()
  const started = performance.now()
  await pool(jobCount, async (i) => await queue.add('bench.noop', { i }, { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: { age: 3600, count: 1000 } }))
  await until(jobCount, () => processed)
  const seconds = (performance.now() - started) / 1000
  await worker.close()
  await queue.close()
  await deleteRedisKeys(prefix)
  return jobCount / seconds
}

function benchPlugin (counters: { jobs: number, events: number }) {
  return definePlugin({
    name: 'bench',
    events: { 'bench.thing.happened': Type.Object({ i: Type.Integer() }) },
    jobs: { 'bench.noop': defineJob({ payload: Type.Object({ i: Type.Integer() }), handler: async () => { counters.jobs++ } }) },
    subscribers: { 'bench.thing.happened': async () => { counters.events++ } },
  })
}

async function kernelApp (redis: boolean, counters: { jobs: number, events: number }): Promise<{ app: FastifyInstance, prefix: string | null }> {
  const prefix = redis ? uniqueName('bench') : null
  if (prefix != null) process.env.COMPTOIR_QUEUE_PREFIX = prefix
  const database = await dbs.open({ teardown: (fn) => { teardowns.push(fn) } }, 'postgres')
  const app = await buildApp({
    env: false, logger: false, migrate: true, database,
    config: { plugins: [benchPlugin(counters)], ...(redis ? { redis: { url: testRedisUrl() } } : {}), database: { poolMax: 10 } },
  })
  return { app, prefix }
}

async function kernelJobs (redis: boolean): Promise<number> {
  const counters = { jobs: 0, events: 0 }
  const { app, prefix } = await kernelApp(redis, counters)
  const ctx = app.comptoir.systemCtx(systemActor)
  const started = performance.now()
  await pool(jobCount, async (i) => await app.services.jobs.enqueue(ctx, 'bench.noop', { i }))
  await until(jobCount, () => counters.jobs)
  const seconds = (performance.now() - started) / 1000
  await app.close()
  if (prefix != null) await deleteRedisKeys(prefix)
  return jobCount / seconds
}

async function kernelEvents (redis: boolean): Promise<number> {
  const counters = { jobs: 0, events: 0 }
  const { app, prefix } = await kernelApp(redis, counters)
  const ctx = app.comptoir.systemCtx(systemActor)
  const started = performance.now()
  await pool(eventCount, async (i) => await inTransaction(ctx, async (tx) => await app.services.events.emit(tx, 'bench.thing.happened', { i })))
  await until(eventCount, () => counters.events)
  const seconds = (performance.now() - started) / 1000
  await app.close()
  if (prefix != null) await deleteRedisKeys(prefix)
  return eventCount / seconds
}

const fmt = (n: number): string => n.toFixed(0).padStart(7)
const best = (xs: number[]): number => Math.max(...xs)

const bare: number[] = []
const kernel: number[] = []
for (let round = 1; round <= rounds; round++) {
  // Alternate the order so neither side always runs on a warmer Redis.
  if (round % 2 === 1) { bare.push(await bareBullmq()); kernel.push(await kernelJobs(true)) } else { kernel.push(await kernelJobs(true)); bare.push(await bareBullmq()) }
  process.stderr.write(`round ${round}: bare ${fmt(bare[round - 1])} jobs/s, kernel ${fmt(kernel[round - 1])} jobs/s\n`)
}
const inProcess = await kernelJobs(false)
const eventsBullmq = await kernelEvents(true)
const eventsInProcess = await kernelEvents(false)

console.log(`jobs: ${jobCount} no-op jobs, worker concurrency ${concurrency}, ${inFlight} adds in flight, best of ${rounds}`)
console.log(`  bare BullMQ                ${fmt(best(bare))} jobs/s`)
console.log(`  kernel jobs (BullMQ)       ${fmt(best(kernel))} jobs/s   ratio ${(best(kernel) / best(bare)).toFixed(2)} (goal ≥ 0.5)`)
console.log(`  kernel jobs (in-process)   ${fmt(inProcess)} jobs/s   (PostgreSQL table)`)
console.log(`events: ${eventCount} events, one transaction each, one subscriber`)
console.log(`  outbox relay → BullMQ      ${fmt(eventsBullmq)} events/s (emit to delivery)`)
console.log(`  outbox relay → in-process  ${fmt(eventsInProcess)} events/s (emit to delivery)`)

for (const fn of teardowns.reverse()) await fn()
process.exit(0)
