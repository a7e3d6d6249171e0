import { migrationOwners } from '../../app.js'
import { openDatabase } from '../../db/connect.js'
import { migrateDown, migrateUp, migrationStatus } from '../../db/migrations.js'
import { resolveStore, withEnv } from '../../plugins/load.js'
import type { Command } from '../command.js'

/** `comptoir migrate up|down|status [--plugin name]`. */
export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Apply, roll back or list migrations (all plugins, or one with --plugin)',
  usage: 'comptoir migrate <up|down|status> [--plugin <name>]',
  async run ({ args, flags, config: fileConfig, out, progress }) {
    const action = args[0] ?? 'status'
    if (!['up', 'down', 'status'].includes(action)) {
      out(`Unknown migrate action '${action}': use up, down or status.`)
      return 2
    }
    const { kernel, plugins } = resolveStore(withEnv(fileConfig))
    let owners = migrationOwners(plugins)
    if (typeof flags.plugin === 'string') {
      owners = owners.filter((o) => o.name === flags.plugin)
      if (owners.length === 0) {
        out(`No plugin '${flags.plugin}' with migrations is installed: run \`comptoir plugins\` to list them.`)
        return 2
      }
    }
    progress(`opening ${kernel.database.url != null ? 'PostgreSQL' : `the embedded database in ${kernel.database.dataDir}`}`)
    const database = await openDatabase(kernel.database)
    try {
      if (action === 'up') {
        let count = 0
        await migrateUp(database.knex, owners, (owner, names) => {
          count += names.length
          for (const name of names) out(`applied  ${owner}  ${name}`)
        })
        out(count === 0 ? 'Nothing to apply: every migration is up to date.' : `Applied ${count} migration(s).`)
      } else if (action === 'down') {
        await migrateDown(database.knex, owners, (owner, names) => { for (const name of names) out(`reverted ${owner}  ${name}`) })
      } else {
        for (const status of await migrationStatus(database.knex, owners)) {
          out(`${status.owner}: ${status.applied.length} applied, ${status.pending.length} pending`)
          for (const name of status.pending) out(`  pending  ${name}`)
        }
      }
    } finally {
      await database.close()
    }
    return 0
  },
}
