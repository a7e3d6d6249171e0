import { resolveStore, withEnv } from '../../plugins/load.js'
import type { Command } from '../command.js'

/** `comptoir config check`: validates comptoir.config.ts, the environment and every plugin's options. */
export const configCommand: Command = {
  name: 'config',
  summary: 'Validate the configuration without starting (config check)',
  usage: 'comptoir config check',
  async run ({ args, config: fileConfig, out }) {
    if (args[0] !== 'check') {
      out('Usage: comptoir config check')
      return 2
    }
    const { kernel, plugins: ordered } = resolveStore(withEnv(fileConfig))
    out(`Configuration is valid: ${ordered.length} plugin(s); database ${kernel.database.url != null ? 'PostgreSQL (DATABASE_URL)' : `embedded in ${kernel.database.dataDir}`}; jobs ${kernel.redis.url != null ? 'on Redis (REDIS_URL)' : 'in-process'}; listening on ${kernel.http.host}:${kernel.http.port}.`)
    return 0
  },
}
