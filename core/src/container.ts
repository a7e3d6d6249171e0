import { asFunction, asValue, createContainer, InjectionMode, Lifetime, type AwilixContainer } from 'awilix'
import type { FastifyBaseLogger } from 'fastify'
import type { Knex } from 'knex'
import type { KernelConfig } from './config.js'
import { BootError, BootErrorCode } from './errors.js'
import type { PluginManifest } from './plugins/define-plugin.js'

/**
 * Services registered by plugins. Plugins add theirs by declaration merging:
 * `declare module '@comptoir/core' { interface Services { inventory: StockService } }`
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface Services {}

/** The kernel's own container entries (bare names). */
export interface KernelServices {
  db: Knex
  config: KernelConfig
  log: FastifyBaseLogger
}

/** Everything a service factory can destructure. */
export type Cradle = Services & KernelServices

export type Container = AwilixContainer<Cradle>

/** Creates the container in PROXY + strict mode with the kernel's entries. */
export function createKernelContainer (kernel: KernelServices): Container {
  const container = createContainer<Cradle>({ injectionMode: InjectionMode.PROXY, strict: true })
  container.register({
    db: asValue(kernel.db),
    config: asValue(kernel.config),
    log: asValue(kernel.log),
  })
  return container
}

/** Registers a kernel facility (jobs, events, …) under a bare name. */
export function registerKernelValue (container: Container, name: string, value: unknown): void {
  if (container.hasRegistration(name)) {
    throw new BootError(BootErrorCode.duplicateService, `The kernel registers '${name}' twice: this is a bug in @comptoir/core.`)
  }
  container.register(name, asValue(value))
}

/** Registers one plugin's services; a name already taken stops boot (awilix would replace it silently). */
export function registerPluginServices (container: Container, plugin: PluginManifest<any>, config: unknown, log: FastifyBaseLogger): void {
  for (const [name, declaration] of Object.entries(plugin.services ?? {})) {
    if (container.hasRegistration(name)) {
      const owner = (container.registrations[name] as { comptoirOwner?: string }).comptoirOwner ?? 'the kernel'
      throw new BootError(BootErrorCode.duplicateService, `Plugin '${plugin.name}' registers service '${name}', already registered by ${owner}: rename it with the plugin's name as prefix.`, { plugin: plugin.name })
    }
    const { factory, lifetime } = typeof declaration === 'function' ? { factory: declaration, lifetime: 'singleton' as const } : declaration
    const scope = { name: plugin.name, config, log: log.child({ plugin: plugin.name }) }
    const resolver = asFunction((cradle: Cradle) => factory(cradle, scope), {
      lifetime: lifetime === 'scoped' ? Lifetime.SCOPED : Lifetime.SINGLETON,
    })
    Object.assign(resolver, { comptoirOwner: `plugin '${plugin.name}'` })
    container.register(name, resolver)
  }
}
