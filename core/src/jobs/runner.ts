import type { FastifyBaseLogger } from 'fastify'
import type { Knex } from 'knex'
import type { Cradle } from '../container.js'
import { systemActor, type Ctx } from '../context.js'
import { UnknownJobError, UnrecoverableJobError } from './errors.js'
import type { JobRegistry } from './registry.js'
import type { JobRunner } from './types.js'

/** True when retrying cannot help: an invalid payload, a job no plugin declares any more, or the handler said so. */
export function isUnrecoverable (error: unknown): boolean {
  return error instanceof UnrecoverableJobError || error instanceof UnknownJobError
}

/** A short, single-line reason for a failure, as kept on a failed job. */
export function failureReason (error: unknown): string {
  const e = error as { name?: string, code?: string, message?: string } | null
  const text = `${e?.code ?? e?.name ?? 'Error'}: ${e?.message ?? String(error)}`
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text
}

/**
 * Runs a job the same way on both engines: checks the payload against the job's schema, then
 * calls the handler with a ctx restored from the job's origin (request id, actor) on the pool.
 */
export function createJobRunner (registry: JobRegistry, db: Knex, log: FastifyBaseLogger, services: Cradle): JobRunner {
  return async (job) => {
    const registered = registry.get(job.name)
    const requestId = job.origin.requestId ?? `job-${job.id}`
    const ctx: Ctx = {
      db,
      actor: job.origin.actor ?? systemActor,
      requestId,
      log: log.child({ requestId, jobId: job.id, job: job.name }),
    }
    const payload = registered.parse(job.payload)
    await registered.definition.handler(ctx, payload, { id: job.id, name: job.name, attempt: job.attempt, progress: job.progress, services })
  }
}
