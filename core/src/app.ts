import { randomUUID } from 'node:crypto'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { Redis } from 'ioredis'
import type { KernelConfig, StoreConfig } from './config.js'
import { createKernelContainer, registerPluginServices, type Container, type Cradle } from './container.js'
import type { Actor, Ctx } from './context.js'
import { openDatabase, type Database } from './db/connect.js'
import { migrateUp, migrationStatus, type MigrationOwner } from './db/migrations.js'
import { BootError, BootErrorCode } from './errors.js'
import { installResponseObservers } from './http/response-observers.js'
import { installHttpCache } from './http/http-cache.js'
import { installHealthRoutes } from './http/health.js'
import { installOpenApi } from './http/openapi.js'
import { installProblemHandlers, sendFrameworkError } from './http/problem.js'
import { writeClientError } from './http/client-errors.js'
import { installUnsafeTextCheck } from './http/unsafe-text.js'
import { installSecurity } from './http/security.js'
import { validatorCompiler } from './http/validation.js'
import { buildLazySerializer } from './http/lazy-serializers.js'
import { resolveStore, withEnv } from './plugins/load.js'
import { coreVersion } from './version.js'
import type { KernelParts, LoadedPlugin } from './kernel/parts.js'
import { installAuth } from './auth/install.js'
import { installIdempotency } from './http/idempotency.js'
import { installAudit } from './audit/install.js'
import { installSettings } from './settings/install.js'
import { installJobs } from './jobs/install.js'
import { installEvents } from './events/install.js'
import { createPersonalDataService } from './personal-data/service.js'
import { registerKernelValue } from './container.js'

export { coreVersion } from './version.js'

/** The kernel's own migrations, tracked like a plugin's under the name `core`. */
export const coreMigrations: MigrationOwner = { name: 'core', folder: new URL('./migrations/', import.meta.url) }

export type { LoadedPlugin } from './kernel/parts.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The unit of work of this request: pass it to every service call. */
    ctx: Ctx
  }
  interface FastifyInstance {
    /** The container's cradle: `const { inventory } = app.services`. */
    services: Cradle
    container: Container
    comptoir: {
      config: KernelConfig
      plugins: readonly LoadedPlugin[]
      database: Database
      redis: Redis | null
      /** The store config's own seed function, if any. */
      storeSeed: StoreConfig['seed'] | undefined
      /** A ctx for work outside a request (CLI, seeds, jobs). */
      systemCtx: (actor?: Actor) => Ctx
    }
  }
  interface FastifyContextConfig {
    /** Permission an admin route requires (`catalog:write`). */
    permission?: string
    /** Opt a POST route in to Idempotency-Key handling; 'required' makes the header mandatory. */
    idempotent?: boolean | 'required'
    /**
     * The handler's service claims the key in its first transaction and stores the response in its
     * last (`ctx.idempotency`), so the key costs no commit of its own. Without a key, nothing changes.
     */
    idempotencyInTransaction?: boolean
    /** Marks login-like routes for the stricter rate limit. */
    auth?: boolean
  }
}

export interface BuildAppOptions {
  /** Store configuration (plugins and kernel settings); environment variables are read on top unless `env` is false. */
  config?: StoreConfig
  /** Read PORT, DATABASE_URL, … from process.env (default true). */
  env?: boolean
  /** A database the caller opened and will close (tests). Default: open the configured one. */
  database?: Database
  /** Apply pending migrations at boot. Default: `database.autoMigrate`, else yes on embedded only. */
  migrate?: boolean
  /** Fastify logger options; default from config.log. */
  logger?: FastifyServerOptions['logger']
  /** Process jobs and deliver events in this process (default true). */
  runJobs?: boolean
  /** Serve HTTP routes (default true; `comptoir worker` sets false). */
  serveHttp?: boolean
}

