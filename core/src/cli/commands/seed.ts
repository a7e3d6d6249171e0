import { buildApp } from '../../app.js'
import { runSeed } from '../../seed.js'
import type { Command } from '../command.js'

/** `comptoir seed`: load every plugin's demo data (once; --force to seed again). */
export const seedCommand: Command = {
  name: 'seed',
  summary: 'Load demo data from every plugin and the store config',
  usage: 'comptoir seed [--force] [plugin flags: --products N]',
  async run ({ flags, config, out, progress }) {
    const app = await buildApp({ config, runJobs: false, logger: false })
    let seeded: boolean
    try {
      seeded = await runSeed(app, { onlyIfEmpty: flags.force !== true, progress, flags })
    } finally {
      await app.close()
    }
    // Reported once the database is closed.
    out(seeded ? 'Seeded demo data.' : 'This database was seeded before: pass --force to seed again.')
    return 0
  },
}
