import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq'
import type { FastifyBaseLogger } from 'fastify'
import type { Redis } from 'ioredis'
import { decodeCursor, encodeCursor, maxPageSize } from '../http/pagination.js'
import { JobsUnavailableError } from './errors.js'
import type { JobRegistry } from './registry.js'
import { failureReason, isUnrecoverable } from './runner.js'
import type { FailedJob } from './schemas.js'
import { completedRetention, failedRetention, type JobEngine, type JobOrigin, type JobRunner } from './types.js'

/** Settings of the BullMQ engine. */
export interface BullmqEngineOptions {
  /** The app's shared connection (no offline queue): adds fail fast while Redis is down. */
  redis: Redis
  /** Workers open their own connections from this URL. */
  url: string
  /** Namespaces every key, so stores (and tests) can share a Redis. */
  prefix: string
  registry: JobRegistry
  run: JobRunner
  log: FastifyBaseLogger
  concurrency?: number
  /** How long an add may wait for Redis before the caller gets JobsUnavailableError. */
  addTimeoutMs?: number
}

interface JobData { p: unknown, o: JobOrigin }

const keep = {
  removeOnComplete: { age: completedRetention.ageMs / 1000, count: completedRetention.count },
  removeOnFail: { age: failedRetention.ageMs / 1000, count: failedRetention.count },
}

async function withTimeout<T> (promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => { timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms) })
  try { return await Promise.race([promise, timeout]) } finally { clearTimeout(timer) }
}

function toFailedJob (job: Job, queue: string): FailedJob {
  const data = (job.data ?? {}) as Partial<JobData>
  return {
    id: String(job.id),
    queue,
    name: job.name,
    payload: data.p ?? null,
    attemptsMade: job.attemptsMade,
    failedReason: job.failedReason ?? '',
    failedAt: new Date(job.finishedOn ?? job.timestamp).toISOString(),
    requestId: data.o?.requestId ?? null,
  }
}

/**
 * Jobs on Redis through BullMQ: one queue per plugin (`core` for the kernel's), exponential
 * backoff, completed jobs removed after a bounded time and count, failed ones kept (bounded).
 */
