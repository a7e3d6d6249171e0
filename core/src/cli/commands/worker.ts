import { buildApp } from '../../app.js'
import type { Command } from '../command.js'
import { untilSignal } from '../signals.js'

/** `comptoir worker`: process jobs and relay events, without HTTP, until SIGTERM/SIGINT. */
export const workerCommand: Command = {
  name: 'worker',
  summary: 'Process jobs and deliver events (no HTTP) until SIGTERM/SIGINT',
  usage: 'comptoir worker',
  async run ({ config, out, progress }) {
    progress('booting the worker: checking plugins, opening the database')
    const app = await buildApp({ config, serveHttp: false, runJobs: true })
    const { jobs } = app.services
    out(`Comptoir worker is up: jobs ${jobs.engine === 'bullmq' ? 'on Redis (BullMQ)' : `in-process on ${app.comptoir.database.engine === 'embedded' ? 'the embedded database' : 'PostgreSQL'}`}, events relayed from the outbox.`)
    const signal = await untilSignal()
    // close() stops the relay, lets running jobs finish (bounded), then closes Redis and the database.
    app.log.info({ signal }, 'shutting down: finishing running jobs')
    await app.close()
    return 0
  },
}
