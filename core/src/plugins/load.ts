import { configFromEnv, mergeConfig, resolveKernelConfig, resolvePluginConfig, type KernelConfig, type StoreConfig } from '../config.js'
import type { LoadedPlugin } from '../kernel/parts.js'
import { coreVersion } from '../version.js'
import type { PluginManifest } from './define-plugin.js'
import { resolvePluginOrder } from './resolve-order.js'

/** The configured plugins with their options (`plugin` or `[plugin, options]`). */
export function pluginEntries (config: StoreConfig): Array<{ manifest: PluginManifest<any>, options: unknown }> {
  return (config.plugins ?? []).map((entry) => Array.isArray(entry)
    ? { manifest: entry[0] as PluginManifest<any>, options: entry[1] }
    : { manifest: entry as PluginManifest<any>, options: undefined })
}

/** The store config with the environment on top (unless `env` is false). */
export function withEnv (config: StoreConfig, env = true): StoreConfig {
  return env ? mergeConfig(config, configFromEnv(process.env)) : config
}

/**
 * Everything boot checks before touching the database: the kernel config, then the plugins in
 * dependency order with their validated options. Throws the BootError of the first problem.
 */
export function resolveStore (config: StoreConfig): { kernel: KernelConfig, plugins: LoadedPlugin[] } {
  const kernel = resolveKernelConfig(config)
  const entries = pluginEntries(config)
  const ordered = resolvePluginOrder(entries.map((e) => e.manifest), coreVersion)
  const plugins = ordered.map((manifest) => ({
    manifest,
    config: resolvePluginConfig(manifest, entries.find((e) => e.manifest === manifest)?.options),
  }))
  return { kernel, plugins }
}