export function createBullmqEngine (options: BullmqEngineOptions): JobEngine {
  const { registry, run, log, prefix } = options
  const queues = new Map<string, Queue>()
  const workers: Worker[] = []

  function queueOf (name: string): Queue {
    let queue = queues.get(name)
    if (queue == null) {
      queue = new Queue(name, { connection: options.redis, prefix })
      queue.on('error', (error) => log.warn({ err: error, queue: name }, 'job queue error'))
      queues.set(name, queue)
    }
    return queue
  }

  async function syncSchedules (): Promise<void> {
    const scheduled = registry.scheduled()
    for (const name of registry.queues()) {
      const queue = queueOf(name)
      const wanted = scheduled.filter((s) => s.queue === name)
      for (const s of wanted) {
        await queue.upsertJobScheduler(s.name, { pattern: s.cron, tz: 'UTC' }, {
          name: s.name,
          data: { p: s.payload, o: { requestId: null, actor: null } } satisfies JobData,
          opts: { attempts: s.attempts, backoff: { type: 'exponential', delay: s.backoffMs }, ...keep },
        })
      }
      // A schedule removed from a manifest stops firing.
      for (const existing of await queue.getJobSchedulers()) {
        if (!wanted.some((s) => s.name === existing.key)) await queue.removeJobScheduler(existing.key)
      }
    }
  }

  function startWorker (name: string): Worker {
    const worker = new Worker(name, async (job: Job) => {
      const data = (job.data ?? {}) as Partial<JobData>
      try {
        await run({
          id: String(job.id), name: job.name, payload: data.p, origin: data.o ?? { requestId: null, actor: null },
          attempt: job.attemptsMade + 1, progress: async (value) => { await job.updateProgress(value) },
        })
      } catch (error) {
        // The same `failedReason` as in-process (`CODE: message`); BullMQ skips the remaining
        // attempts only for its own UnrecoverableError class.
        const reason = failureReason(error)
        const rethrown = isUnrecoverable(error) ? new UnrecoverableError(reason) : new Error(reason, { cause: error })
        rethrown.stack = (error as Error | null)?.stack ?? rethrown.stack
        throw rethrown
      }
    }, { connection: { url: options.url, maxRetriesPerRequest: null }, prefix, concurrency: options.concurrency ?? 8, ...keep })
    worker.on('error', (error) => log.warn({ err: error, queue: name }, 'job worker error'))
    worker.on('failed', (job, error) => {
      if (job == null) return
      const final = job.attemptsMade >= (job.opts.attempts ?? 1) || error instanceof UnrecoverableError
      log[final ? 'warn' : 'info']({ err: error, jobId: job.id, job: job.name, attempt: job.attemptsMade }, final ? 'job failed; kept as failed' : 'job attempt failed; retrying')
    })
    return worker
  }

  return {
    kind: 'bullmq',
    accepting: () => options.redis.status === 'ready',
    async add (_db, job) {
      try {
        const added = await withTimeout(queueOf(job.queue).add(job.name, { p: job.payload, o: job.origin } satisfies JobData, {
          ...(job.jobId != null ? { jobId: job.jobId } : {}),
          attempts: job.attempts,
          backoff: { type: 'exponential', delay: job.backoffMs },
          ...(job.delayMs > 0 ? { delay: job.delayMs } : {}),
          ...keep,
        }), options.addTimeoutMs ?? 5000)
        return String(added.id)
      } catch (error) {
        throw new JobsUnavailableError({ cause: error })
      }
    },
    async listFailed (page) {
      // The cursor is a position (queue, index) in BullMQ's failed sets, newest first in each queue.
      const names = registry.queues()
      const limit = Math.min(page.limit ?? 20, maxPageSize)
      let [queueName, offset] = page.cursor != null ? decodeCursor('core.jobs.failed', page.cursor, 2) as [string, number] : [names[0], 0]
      let index = Math.max(0, names.indexOf(queueName))
      const found: Array<{ job: Job, queue: string, position: number }> = []
      while (index < names.length && found.length <= limit) {
        queueName = names[index]
        const want = limit + 1 - found.length
        const jobs = await queueOf(queueName).getFailed(offset, offset + want - 1)
        jobs.forEach((job, i) => { if (job != null) found.push({ job: job as Job, queue: queueName, position: offset + i }) })
        if (jobs.length < want) { index += 1; offset = 0 } else offset += jobs.length
      }
      const items = found.slice(0, limit)
      const next = found[limit]
      return { items: items.map((f) => toFailedJob(f.job, f.queue)), nextCursor: next != null ? encodeCursor('core.jobs.failed', [next.queue, next.position]) : null }
    },
    async retryFailed (id) {
      for (const name of registry.queues()) {
        const job = await queueOf(name).getJob(id)
        if (job != null && await job.isFailed()) {
          await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true })
          return true
        }
      }
      return false
    },
    async status (queue, id) {
      const job = await queueOf(queue).getJob(id)
      if (job == null) return null
      const state = await job.getState()
      return {
        state: state === 'completed' || state === 'failed' || state === 'active' ? state : 'waiting',
        attemptsMade: job.attemptsMade,
        failedReason: job.failedReason === '' || job.failedReason == null ? null : job.failedReason,
      }
    },
    async start () {
      // Not awaited: with Redis down, boot goes on and the schedules register once it is back.
      void syncSchedules().catch((error: unknown) => log.error({ err: error }, 'could not register job schedules'))
      for (const name of registry.queues()) workers.push(startWorker(name))
    },
    async stop () {
      // Workers finish their running jobs (bounded), then close their own connections.
      await Promise.all(workers.map(async (worker) => {
        await withTimeout(worker.close(), 10_000).catch(async () => { await worker.close(true) })
      }))
      await Promise.all([...queues.values()].map(async (queue) => { await queue.close().catch(() => {}) }))
    },
  }
}
