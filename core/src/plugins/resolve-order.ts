import semver from 'semver'
import { BootError, BootErrorCode } from '../errors.js'
import type { PluginManifest } from './define-plugin.js'
import { checkAdminExtension } from './admin-extension.js'

const namePattern = /^[a-z][a-z0-9-]{0,39}$/

/**
 * Checks the installed plugins against each other and returns them in dependency order
 * (a plugin after everything it depends on; ties keep the configured order).
 * Throws one BootError naming the plugin, the cause and the fix.
 */
export function resolvePluginOrder (plugins: readonly PluginManifest[], coreVersion: string): PluginManifest[] {
  const byName = new Map<string, PluginManifest>()
  for (const plugin of plugins) {
    if (plugin == null || typeof plugin !== 'object' || typeof plugin.name !== 'string') {
      throw new BootError(BootErrorCode.invalidPlugin, 'A configured plugin is not a manifest: export `definePlugin({ name, ... })` as the module\'s default export and list that object in `plugins`.')
    }
    if (!namePattern.test(plugin.name)) {
      throw new BootError(BootErrorCode.invalidPlugin, `Plugin '${plugin.name}' has an invalid name: use lowercase letters, digits and dashes, starting with a letter (at most 40 characters).`, { plugin: plugin.name })
    }
    if (plugin.name === 'core') {
      throw new BootError(BootErrorCode.duplicatePlugin, 'Plugin name \'core\' is reserved for the kernel: rename the plugin.', { plugin: plugin.name })
    }
    if (byName.has(plugin.name)) {
      throw new BootError(BootErrorCode.duplicatePlugin, `Plugin '${plugin.name}' is installed twice: list it once in comptoir.config.ts.`, { plugin: plugin.name })
    }
    if (plugin.version != null && semver.valid(plugin.version) == null) {
      throw new BootError(BootErrorCode.invalidPlugin, `Plugin '${plugin.name}' declares version '${plugin.version}', which is not semver: use a version like 1.2.3.`, { plugin: plugin.name })
    }
    checkAdminExtension(plugin.name, plugin.admin)
    byName.set(plugin.name, plugin)
  }

  for (const plugin of plugins) {
    if (plugin.core != null && !semver.satisfies(coreVersion, plugin.core, { includePrerelease: true })) {
      throw new BootError(BootErrorCode.incompatibleVersion, `Plugin '${plugin.name}' needs @comptoir/core ${plugin.core}, found ${coreVersion}: install a version of '${plugin.name}' built for this core.`, { plugin: plugin.name })
    }
    for (const [dependency, range] of Object.entries(plugin.dependsOn ?? {})) {
      const found = byName.get(dependency)
      if (found == null) {
        throw new BootError(BootErrorCode.missingDependency, `Plugin '${plugin.name}' needs '${dependency}' ${range}, which is not installed: add '${dependency}' to plugins in comptoir.config.ts.`, { plugin: plugin.name })
      }
      if (semver.validRange(range) == null) {
        throw new BootError(BootErrorCode.invalidPlugin, `Plugin '${plugin.name}' depends on '${dependency}' with an invalid range '${range}': use a semver range like ^1.0.0 or *.`, { plugin: plugin.name })
      }
      const version = found.version ?? '0.0.0'
      if (!semver.satisfies(version, range, { includePrerelease: true })) {
        throw new BootError(BootErrorCode.incompatibleVersion, `Plugin '${plugin.name}' needs '${dependency}' ${range}, found ${version}: install a compatible version of '${dependency}'.`, { plugin: plugin.name })
      }
    }
  }

  // Depth-first topological sort; a grey node seen again closes a cycle, which we print.
  const ordered: PluginManifest[] = []
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (plugin: PluginManifest, path: string[]): void => {
    const seen = state.get(plugin.name)
    if (seen === 'done') return
    if (seen === 'visiting') {
      const cycle = [...path.slice(path.indexOf(plugin.name)), plugin.name].join(' -> ')
      throw new BootError(BootErrorCode.dependencyCycle, `Plugin '${plugin.name}' is part of a dependency cycle (${cycle}): remove one of these dependencies, or subscribe to events instead.`, { plugin: plugin.name })
    }
    state.set(plugin.name, 'visiting')
    for (const dependency of Object.keys(plugin.dependsOn ?? {})) {
      visit(byName.get(dependency) as PluginManifest, [...path, plugin.name])
    }
    state.set(plugin.name, 'done')
    ordered.push(plugin)
  }
  for (const plugin of plugins) visit(plugin, [])
  return ordered
}
