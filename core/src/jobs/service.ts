import type { Ctx, Db } from '../context.js'
import type { PageOf, PageQuery } from '../http/pagination.js'
import { FailedJobNotFoundError, InvalidJobOptionsError } from './errors.js'
import type { JobRegistry } from './registry.js'
import type { FailedJob } from './schemas.js'
import type { JobEngine, JobOrigin } from './types.js'

/** Per-enqueue options; defaults come from the job's declaration. */
export interface EnqueueOptions {
  /** Runs no sooner than this many milliseconds from now. */
  delayMs?: number
  /** Attempts before the job is kept as failed. */
  attempts?: number
  /** First retry delay; doubles on each further retry. */
  backoffMs?: number
  /**
   * Collapses duplicates: while a job with this id exists (waiting, running, completed within
   * the last hour, or failed), adding another is a no-op. No ':' and not only digits.
   */
  jobId?: string
}

/** The kernel's `jobs` service: the same interface on BullMQ (Redis) and in-process (database). */
export interface JobsService {
  /** Which engine runs the jobs: `bullmq` when Redis is configured, else `in-process`. */
  readonly engine: JobEngine['kind']
  /**
   * Validates the payload against the job's schema and enqueues it, carrying the ctx's request id
   * and actor. In-process, the job commits with `ctx.db`'s transaction; on Redis it is added at once.
   */
  enqueue: (ctx: Ctx, name: string, payload: unknown, options?: EnqueueOptions) => Promise<{ id: string }>
  /** Failed jobs (attempts used up, or unrecoverable), most recent first. */
  listFailed: (ctx: Ctx, page: PageQuery) => Promise<PageOf<FailedJob>>
  /** Puts a failed job back in its queue with fresh attempts; throws FailedJobNotFoundError. */
  retryFailed: (ctx: Ctx, jobId: string) => Promise<void>
}

/** What other kernel facilities (events) use; not part of the public service. */
export interface JobsKernel {
  registry: JobRegistry
  engine: JobEngine
  /** Enqueues to a given queue (event deliveries go to the subscriber plugin's queue). */
  enqueueTo: (db: Db, queue: string, name: string, payload: unknown, origin: JobOrigin, options?: EnqueueOptions) => Promise<string>
}

/** Key of the kernel-only part of the registered `jobs` value. */
export const jobsKernel = Symbol('comptoir.jobsKernel')

declare module '../container.js' {
  interface Services {
    /** The kernel's job queue. */
    jobs: JobsService
  }
}

function checkOptions (name: string, options: EnqueueOptions): void {
  const { delayMs, attempts, backoffMs, jobId } = options
  const bad = (what: string): never => { throw new InvalidJobOptionsError(`Invalid options for job '${name}': ${what}`) }
  if (delayMs != null && (!Number.isInteger(delayMs) || delayMs < 0)) bad('delayMs must be an integer ≥ 0')
  if (attempts != null && (!Number.isInteger(attempts) || attempts < 1 || attempts > 100)) bad('attempts must be an integer from 1 to 100')
  if (backoffMs != null && (!Number.isInteger(backoffMs) || backoffMs < 0)) bad('backoffMs must be an integer ≥ 0')
  if (jobId != null && (typeof jobId !== 'string' || jobId.length === 0 || jobId.length > 255 || jobId.includes(':') || /^\d+$/.test(jobId))) {
    bad('jobId must be 1–255 characters, without \':\' and not only digits')
  }
}

/** Builds the `jobs` service over an engine. */
export function createJobsService (registry: JobRegistry, engine: JobEngine): JobsService & { [jobsKernel]: JobsKernel } {
  async function enqueueTo (db: Db, queue: string, name: string, payload: unknown, origin: JobOrigin, options: EnqueueOptions = {}): Promise<string> {
    const job = registry.get(name)
    checkOptions(name, options)
    return await engine.add(db, {
      queue,
      name,
      payload: job.parse(payload),
      origin,
      attempts: options.attempts ?? job.attempts,
      backoffMs: options.backoffMs ?? job.backoffMs,
      delayMs: options.delayMs ?? 0,
      ...(options.jobId != null ? { jobId: options.jobId } : {}),
    })
  }
  return {
    engine: engine.kind,
    async enqueue (ctx, name, payload, options) {
      const id = await enqueueTo(ctx.db, registry.get(name).queue, name, payload, { requestId: ctx.requestId, actor: ctx.actor }, options)
      return { id }
    },
    listFailed: async (_ctx, page) => await engine.listFailed(page),
    async retryFailed (_ctx, jobId) {
      if (!await engine.retryFailed(jobId)) throw new FailedJobNotFoundError(jobId)
    },
    [jobsKernel]: { registry, engine, enqueueTo },
  }
}
