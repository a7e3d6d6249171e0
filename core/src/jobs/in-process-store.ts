import type { Knex } from 'knex'
import type { Actor, Db } from '../context.js'
import { keysetPage, type PageOf, type PageQuery } from '../http/pagination.js'
import type { FailedJob } from './schemas.js'
import { completedRetention, failedRetention, type JobStatus, type NewJob } from './types.js'

const table = 'comptoir_jobs'
// Failure times are cut to milliseconds so a cursor (a JS Date) compares exactly.
const nowMs = "date_trunc('milliseconds', now())"

/** A job row the engine claimed. */
export interface ClaimedJobRow {
  id: string
  queue: string
  name: string
  payload: unknown
  request_id: string | null
  actor: Actor | null
  attempts_made: number
  max_attempts: number
  backoff_ms: number
}

interface FailedJobRow {
  id: string
  queue: string
  name: string
  payload: unknown
  request_id: string | null
  attempts_made: number
  failed_reason: string | null
  finished_at: Date
}

function toFailedJob (row: FailedJobRow): FailedJob {
  return {
    id: row.id,
    queue: row.queue,
    name: row.name,
    payload: row.payload,
    attemptsMade: row.attempts_made,
    failedReason: row.failed_reason ?? '',
    failedAt: new Date(row.finished_at).toISOString(),
    requestId: row.request_id,
  }
}

/** Inserts a job through the caller's handle (so it commits with the caller's transaction); a taken id is a no-op. */
export async function insertJob (db: Db, id: string, job: NewJob): Promise<void> {
  await db(table).insert({
    id,
    queue: job.queue,
    name: job.name,
    payload: JSON.stringify(job.payload ?? null),
    request_id: job.origin.requestId,
    actor: job.origin.actor == null ? null : JSON.stringify(job.origin.actor),
    max_attempts: job.attempts,
    backoff_ms: job.backoffMs,
    run_at: db.raw("now() + (? * interval '1 millisecond')", [job.delayMs]),
  }).onConflict('id').ignore()
}

/**
 * Claims up to `limit` due jobs in one statement (no transaction is held while they run):
 * SKIP LOCKED lets several processes on PostgreSQL claim without waiting on each other.
 */
export async function claimJobs (db: Knex, limit: number, leaseMs: number): Promise<ClaimedJobRow[]> {
  const result = await db.raw(`update ${table} set state = 'active', attempts_made = attempts_made + 1,
      locked_until = now() + (? * interval '1 millisecond')
    where id in (select id from ${table} where state = 'waiting' and run_at <= now()
      order by run_at limit ? for update skip locked)
    returning id, queue, name, payload, request_id, actor, attempts_made, max_attempts, backoff_ms`, [leaseMs, limit])
  return result.rows as ClaimedJobRow[]
}

/** Settles a run; the `attempts_made` guard ignores a run whose lease was lost and re-claimed. */
export async function settleJob (db: Knex, id: string, attempt: number, outcome:
| { state: 'completed' }
| { state: 'waiting', delayMs: number, reason: string }
| { state: 'failed', reason: string }): Promise<void> {
  const changes: Record<string, unknown> = { state: outcome.state, locked_until: null }
  if (outcome.state === 'completed') changes.finished_at = db.raw('now()')
  if (outcome.state === 'waiting') {
    changes.run_at = db.raw("now() + (? * interval '1 millisecond')", [outcome.delayMs])
    changes.failed_reason = outcome.reason
  }
  if (outcome.state === 'failed') {
    changes.finished_at = db.raw(nowMs)
    changes.failed_reason = outcome.reason
  }
  await db(table).where({ id, state: 'active', attempts_made: attempt }).update(changes)
}

/** Extends the leases of the jobs this process is running. */
export async function extendLeases (db: Knex, ids: string[], leaseMs: number): Promise<void> {
  if (ids.length === 0) return
  await db(table).whereIn('id', ids).andWhere({ state: 'active' })
    .update({ locked_until: db.raw("now() + (? * interval '1 millisecond')", [leaseMs]) })
}

/**
 * Puts back jobs whose worker is gone: those whose lease expired, or (`all`) every running one,
 * which is right at start on the embedded engine, where only one process can open the data.
 * A job that had used its last attempt fails instead.
 */
export async function releaseLostJobs (db: Knex, all: boolean): Promise<number> {
  const query = db(table).where({ state: 'active' })
  if (!all) query.andWhere('locked_until', '<', db.raw('now()'))
  return await query.update({
    state: db.raw("case when attempts_made >= max_attempts then 'failed' else 'waiting' end"),
    finished_at: db.raw(`case when attempts_made >= max_attempts then ${nowMs} else null end`),
    failed_reason: db.raw("case when attempts_made >= max_attempts then 'CORE_JOB_LOST: the worker stopped while running the job' else failed_reason end"),
    run_at: db.raw('now()'),
    locked_until: null,
  })
}

/** Deletes completed jobs past their retention (they served job-id dedupe) and old failed ones. */
export async function purgeFinishedJobs (db: Knex): Promise<number> {
  const completed = await db(table).where({ state: 'completed' })
    .andWhere('finished_at', '<', db.raw("now() - (? * interval '1 millisecond')", [completedRetention.ageMs])).delete()
  const failed = await db(table).where({ state: 'failed' })
    .andWhere('finished_at', '<', db.raw("now() - (? * interval '1 millisecond')", [failedRetention.ageMs])).delete()
  return completed + failed
}

/** Records a running job's progress (best effort). */
export async function recordProgress (db: Knex, id: string, value: unknown): Promise<void> {
  await db(table).where({ id, state: 'active' }).update({ progress: JSON.stringify(value) })
}

/** Failed jobs, most recent first, one keyset page. */
export async function listFailedJobs (db: Knex, page: PageQuery): Promise<PageOf<FailedJob>> {
  const query = db(table).where({ state: 'failed' })
    .select('id', 'queue', 'name', 'payload', 'request_id', 'attempts_made', 'failed_reason', 'finished_at')
  const result = await keysetPage<FailedJobRow>(query, page, {
    list: 'core.jobs.failed',
    columns: ['finished_at', 'id'],
    direction: 'desc',
    keyOf: (row) => [new Date(row.finished_at).toISOString(), row.id],
  })
  return { items: result.items.map(toFailedJob), nextCursor: result.nextCursor }
}

/** Puts a failed job back with fresh attempts; false when no failed job has this id. */
export async function retryFailedJob (db: Knex, id: string): Promise<boolean> {
  const count = await db(table).where({ id, state: 'failed' }).update({
    state: 'waiting', attempts_made: 0, run_at: db.raw('now()'), failed_reason: null, finished_at: null, progress: null,
  })
  return count > 0
}

/** A job's state; null when no row has this id. */
export async function jobStatus (db: Knex, id: string): Promise<JobStatus | null> {
  const row = await db(table).where({ id }).first('state', 'attempts_made', 'failed_reason') as
    { state: JobStatus['state'], attempts_made: number, failed_reason: string | null } | undefined
  return row == null ? null : { state: row.state, attemptsMade: row.attempts_made, failedReason: row.failed_reason }
}