function loggerOptions (config: KernelConfig): FastifyServerOptions['logger'] {
  return {
    level: config.log.level,
    redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["stripe-signature"]', 'req.headers["x-api-key"]', 'req.headers["x-cart-token"]'],
    ...(config.log.pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' } } } : {}),
  }
}

/**
 * Builds a store: checks and orders the plugins, opens the database, applies or checks
 * migrations, fills the container and mounts every plugin's routes. Resolves once ready;
 * any boot failure rejects with one BootError naming the plugin and the cause.
 */
export async function buildApp (options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const storeConfig = withEnv(options.config ?? {}, options.env !== false)
  const { kernel: config, plugins } = resolveStore(storeConfig)

  const database = options.database ?? await openDatabase(config.database)
  const ownsDatabase = options.database == null
  let redis: Redis | null = null
  try {
    await applyOrCheckMigrations(database, plugins, options.migrate ?? config.database.autoMigrate ?? database.engine === 'embedded')
    if (config.redis.url != null) {
      redis = new Redis(config.redis.url, { maxRetriesPerRequest: null, enableOfflineQueue: false, lazyConnect: true })
      redis.on('error', () => {}) // readiness reports it; ioredis reconnects on its own
      await redis.connect().catch(() => {})
    }
    return await assemble({ config, storeSeed: storeConfig.seed, plugins, database, ownsDatabase, redis, logger: options.logger ?? loggerOptions(config), runJobs: options.runJobs ?? true, serveHttp: options.serveHttp ?? true })
  } catch (error) {
    redis?.disconnect()
    if (ownsDatabase) await database.close()
    throw error
  }
}

const kernelPaths = ['/admin', '/store', '/hooks', '/docs', '/openapi.json', '/health']

/** A plugin's `web` routes serve browser pages; the API's paths stay the kernel's. */
function checkWebRoute (plugin: string, url: string): void {
  if (url === '/' || url === '' || kernelPaths.some((p) => url === p || url.startsWith(`${p}/`) || url.startsWith(`${p}*`))) {
    throw new BootError(BootErrorCode.invalidPlugin, `Plugin '${plugin}' declares web route ${url}, a path the kernel serves: mount it under its own path (like /app).`, { plugin })
  }
}

/** Every owner of migrations in dependency order, the kernel first. */
export function migrationOwners (plugins: readonly LoadedPlugin[]): MigrationOwner[] {
  return [coreMigrations, ...plugins.flatMap(({ manifest }) => manifest.migrations != null ? [{ name: manifest.name, folder: manifest.migrations }] : [])]
}

async function applyOrCheckMigrations (database: Database, plugins: readonly LoadedPlugin[], migrate: boolean): Promise<void> {
  const owners = migrationOwners(plugins)
  if (migrate) return await migrateUp(database.knex, owners)
  const pending = (await migrationStatus(database.knex, owners)).filter((s) => s.pending.length > 0)
  if (pending.length > 0) {
    const list = pending.map((s) => `${s.owner} (${s.pending.length})`).join(', ')
    throw new BootError(BootErrorCode.pendingMigrations, `Pending migrations for ${list}: run \`comptoir migrate up\`, or start with --migrate (COMPTOIR_AUTO_MIGRATE=true).`, { plugin: pending[0]?.owner })
  }
}

interface AssembleInput {
  config: KernelConfig
  storeSeed: StoreConfig['seed']
  plugins: LoadedPlugin[]
  database: Database
  ownsDatabase: boolean
  redis: Redis | null
  logger: FastifyServerOptions['logger']
  runJobs: boolean
  serveHttp: boolean
}

async function assemble ({ config, storeSeed, plugins, database, ownsDatabase, redis, logger, runJobs, serveHttp }: AssembleInput): Promise<FastifyInstance> {
  const app = Fastify({
    logger,
    bodyLimit: config.http.bodyLimit,
    trustProxy: config.http.trustProxy,
    requestIdHeader: 'x-request-id',
    // Accept a caller's request id only when it is short and plain, so logs stay trustworthy.
    genReqId: (req) => {
      const given = req.headers['x-request-id']
      return typeof given === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomUUID()
    },
    // Params are bounded by their schemas (handles and job ids up to 255 characters, maybe
    // percent-encoded); past this the router answers 414 CORE_URI_TOO_LONG.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1024 },
    // Errors raised before any route runs are problem+json too (router, Node's HTTP parser).
    frameworkErrors: sendFrameworkError,
    clientErrorHandler: writeClientError,
    schemaController: { compilersFactory: { buildSerializer: buildLazySerializer } },
  })
  app.setValidatorCompiler(validatorCompiler)

  const container = createKernelContainer({ db: database.knex, config, log: app.log })
  const systemCtx = (actor: Actor | null = null): Ctx => ({ db: database.knex, actor, requestId: `system-${randomUUID()}`, log: app.log })
  app.decorate('container', container)
  app.decorate('services', { getter: () => container.cradle })
  app.decorate('comptoir', { config, plugins, database, redis, systemCtx, storeSeed })
  app.decorateRequest('ctx', null as unknown as Ctx)
  // Callback style, not async: this runs on every request and a promise per hook costs.
  app.addHook('onRequest', (request, reply, done) => {
    request.ctx = { db: database.knex, actor: null, requestId: request.id, log: request.log }
    reply.header('x-request-id', request.id)
    done()
  })

  installProblemHandlers(app)
  installUnsafeTextCheck(app)
  installHttpCache(app, config.http.storefrontCache)
  await installSecurity(app, config.http, redis)
  await installOpenApi(app, { title: config.store.name, version: coreVersion, docs: config.http.docs })
  installHealthRoutes(app, { db: database.knex, redis })

  const readyHooks: Array<() => Promise<void>> = []
  const closeHooks: Array<() => Promise<void>> = []
  const parts: KernelParts = {
    app, config, plugins, container, database, redis, runJobs, serveHttp,
    onReady: (fn) => { readyHooks.push(fn) },
    onClose: (fn) => { closeHooks.push(fn) },
  }
  // Order matters: the actor is known before idempotency and audit hooks run.
  await installAuth(parts)
  await installIdempotency(parts)
  await installAudit(parts)
  await installSettings(parts)
  await installJobs(parts)
  await installEvents(parts)
  registerKernelValue(container, 'personalData', createPersonalDataService(plugins))
  registerKernelValue(container, 'httpObservers', installResponseObservers(app, parts.onClose))

  for (const { manifest, config: pluginConfig } of plugins) {
    try {
      registerPluginServices(container, manifest, pluginConfig, app.log)
    } catch (error) {
      if (error instanceof BootError) throw error
      throw new BootError(BootErrorCode.invalidPlugin, `Plugin '${manifest.name}' could not register its services (${(error as Error).message}).`, { plugin: manifest.name, cause: error })
    }
  }
  for (const { manifest, config: pluginConfig } of plugins) {
    if (manifest.onBoot == null) continue
    try {
      await manifest.onBoot(container.cradle, { name: manifest.name, config: pluginConfig, log: app.log.child({ plugin: manifest.name }) })
    } catch (error) {
      throw new BootError(BootErrorCode.invalidPlugin, `Plugin '${manifest.name}' failed in onBoot (${(error as Error).message}).`, { plugin: manifest.name, cause: error })
    }
  }
  for (const { manifest, config: pluginConfig } of plugins) {
    for (const surface of ['store', 'admin', 'hooks', 'web'] as const) {
      const routes = manifest.routes?.[surface]
      if (routes == null) continue
      // Each surface of each plugin is its own encapsulated context; a throw names the plugin.
      await app.register(async (scope) => {
        if (surface === 'web') scope.addHook('onRoute', (route) => { checkWebRoute(manifest.name, route.url) })
        try {
          await routes(scope, { config: pluginConfig })
        } catch (error) {
          throw new BootError(BootErrorCode.invalidPlugin, `Plugin '${manifest.name}' failed to register its ${surface} routes (${(error as Error).message}).`, { plugin: manifest.name, cause: error })
        }
      }, { prefix: surface === 'web' ? '' : `/${surface}` })
    }
  }

  app.addHook('onReady', async () => {
    for (const fn of readyHooks) await fn()
  })
  app.addHook('onClose', async () => {
    for (const fn of closeHooks.reverse()) await fn()
    await container.dispose()
    redis?.disconnect()
    if (ownsDatabase) await database.close()
  })
  await app.ready()
  return app
}
