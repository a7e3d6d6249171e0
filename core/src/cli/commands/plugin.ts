import { existsSync } from 'node:fs'
import path from 'node:path'
import type { Command } from '../command.js'
import { checkPluginCommand } from './plugin-check.js'
import { pluginNames, scaffoldPlugin } from './plugin-new.js'
import { addPluginToConfig } from './store-config-edit.js'

const storeConfigs = ['comptoir.config.ts', 'comptoir.config.mts', 'comptoir.config.js', 'comptoir.config.mjs']

/** `comptoir plugin new <name>` and `comptoir plugin check [path]`: the plugin author's kit. */
export const pluginCommand: Command = {
  name: 'plugin',
  summary: 'Scaffold a plugin package (new) or check one for compatibility (check)',
  usage: 'comptoir plugin new <name> [--dir <folder>] | check [path]',
  async run (input) {
    const [sub, ...rest] = input.args
    if (sub === 'check') return await checkPluginCommand({ ...input, args: rest })
    if (sub !== 'new' || rest[0] == null) {
      input.out(`Usage: ${pluginCommand.usage}`)
      return 2
    }
    const name = rest[0]
    const cwd = process.cwd()
    // Inside a store (a comptoir.config.* here): a local plugin in ./plugins/<name>/.
    const inStore = storeConfigs.some((file) => existsSync(path.join(cwd, file)))
    const target = path.resolve(cwd, typeof input.flags.dir === 'string' ? input.flags.dir : inStore ? path.join('plugins', name) : `comptoir-plugin-${name}`)
    let files: string[]
    try {
      files = scaffoldPlugin(name, target)
    } catch (error) {
      process.stderr.write(`comptoir: ${(error as Error).message}\n`)
      return 1
    }
    const relative = path.relative(cwd, target) || '.'
    input.out(`Created ${relative}/ (${files.length} files): comptoir-plugin-${name}`)
    if (inStore) {
      const binding = pluginNames(name).__camel__
      const specifier = `./${relative.split(path.sep).join('/')}/src/index.js`
      const config = storeConfigs.map((file) => path.join(cwd, file)).find((file) => existsSync(file)) as string
      if (addPluginToConfig(config, binding, specifier)) {
        input.out(`Added it to ${path.basename(config)} as a local plugin (import ${binding} from '${specifier}'). Restart the store to run its migrations.`)
      } else {
        input.out(`Add it to ${path.basename(config)} as a local plugin:`)
        input.out(`  import ${binding} from '${specifier}'`)
        input.out(`  plugins: [..., ${binding}]`)
      }
    } else {
      input.out(`Next: cd ${relative} && npm install && npm test && npx comptoir plugin check .`)
    }
    return 0
  },
}
