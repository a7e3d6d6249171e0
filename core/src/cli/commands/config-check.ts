import { coreVersion } from '../../app.js'
import { configFromEnv, mergeConfig, resolveKernelConfig, resolvePluginConfig } from '../../config.js'
import { resolvePluginOrder } from '../../plugins/resolve-order.js'
import type { Command } from '../command.js'
import { pluginEntries } from './plugins.js'

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
    const config = mergeConfig(fileConfig, configFromEnv(process.env))
    const kernel = resolveKernelConfig(config)
    const entries = pluginEntries(config)
    const ordered = resolvePluginOrder(entries.map((e) => e.manifest), coreVersion)
    for (const manifest of ordered) resolvePluginConfig(manifest, entries.find((e) => e.manifest === manifest)?.options)
    out(`Configuration is valid: ${ordered.length} plugin(s); database ${kernel.database.url != null ? 'PostgreSQL (DATABASE_URL)' : `embedded in ${kernel.database.dataDir}`}; jobs ${kernel.redis.url != null ? 'on Redis (REDIS_URL)' : 'in-process'}; listening on ${kernel.http.host}:${kernel.http.port}.`)
    return 0
  },
}
