import { pluginEntries } from '../../plugins/load.js'
import { coreVersion } from '../../version.js'
import { resolvePluginOrder } from '../../plugins/resolve-order.js'
import type { Command } from '../command.js'

/** `comptoir plugins`: the installed plugins in dependency order, with versions. */
export const pluginsCommand: Command = {
  name: 'plugins',
  summary: 'List installed plugins in dependency order, with versions and dependencies',
  usage: 'comptoir plugins',
  async run ({ config, out }) {
    const ordered = resolvePluginOrder(pluginEntries(config).map((e) => e.manifest), coreVersion)
    out(`@comptoir/core ${coreVersion}`)
    ordered.forEach((plugin, index) => {
      const deps = Object.entries(plugin.dependsOn ?? {}).map(([name, range]) => `${name} ${range}`).join(', ')
      out(`${String(index + 1).padStart(2)}. ${plugin.name} ${plugin.version ?? '0.0.0'}${deps !== '' ? `  (needs ${deps})` : ''}`)
    })
    if (ordered.length === 0) out('No plugins installed: add them to plugins in comptoir.config.ts.')
    return 0
  },
}
