import { randomUUID } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { Knex } from 'knex'
import { afterCommit } from './after-commit.js'
import {
  claimJobs, extendLeases, insertJob, jobStatus, listFailedJobs, purgeFinishedJobs, recordProgress, releaseLostJobs,
  retryFailedJob, settleJob, type ClaimedJobRow,
} from './in-process-store.js'
import type { JobRegistry } from './registry.js'
import { failureReason, isUnrecoverable } from './runner.js'
import { nextFireTime } from './schedule.js'
import type { JobEngine, JobRunner, ScheduledJob } from './types.js'

/** Settings of the in-process engine. */
export interface InProcessEngineOptions {
  knex: Knex
  /** Embedded PGlite: one process owns the data, so running jobs found at start are orphans. */
  embedded: boolean
  registry: JobRegistry
  run: JobRunner
  log: FastifyBaseLogger
  concurrency?: number
  pollMs?: number
  leaseMs?: number
}

/**
 * Jobs in the `comptoir_jobs` table, run by this process: what a store without Redis uses.
 * Claims are single statements and handlers run on the pool, so no transaction is held while
 * a handler awaits (PGlite has a single connection). Several processes on PostgreSQL share the work.
 */
export function createInProcessEngine (options: InProcessEngineOptions): JobEngine {
  const { knex, registry, run, log } = options
  const concurrency = options.concurrency ?? 8
  const pollMs = options.pollMs ?? 500
  const leaseMs = options.leaseMs ?? 60_000
  const running = new Map<string, Promise<void>>()
  const timers = new Set<NodeJS.Timeout>()
  let state: 'idle' | 'running' | 'stopping' = 'idle'
  let wake: (() => void) | null = null
  // A nudge that came while the loop was busy claiming: the next sleep returns at once.
  let nudged = false
  let loop: Promise<void> = Promise.resolve()

  function nudge (): void {
    if (wake != null) { const w = wake; wake = null; w() } else nudged = true
  }
  function later (ms: number, fn: () => void): void {
    if (state !== 'running') return
    const timer = setTimeout(() => { timers.delete(timer); fn() }, ms)
    timers.add(timer)
  }
  async function sleep (ms: number): Promise<void> {
    if (nudged) { nudged = false; return }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => { timers.delete(timer); wake = null; resolve() }, ms)
      timers.add(timer)
      wake = () => { clearTimeout(timer); timers.delete(timer); resolve() }
    })
    nudged = false
  }

  async function settle (row: ClaimedJobRow, outcome: Parameters<typeof settleJob>[3]): Promise<void> {
    // If this fails the lease expires and the job runs again: at least once.
    await settleJob(knex, row.id, row.attempts_made, outcome)
      .catch((error: unknown) => log.error({ err: error, jobId: row.id }, 'could not record a job outcome'))
  }

  async function execute (row: ClaimedJobRow): Promise<void> {
    const attempt = row.attempts_made
    try {
      await run({
        id: row.id, name: row.name, payload: row.payload, origin: { requestId: row.request_id, actor: row.actor }, attempt,
        progress: async (value) => { await recordProgress(knex, row.id, value).catch(() => {}) },
      })
      await settle(row, { state: 'completed' })
    } catch (error) {
      const reason = failureReason(error)
      if (isUnrecoverable(error) || attempt >= row.max_attempts) {
        log.warn({ err: error, jobId: row.id, job: row.name, attempt }, 'job failed; kept as failed')
        await settle(row, { state: 'failed', reason })
      } else {
        const delayMs = row.backoff_ms * 2 ** (attempt - 1)
        log.info({ jobId: row.id, job: row.name, attempt, delayMs, reason }, 'job attempt failed; retrying')
        await settle(row, { state: 'waiting', delayMs, reason })
        later(delayMs, nudge)
      }
    }
  }

  async function pump (): Promise<void> {
    while (state === 'running') {
      const free = concurrency - running.size
      let claimed = 0
      if (free > 0) {
        let rows: ClaimedJobRow[] = []
        try {
          rows = await claimJobs(knex, free, leaseMs)
        } catch (error) {
          if (state === 'running') log.warn({ err: error }, 'could not claim jobs; retrying')
        }
        claimed = rows.length
        for (const row of rows) {
          running.set(row.id, execute(row).finally(() => { running.delete(row.id); nudge() }))
        }
      }
      if (state !== 'running') break
      if (free > 0 && claimed === free) continue
      await sleep(pollMs)
    }
  }

  function startSchedules (schedules: ScheduledJob[]): void {
    if (schedules.length === 0) return
    const next = new Map(schedules.map((s) => [s.name, nextFireTime(s.cron, new Date())]))
    const arm = (): void => {
      const soonest = Math.min(...[...next.values()].map((d) => d.getTime()))
      later(Math.max(0, soonest - Date.now()), () => { void fire() })
    }
    const fire = async (): Promise<void> => {
      const now = Date.now()
      for (const schedule of schedules) {
        const at = next.get(schedule.name) as Date
        if (at.getTime() > now) continue
        next.set(schedule.name, nextFireTime(schedule.cron, new Date(Math.max(now, at.getTime()))))
        // Every process inserts the same id for a fire time, so the fire runs once.
        const id = `cron.${schedule.name}.${at.getTime()}`
        await insertJob(knex, id, { ...schedule, origin: { requestId: null, actor: null }, delayMs: 0 })
          .then(nudge, (error: unknown) => log.warn({ err: error, job: schedule.name }, 'could not enqueue a scheduled job'))
      }
      if (state === 'running') arm()
    }
    arm()
  }

  function every (ms: number, fn: () => Promise<unknown>, what: string): void {
    const tick = (): void => later(ms, () => {
      void fn().catch((error: unknown) => log.warn({ err: error }, `could not ${what}`)).finally(() => { if (state === 'running') tick() })
    })
    tick()
  }

  return {
    kind: 'in-process',
    accepting: () => true,
    async add (db, job) {
      const id = job.jobId ?? randomUUID()
      await insertJob(db, id, job)
      afterCommit(db, () => { if (job.delayMs > 0) later(job.delayMs, nudge); else nudge() })
      return id
    },
    listFailed: async (page) => await listFailedJobs(knex, page),
    async retryFailed (id) {
      const retried = await retryFailedJob(knex, id)
      if (retried) nudge()
      return retried
    },
    status: async (_queue, id) => await jobStatus(knex, id),
    async start () {
      if (state !== 'idle') return
      if (options.embedded) await releaseLostJobs(knex, true)
      state = 'running'
      startSchedules(registry.scheduled())
      every(Math.floor(leaseMs / 3), async () => await extendLeases(knex, [...running.keys()], leaseMs), 'extend job leases')
      every(5_000, async () => await releaseLostJobs(knex, false), 'release lost jobs')
      every(60_000, async () => await purgeFinishedJobs(knex), 'purge finished jobs')
      loop = pump()
    },
    async stop () {
      const wasRunning = state === 'running'
      state = 'stopping'
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      if (!wasRunning) return
      nudge()
      await loop
      // Let running handlers finish (bounded); an unfinished one is released at next start or lease expiry.
      let timer: NodeJS.Timeout | undefined
      const grace = new Promise<void>((resolve) => { timer = setTimeout(resolve, 10_000) })
      await Promise.race([Promise.allSettled(running.values()), grace])
      clearTimeout(timer)
    },
  }
}
