import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../app.js'
import { systemActor } from '../../context.js'
import { InvalidJobPayloadError } from '../../jobs/errors.js'
import { jobsKernel, type JobsKernel, type JobsService } from '../../jobs/service.js'
import type { JobStatus } from '../../jobs/types.js'
import { pluginEntries, resolveStore, withEnv } from '../../plugins/load.js'
import type { CommandInput } from '../command.js'

const pollMs = 200

type Outcome = JobStatus | 'interrupted'

/** Polls the job until it completed or failed; reports each failed attempt before a retry. */
async function outcome (engine: JobsKernel['engine'], queue: string, id: string, progress: (m: string) => void, stop: Promise<'interrupted'>): Promise<Outcome> {
  let reported = 0
  for (;;) {
    const status = await engine.status(queue, id)
    if (status != null && (status.state === 'completed' || status.state === 'failed')) return status
    if (status?.state === 'waiting' && status.attemptsMade > reported && status.failedReason != null) {
      reported = status.attemptsMade
      progress(`attempt ${reported} failed (${status.failedReason.split('\n')[0]}); it will be retried`)
    }
    const next = await Promise.race([stop, new Promise<'poll'>((resolve) => setTimeout(() => resolve('poll'), pollMs))])
    if (next === 'interrupted') return next
  }
}

/** The payload: --payload JSON, else the schedule's payload, else `{}`. Null when --payload is not JSON. */
function payloadOf (flag: string | boolean | undefined, scheduled: unknown): { value: unknown } | null {
  if (typeof flag !== 'string') return { value: scheduled ?? {} }
  try {
    return { value: JSON.parse(flag) }
  } catch {
    return null
  }
}

/**
 * `comptoir jobs run <name>`: enqueues a plugin's job now, through the `jobs` service. On the
 * embedded database no other process can hold the data (the folder is locked), so this process
 * runs the job engine until the job finished; elsewhere a running worker takes it (--wait follows it).
 */
export async function runJobNow ({ args, flags, config, out, progress }: CommandInput, usage: string): Promise<number> {
  const name = args[1]
  const declared = new Map(pluginEntries(config).flatMap((e) => Object.entries(e.manifest.jobs ?? {})))
  if (name == null) {
    out(`Usage: ${usage}`)
    return 2
  }
  const job = declared.get(name)
  if (job == null) {
    const known = [...declared.keys()].sort()
    out(`No installed plugin declares job '${name}'. Known jobs: ${known.length > 0 ? known.join(', ') : 'none'}.`)
    return 2
  }
  const payload = payloadOf(flags.payload, job.schedule?.payload)
  if (payload == null) {
    out(`--payload is not valid JSON: pass the job's payload as a JSON object, e.g. --payload '{"id":"…"}'.`)
    return 2
  }
  const embedded = resolveStore(withEnv(config)).kernel.database.url == null
  progress(embedded ? 'opening the store; this process runs the job (the embedded database allows one process)' : 'opening the store')
  const app = await buildApp({ config, serveHttp: false, runJobs: embedded })
  let onSignal = (): void => {}
  const interrupted = new Promise<'interrupted'>((resolve) => { onSignal = () => resolve('interrupted') })
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  let lines: string[]
  let code: number
  try {
    ({ lines, code } = await enqueueAndFollow(app, name, payload.value, embedded || flags.wait === true, progress, interrupted))
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    await app.close()
  }
  // Printed once the store is closed: what it says is on disk.
  for (const line of lines) out(line)
  return code
}

async function enqueueAndFollow (app: FastifyInstance, name: string, payload: unknown, wait: boolean, progress: (m: string) => void, interrupted: Promise<'interrupted'>): Promise<{ lines: string[], code: number }> {
  const jobs = app.services.jobs as JobsService & { [jobsKernel]: JobsKernel }
  const kernel = jobs[jobsKernel]
  const started = Date.now()
  let id: string
  try {
    ({ id } = await jobs.enqueue(app.comptoir.systemCtx(systemActor), name, payload))
  } catch (error) {
    if (!(error instanceof InvalidJobPayloadError)) throw error
    return { lines: [`${error.message}: pass a valid payload with --payload '<json>'.`], code: 2 }
  }
  if (!wait) {
    return { lines: [`Queued ${name} as job ${id}: a running worker (comptoir start or comptoir worker) runs it. Add --wait to wait for the outcome.`], code: 0 }
  }
  progress(`job ${id} queued; waiting for it to finish`)
  const result = await outcome(kernel.engine, kernel.registry.get(name).queue, id, progress, interrupted)
  if (result === 'interrupted') {
    return { lines: [`Stopped waiting: job ${id} (${name}) stays queued and runs with the next worker.`], code: 130 }
  }
  if (result.state === 'completed') return { lines: [`Ran ${name} (job ${id}) in ${Date.now() - started} ms.`], code: 0 }
  return {
    lines: [`Job ${id} (${name}) failed after ${result.attemptsMade} attempt(s): ${result.failedReason ?? 'no reason recorded'}`,
      `It is kept with the failed jobs: \`comptoir jobs failed\` lists them, \`comptoir jobs retry ${id}\` runs it again.`],
    code: 1,
  }
}
