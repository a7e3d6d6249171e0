import type { TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import Value from 'typebox/value'
import { BootError, BootErrorCode } from '../errors.js'
import type { LoadedPlugin } from '../kernel/parts.js'
import type { JobDefinition } from '../plugins/define-plugin.js'
import { InvalidJobPayloadError, UnknownJobError } from './errors.js'
import { cronProblem } from './schedule.js'
import type { ScheduledJob } from './types.js'

/** Attempts of a job that does not say. */
export const defaultAttempts = 5
/** First retry delay of a job that does not say; doubles on each retry. */
export const defaultBackoffMs = 1000

/** A declared job: its definition, queue and payload check. */
export interface RegisteredJob {
  name: string
  queue: string
  definition: JobDefinition
  attempts: number
  backoffMs: number
  /** Applies the schema's defaults and checks; throws InvalidJobPayloadError. */
  parse: (payload: unknown) => unknown
}

/** Every job this app knows, by name, and the queues they live in. */
export interface JobRegistry {
  /** Throws UnknownJobError for a name nobody declared. */
  get: (name: string) => RegisteredJob
  /** Adds a kernel job (queue `core`, or the one given). */
  addKernelJob: (name: string, definition: JobDefinition, queue?: string) => void
  /** Makes sure a queue exists even if it holds only kernel jobs (event deliveries). */
  addQueue: (queue: string) => void
  queues: () => string[]
  scheduled: () => ScheduledJob[]
}

function payloadParser (name: string, schema: TSchema | undefined): (payload: unknown) => unknown {
  if (schema == null) return (payload) => payload
  const check = Compile(schema)
  return (payload) => {
    const value = Value.Default(schema, Value.Clone(payload))
    if (check.Check(value)) return value
    const issues = [...check.Errors(value)].slice(0, 5).map((e) => ({ path: e.instancePath, message: e.message }))
    throw new InvalidJobPayloadError(name, issues)
  }
}

function bootError (plugin: string, message: string): BootError {
  return new BootError(BootErrorCode.invalidPlugin, message, { plugin })
}

function register (jobs: Map<string, RegisteredJob>, owner: string, name: string, definition: JobDefinition, queue: string): void {
  if (!name.startsWith(`${owner}.`) || !/^[a-z0-9][a-z0-9.-]*$/.test(name.slice(owner.length + 1))) {
    throw bootError(owner, `Plugin '${owner}' declares job '${name}', which is not namespaced by the plugin: name it '${owner}.<verb-object>' (lowercase, dashes).`)
  }
  if (typeof definition?.handler !== 'function') {
    throw bootError(owner, `Plugin '${owner}' declares job '${name}' without a handler: give it \`handler: async (ctx, payload, job) => …\`.`)
  }
  const attempts = definition.attempts ?? defaultAttempts
  const backoffMs = definition.backoffMs ?? defaultBackoffMs
  if (!Number.isInteger(attempts) || attempts < 1 || !Number.isInteger(backoffMs) || backoffMs < 0) {
    throw bootError(owner, `Plugin '${owner}' declares job '${name}' with invalid attempts/backoffMs: use integers, attempts ≥ 1 and backoffMs ≥ 0.`)
  }
  const parse = payloadParser(name, definition.payload)
  if (definition.schedule != null) {
    const problem = cronProblem(definition.schedule.cron)
    if (problem != null) throw bootError(owner, `Plugin '${owner}' schedules job '${name}' with an invalid cron '${definition.schedule.cron}' (${problem}): use 5 or 6 fields, UTC.`)
    try {
      parse(definition.schedule.payload ?? {})
    } catch (error) {
      throw bootError(owner, `Plugin '${owner}' schedules job '${name}' with a payload its schema rejects (${(error as Error).message}): fix \`schedule.payload\`.`)
    }
  }
  jobs.set(name, { name, queue, definition, attempts, backoffMs, parse })
}

/** Reads every plugin's `jobs`; a job not namespaced by its plugin, or with a bad cron, stops boot. */
export function createJobRegistry (plugins: readonly LoadedPlugin[]): JobRegistry {
  const jobs = new Map<string, RegisteredJob>()
  const queues = new Set<string>(['core'])
  for (const { manifest } of plugins) {
    for (const [name, definition] of Object.entries(manifest.jobs ?? {})) {
      register(jobs, manifest.name, name, definition, manifest.name)
      queues.add(manifest.name)
    }
  }
  return {
    get (name) {
      const job = jobs.get(name)
      if (job == null) throw new UnknownJobError(name)
      return job
    },
    addKernelJob (name, definition, queue = 'core') {
      register(jobs, 'core', name, definition, queue)
      queues.add(queue)
    },
    addQueue (queue) { queues.add(queue) },
    queues: () => [...queues].sort(),
    scheduled: () => [...jobs.values()].flatMap((job) => job.definition.schedule == null
      ? []
      : [{ queue: job.queue, name: job.name, cron: job.definition.schedule.cron, payload: job.definition.schedule.payload ?? {}, attempts: job.attempts, backoffMs: job.backoffMs }]),
  }
}
