import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import type { TSchema, Static } from 'typebox'
import type { Ctx } from '../context.js'
import type { Cradle } from '../container.js'
import type { Command } from '../cli/command.js'
import type { AdminExtension } from './admin-extension.js'

/** What a service factory receives besides the cradle: its own plugin's name, config and logger. */
export interface PluginScope<C = unknown> {
  name: string
  config: C
  log: Cradle['log']
}

/** Builds a service from the container (PROXY mode: destructure what you need). */
export type ServiceFactory<T = unknown, C = unknown> = (cradle: Cradle, plugin: PluginScope<C>) => T

/** A service registration: a bare factory is a singleton. */
export type ServiceDeclaration<C = unknown> =
  | ServiceFactory<unknown, C>
  | { factory: ServiceFactory<unknown, C>, lifetime: 'singleton' | 'scoped' }

/** Options handed to a plugin's route plugins. */
export interface RouteOptions<C = unknown> { config: C }

/** A route surface: an encapsulated Fastify plugin, mounted by the kernel under its prefix. */
export type RoutePlugin<C = unknown> = FastifyPluginAsync<RouteOptions<C>>

/** A job processor declared in a manifest; the engine comes from the kernel's `jobs` service. */
export interface JobDefinition<P extends TSchema = TSchema> {
  /** TypeBox schema the payload is validated against before the handler runs. */
  payload?: P
  handler: (ctx: Ctx, payload: Static<P>, job: JobInfo) => Promise<unknown>
  /** Attempts before the job is kept as failed (default 5), with exponential backoff. */
  attempts?: number
  backoffMs?: number
  /** Repeat on a cron schedule (5 or 6 fields, UTC). */
  schedule?: { cron: string, payload?: Static<P> }
}

/** What a running job knows about itself. */
export interface JobInfo {
  id: string
  name: string
  attempt: number
  /** The container's services, as route handlers reach them through `app.services`. */
  services: Cradle
  /** Records progress (0–100, or any JSON) where the engine can show it. */
  progress: (value: number | Record<string, unknown>) => Promise<void>
}

/** An event delivered to a subscriber, at least once: dedupe on `id`. */
export interface DeliveredEvent<P = unknown> {
  id: string
  name: string
  payload: P
  occurredAt: string
}

/** Reacts to one event; runs as a job (retried with backoff), so it must be idempotent. */
export type SubscriberHandler<P = unknown> = (ctx: Ctx, event: DeliveredEvent<P>, kernel: SubscriberKernel) => Promise<void>

/** What a subscriber reaches besides its event: the container's services. */
export interface SubscriberKernel { services: Cradle }

/** Export and erase hooks for the personal data a plugin holds (GDPR). */
export interface PersonalDataContributor {
  /** Returns everything this plugin holds about the customer, as JSON. */
  export: (ctx: Ctx, customerId: string) => Promise<unknown>
  /** Deletes or anonymises it; financial records keep amounts and dates under `pseudonym`. */
  erase: (ctx: Ctx, customerId: string, pseudonym: string) => Promise<void>
}

/** The manifest: everything a plugin contributes and needs. Only `name` is required. */
export interface PluginManifest<C extends TSchema = TSchema> {
  name: string
  version?: string
  /** Plugin name → semver range of the version it needs (`*` for any). */
  dependsOn?: Record<string, string>
  /** Semver range of @comptoir/core this plugin works with. */
  core?: string
  /** TypeBox schema for the plugin's options; defaults are applied, then it is checked at boot. */
  config?: C
  services?: Record<string, ServiceDeclaration<Static<C>>>
  /**
   * Mounted at /admin, /store and /hooks; `web` at the root, for pages served to browsers (the admin
   * app at /app): its routes may not claim /admin, /store, /hooks, /docs, /openapi.json or /health.
   */
  routes?: { admin?: RoutePlugin<Static<C>>, store?: RoutePlugin<Static<C>>, hooks?: RoutePlugin<Static<C>>, web?: RoutePlugin<Static<C>> }
  /** A folder of Knex migrations (`new URL('./migrations/', import.meta.url)`). */
  migrations?: URL | string
  /** Emitted event names → TypeBox payload schemas. */
  events?: Record<string, TSchema>
  /** Job name (`<plugin>.<verb-object>`) → processor. */
  jobs?: Record<string, JobDefinition>
  /**
   * Event name → handler. Subscribing needs no dependency on the emitter. The key `'*'` subscribes
   * to every declared event (those the plugin names itself excepted: that handler gets them).
   */
  // `any`: a handler typed for one event's payload (SubscriberHandler<EventPayload<…>>) must fit here.
  subscribers?: Record<string, SubscriberHandler<any>>
  /** Permissions this plugin's admin routes check (`plugin:action`). */
  permissions?: readonly string[]
  /** Typed settings (name → TypeBox schema with a default), changed through the admin API. */
  settings?: Record<string, TSchema>
  personalData?: PersonalDataContributor
  /** Extra `comptoir <name>` commands this plugin adds to the CLI (`comptoir import products …`). */
  commands?: readonly Command[]
  /** Demo data for `comptoir seed`, run in dependency order inside one transaction. */
  seed?: (ctx: Ctx, app: FastifyInstance, options: SeedOptions) => Promise<void>
  /**
   * Runs once per app (API and worker alike) after every plugin's services are registered, in
   * dependency order: the place to plug into another plugin's extension point
   * (`services.catalogAvailability.register(...)`). No database work here.
   */
  onBoot?: (services: Cradle, scope: PluginScope<Static<C>>) => void | Promise<void>
  /** Pages, nav entries and widgets this plugin adds to the admin dashboard (`@comptoir/admin`). */
  admin?: AdminExtension
}

/** What `comptoir seed` passes to seeds: its command-line flags (`--products 10000`). */
export interface SeedOptions { flags: Record<string, string | boolean> }

/** Declares a plugin. Importing a plugin has no side effects: the kernel reads this object. */
export function definePlugin<C extends TSchema = TSchema> (manifest: PluginManifest<C>): PluginManifest<C> {
  return Object.freeze({ ...manifest })
}
