import type { Actor, Db } from '../context.js'
import type { PageOf, PageQuery } from '../http/pagination.js'
import type { FailedJob } from './schemas.js'

/** Where a job came from: restored into the handler's ctx. */
export interface JobOrigin {
  requestId: string | null
  actor: Actor | null
}

/** A job as the service hands it to an engine: validated, with every option resolved. */
export interface NewJob {
  queue: string
  name: string
  payload: unknown
  origin: JobOrigin
  attempts: number
  backoffMs: number
  delayMs: number
  jobId?: string
}

/** A job an engine is about to run. */
export interface RunnableJob {
  id: string
  name: string
  payload: unknown
  origin: JobOrigin
  attempt: number
  progress: (value: number | Record<string, unknown>) => Promise<void>
}

/** A job on a cron schedule, as the engines need it. */
export interface ScheduledJob {
  queue: string
  name: string
  cron: string
  payload: unknown
  attempts: number
  backoffMs: number
}

/** A job's state as `comptoir jobs run` follows it. */
export interface JobStatus {
  state: 'waiting' | 'active' | 'completed' | 'failed'
  attemptsMade: number
  /** The last failure's reason (of a failed job, or of the attempt before a retry). */
  failedReason: string | null
}

/** Runs one job (validate, build ctx, call the handler); throws what the handler throws. */
export type JobRunner = (job: RunnableJob) => Promise<void>

/** What both engines (BullMQ, in-process) implement. */
export interface JobEngine {
  readonly kind: 'bullmq' | 'in-process'
  /** False while the engine surely cannot take jobs (Redis disconnected): callers that can wait, wait. */
  accepting: () => boolean
  /** Adds a job; `db` is the caller's handle (the in-process engine writes through it). Resolves to the job id. */
  add: (db: Db, job: NewJob) => Promise<string>
  listFailed: (page: PageQuery) => Promise<PageOf<FailedJob>>
  /** Puts a failed job back in its queue with fresh attempts; false when no failed job has this id. */
  retryFailed: (id: string) => Promise<boolean>
  /** Where a job of `queue` stands; null when no job has this id (never added, or purged). */
  status: (queue: string, id: string) => Promise<JobStatus | null>
  /** Starts workers and schedules (only where this process runs jobs). */
  start: () => Promise<void>
  stop: () => Promise<void>
}

/** Completed jobs kept (for dedupe by job id and inspection) before removal. */
export const completedRetention = { ageMs: 60 * 60 * 1000, count: 1000 }
/** Failed jobs kept for listing and retry before removal. */
export const failedRetention = { ageMs: 14 * 24 * 60 * 60 * 1000, count: 10000 }
