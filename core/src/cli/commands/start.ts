import { buildApp } from '../../app.js'
import { runSeed } from '../../seed.js'
import type { Command } from '../command.js'
import { untilSignal } from '../signals.js'

/** `comptoir start`: serve HTTP (and, unless --no-jobs, process jobs) until SIGTERM/SIGINT. */
export const startCommand: Command = {
  name: 'start',
  summary: 'Serve the store (and process jobs unless --no-jobs)',
  usage: 'comptoir start [--migrate] [--no-jobs] [--seed-if-empty]',
  async run ({ flags, config, out, progress }) {
    progress('booting: checking plugins, opening the database, applying migrations')
    const started = Date.now()
    const app = await buildApp({
      config,
      ...(flags.migrate === true ? { migrate: true } : {}),
      runJobs: flags.jobs !== false,
    })
    if (flags['seed-if-empty'] === true && await runSeed(app, { onlyIfEmpty: true, progress })) {
      out('Seeded demo data (first run).')
    }
    const { host, port } = app.comptoir.config.http
    const address = await app.listen({ host, port })
    out(`Comptoir is up in ${Date.now() - started} ms on ${app.comptoir.database.engine === 'embedded' ? 'the embedded database' : 'PostgreSQL'}${app.comptoir.redis != null ? ' with Redis' : ''}.`)
    out(`  API      ${address}/store  ${address}/admin`)
    out(`  Docs     ${address}/docs  (OpenAPI: ${address}/openapi.json)`)
    out(`  Health   ${address}/health/ready`)
    if (config.demo != null) out(`  Admin    ${config.demo.adminEmail} / ${config.demo.adminPassword}  (demo credentials: change them)`)
    const signal = await untilSignal()
    app.log.info({ signal }, 'shutting down: finishing in-flight requests')
    await app.close()
    return 0
  },
}
