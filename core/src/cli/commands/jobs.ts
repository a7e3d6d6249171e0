import { buildApp } from '../../app.js'
import { systemActor } from '../../context.js'
import { FailedJobNotFoundError } from '../../jobs/errors.js'
import type { Command } from '../command.js'
import { runJobNow } from './jobs-run.js'

const usage = 'comptoir jobs <run <name> [--payload json] [--wait] | failed [--limit n] [--cursor c] | retry <jobId>>'

/**
 * `comptoir jobs run <name>` runs a job now; `comptoir jobs failed` lists failed jobs;
 * `comptoir jobs retry <id>` puts one back in its queue.
 */
export const jobsCommand: Command = {
  name: 'jobs',
  summary: 'Run a job now, list failed jobs, or retry one',
  usage,
  async run (input) {
    const { args, flags, config, out, progress } = input
    const [action, jobId] = args
    if (action === 'run') return await runJobNow(input, usage)
    const limit = typeof flags.limit === 'string' ? Number(flags.limit) : 20
    if ((action !== 'failed' && action !== 'retry') || (action === 'retry' && jobId == null) || !Number.isInteger(limit) || limit < 1 || limit > 100) {
      out(`Usage: ${usage}`)
      return 2
    }
    progress('opening the store (jobs are not processed by this command)')
    const app = await buildApp({ config, serveHttp: false, runJobs: false })
    try {
      const ctx = app.comptoir.systemCtx(systemActor)
      const { jobs } = app.services
      if (action === 'retry') {
        try {
          await jobs.retryFailed(ctx, jobId as string)
        } catch (error) {
          if (!(error instanceof FailedJobNotFoundError)) throw error
          out(`No failed job has id '${jobId}': run \`comptoir jobs failed\` to list them.`)
          return 1
        }
        out(`Job ${jobId} is back in its queue with fresh attempts; a running worker will pick it up.`)
        return 0
      }
      const page = await jobs.listFailed(ctx, { limit, ...(typeof flags.cursor === 'string' ? { cursor: flags.cursor } : {}) })
      if (page.items.length === 0) out('No failed jobs.')
      for (const job of page.items) {
        out(`${job.failedAt}  ${job.id}  ${job.name}  attempts=${job.attemptsMade}  ${job.failedReason.split('\n')[0]}`)
      }
      if (page.nextCursor != null) out(`More: comptoir jobs failed --cursor ${page.nextCursor}`)
      return 0
    } finally {
      await app.close()
    }
  },
}
