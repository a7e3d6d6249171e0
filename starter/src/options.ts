import path from 'node:path'
import type { CliFlags } from './args.js'
import { defaultPlugins, resolvePlugins, type PluginChoice, type ResolvedPlugins } from './plugins.js'
import { parseCurrencies, titleFromSlug, validateDatabaseUrl, validateProjectName, validateRedisUrl, validateStoreName } from './validate.js'

/** Everything the scaffold needs, validated. */
export interface StoreOptions {
  /** Absolute path of the project folder. */
  target: string
  /** The folder as the user wrote it (for messages: `cd my-store`). */
  directory: string
  /** package.json name: the folder's base name. */
  projectName: string
  storeName: string
  currencies: string[]
  plugins: PluginChoice[]
  /** Plugins added because a chosen one needs them. */
  added: ResolvedPlugins['added']
  databaseUrl: string | null
  redisUrl: string | null
}

export const defaultDirectory = 'my-comptoir-store'
export const defaultCurrencies = 'EUR,USD'

/** The folder and its package name; `.` means the working folder. */
export function resolveDirectory (directory: string, cwd: string): { directory: string, target: string, projectName: string } {
  const target = path.resolve(cwd, directory)
  return { directory, target, projectName: validateProjectName(path.basename(target)) }
}

/** The options from flags and defaults alone (the `--yes` / non-terminal path). Throws UsageError. */
export function optionsFromFlags (flags: CliFlags, cwd: string): StoreOptions {
  const where = resolveDirectory(flags.directory ?? defaultDirectory, cwd)
  const resolved = resolvePlugins(flags.plugins ?? defaultPlugins.join(','))
  return {
    ...where,
    storeName: validateStoreName(flags.name ?? titleFromSlug(where.projectName)),
    currencies: parseCurrencies(flags.currencies ?? defaultCurrencies),
    plugins: resolved.plugins,
    added: resolved.added,
    databaseUrl: flags.databaseUrl != null && flags.databaseUrl.trim() !== '' ? validateDatabaseUrl(flags.databaseUrl) : null,
    redisUrl: flags.redisUrl != null && flags.redisUrl.trim() !== '' ? validateRedisUrl(flags.redisUrl) : null,
  }
}
