import type { FastifyInstance } from 'fastify'
import type { Knex } from 'knex'

/** What `drainEvents` found once nothing was left to run. */
export interface DrainResult {
  /** Jobs (event deliveries included) that failed for good while draining. */
  failed: Array<{ id: string, name: string, reason: string | null }>
}

async function pendingWork (knex: Knex): Promise<number> {
  const [outbox] = await knex('comptoir_outbox').whereNull('dispatched_at').count({ n: '*' })
  // Due or running jobs; delayed ones (a retry's backoff, a cron's next run) are not waited for.
  const [jobs] = await knex('comptoir_jobs').where((q) => {
    void q.where('state', 'active').orWhere((w) => { void w.where('state', 'waiting').andWhere('run_at', '<=', knex.fn.now()) })
  }).count({ n: '*' })
  return Number(outbox?.n ?? 0) + Number(jobs?.n ?? 0)
}

/**
 * Waits until the app's outbox is relayed and every due job has run (subscribers included, and
 * the jobs they enqueue), on the in-process engine every test app uses unless given Redis.
 * Throws when work is still pending after `timeoutMs`, or (unless `allowFailures`) when a job
 * failed for good while draining, with its reason.
 */
export async function drainEvents (app: FastifyInstance, options: { timeoutMs?: number, allowFailures?: boolean } = {}): Promise<DrainResult> {
  if (app.services.jobs.engine !== 'in-process') throw new Error('drainEvents runs on the in-process job engine: build the test app without Redis')
  await app.ready()
  const { knex } = app.comptoir.database
  const since = new Date(Date.now() - 1000)
  const deadline = Date.now() + (options.timeoutMs ?? 15_000)
  // Two empty looks in a row: a job that just finished may have committed an event or a job.
  let empty = 0
  while (empty < 2) {
    if (Date.now() > deadline) throw new Error(`drainEvents: work still pending after ${options.timeoutMs ?? 15_000} ms`)
    if (await pendingWork(knex) === 0) empty++
    else empty = 0
    await new Promise((resolve) => setTimeout(resolve, empty === 0 ? 25 : 50))
  }
  const failed = (await knex('comptoir_jobs').where('state', 'failed').andWhere('finished_at', '>=', since)
    .select('id', 'name', 'failed_reason') as Array<{ id: string, name: string, failed_reason: string | null }>)
    .map((row) => ({ id: row.id, name: row.name, reason: row.failed_reason }))
  if (failed.length > 0 && options.allowFailures !== true) {
    throw new Error(`drainEvents: ${failed.length} job(s) failed: ${failed.map((f) => `${f.name} (${f.reason ?? 'no reason'})`).join('; ')}`)
  }
  return { failed }
}

/** The events emitted since `after` (an ISO time or Date), oldest first: `name` and `payload`. */
export async function emittedEvents (app: FastifyInstance, options: { prefix?: string, after?: Date } = {}): Promise<Array<{ id: string, name: string, payload: unknown }>> {
  let query = app.comptoir.database.knex('comptoir_outbox').select('id', 'name', 'payload').orderBy([{ column: 'occurred_at' }, { column: 'id' }])
  if (options.prefix != null) query = query.where('name', 'like', `${options.prefix.replace(/[%_\\]/g, (c) => `\\${c}`)}%`)
  if (options.after != null) query = query.where('occurred_at', '>', options.after)
  return await query as Array<{ id: string, name: string, payload: unknown }>
}
