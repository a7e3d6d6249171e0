import { HttpError, NotFoundError } from '../errors.js'

/** Base of the jobs facility's programming errors (a 500 if one reaches a client). */
export abstract class JobError extends Error {
  abstract readonly code: string
  constructor (message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
  }
}

/** `jobs.enqueue` named a job no loaded plugin declares. */
export class UnknownJobError extends JobError {
  readonly code = 'CORE_JOB_UNKNOWN'
  constructor (readonly jobName: string) {
    super(`No loaded plugin declares job '${jobName}': declare it in the plugin manifest's \`jobs\` as '<plugin>.<verb-object>'.`)
  }
}

/** Enqueue options are invalid (a job id with ':' or made only of digits, a negative delay, …). */
export class InvalidJobOptionsError extends JobError {
  readonly code = 'CORE_JOB_INVALID_OPTIONS'
}

/**
 * Thrown by a job handler to fail at once, without the remaining attempts
 * (the work can never succeed: the record it needs is gone, the input is wrong).
 */
export class UnrecoverableJobError extends JobError {
  readonly code: string = 'CORE_JOB_UNRECOVERABLE'
}

/** The payload does not match the job's schema: rejected at enqueue, failed without retries at run. */
export class InvalidJobPayloadError extends UnrecoverableJobError {
  override readonly code = 'CORE_JOB_INVALID_PAYLOAD'
  constructor (readonly jobName: string, readonly issues: Array<{ path: string, message: string }>) {
    super(`Invalid payload for job '${jobName}': ${issues.map((i) => `${i.path === '' ? '/' : i.path} ${i.message}`).join('; ')}`)
  }
}

/** No failed job has this id (it was retried, purged, or never failed). */
export class FailedJobNotFoundError extends NotFoundError {
  readonly code = 'CORE_JOB_NOT_FOUND'
  readonly title = 'No such failed job'
  constructor (jobId: string) { super(`No failed job has id '${jobId}'`, { jobId }) }
}

/** The job queue (Redis) cannot take the job now; the caller may retry later. */
export class JobsUnavailableError extends HttpError {
  readonly status = 503
  readonly code = 'CORE_JOBS_UNAVAILABLE'
  readonly title = 'The job queue is unavailable'
  constructor (options?: { cause?: unknown }) {
    super('The job queue did not accept the job; try again shortly', {}, options)
  }
}
