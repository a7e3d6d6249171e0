import Type, { type Static, type TSchema } from 'typebox'
import Value from 'typebox/value'
import { BootError, BootErrorCode } from './errors.js'
import type { FastifyInstance } from 'fastify'
import type { Ctx } from './context.js'
import type { PluginManifest } from './plugins/define-plugin.js'

/** A plugin as listed in comptoir.config.ts: the manifest, or the manifest with its options. */
export type PluginEntry = PluginManifest<any> | readonly [PluginManifest<any>, Record<string, unknown>]

/** The kernel's own settings; every field has a default or an environment variable. */
export const KernelConfig = Type.Object({
  database: Type.Object({
    /** postgres://… uses PostgreSQL through pg; empty uses the embedded PGlite engine. */
    url: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
    /** Folder of the embedded engine's data; `memory:` keeps it in memory. */
    dataDir: Type.String({ default: './.comptoir/data', minLength: 1 }),
    /** Schema the store's tables live in (PostgreSQL search_path); default `public`. */
    schema: Type.Optional(Type.String({ pattern: '^[a-z_][a-z0-9_]{0,62}$' })),
    poolMax: Type.Integer({ minimum: 1, maximum: 200, default: 10 }),
    /** Apply pending migrations at start. Default: yes on the embedded engine, no on PostgreSQL. */
    autoMigrate: Type.Optional(Type.Boolean()),
  }, { default: {}, additionalProperties: false }),
  redis: Type.Object({
    url: Type.Optional(Type.String({ pattern: '^rediss?://' })),
    /** Key prefix of the BullMQ queues (several stores can share one Redis); default `comptoir`. */
    prefix: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' })),
  }, { default: {}, additionalProperties: false }),
  http: Type.Object({
    host: Type.String({ default: '127.0.0.1' }),
    port: Type.Integer({ minimum: 0, maximum: 65535, default: 9000 }),
    bodyLimit: Type.Integer({ minimum: 1024, default: 1048576 }),
    trustProxy: Type.Boolean({ default: false }),
    corsOrigins: Type.Array(Type.String(), { default: [] }),
    rateLimit: Type.Object({
      /** Requests per IP per window on every route. */
      max: Type.Integer({ minimum: 1, default: 1000 }),
      /** Requests per IP per window on routes marked `config: { auth: true }` (logins). */
      authMax: Type.Integer({ minimum: 1, default: 20 }),
      windowMs: Type.Integer({ minimum: 1000, default: 60000 }),
    }, { default: {}, additionalProperties: false }),
    docs: Type.Boolean({ default: true }),
    /** How long an Idempotency-Key's stored response is replayed. */
    idempotencyTtlSeconds: Type.Integer({ minimum: 60, default: 86400 }),
    /** Cache-Control of anonymous storefront reads (routes with `config: { cache: true }`); 0 = revalidate each time (ETag, 304). */
    storefrontCache: Type.Object({
      maxAgeSeconds: Type.Integer({ minimum: 0, maximum: 86400, default: 0 }),
      staleWhileRevalidateSeconds: Type.Integer({ minimum: 0, maximum: 604800, default: 0 }),
    }, { default: {}, additionalProperties: false }),
    /** Lifetime of an admin login session. */
    adminSessionTtlSeconds: Type.Integer({ minimum: 60, maximum: 31622400, default: 43200 }),
  }, { default: {}, additionalProperties: false }),
  log: Type.Object({
    level: Type.Union([Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug'), Type.Literal('trace'), Type.Literal('silent')], { default: 'info' }),
    pretty: Type.Boolean({ default: false }),
  }, { default: {}, additionalProperties: false }),
  store: Type.Object({
    name: Type.String({ default: 'Comptoir store', maxLength: 200 }),
  }, { default: {}, additionalProperties: false }),
}, { additionalProperties: false })
export type KernelConfig = Static<typeof KernelConfig>

/** What comptoir.config.ts exports: kernel settings plus the plugins and their options. */
export interface StoreConfig {
  plugins?: readonly PluginEntry[]
  database?: Partial<KernelConfig['database']>
  redis?: Partial<KernelConfig['redis']>
  http?: Partial<Omit<KernelConfig['http'], 'rateLimit' | 'storefrontCache'>> & { rateLimit?: Partial<KernelConfig['http']['rateLimit']>, storefrontCache?: Partial<KernelConfig['http']['storefrontCache']> }
  log?: Partial<KernelConfig['log']>
  store?: Partial<KernelConfig['store']>
  /** The store's own demo data, run by `comptoir seed` after the plugins' seeds. */
  seed?: (ctx: Ctx, app: FastifyInstance) => Promise<void>
  /** Demo admin credentials the seed creates, printed by `comptoir start` (demo stores only). */
  demo?: { adminEmail: string, adminPassword: string }
}

/** Declares a store's configuration with types; it is validated at boot. */
export function defineConfig (config: StoreConfig): StoreConfig {
  return config
}

/** Reads the environment variables the kernel understands, over the file's values. */
export function configFromEnv (env: NodeJS.ProcessEnv): StoreConfig {
  const http: Record<string, unknown> = {}
  if (env.PORT != null && env.PORT !== '') http.port = Number(env.PORT)
  if (env.HOST != null && env.HOST !== '') http.host = env.HOST
  if (env.CORS_ORIGINS != null && env.CORS_ORIGINS !== '') http.corsOrigins = env.CORS_ORIGINS.split(',').map((o) => o.trim())
  if (env.TRUST_PROXY != null) http.trustProxy = env.TRUST_PROXY === 'true' || env.TRUST_PROXY === '1'
  const database: Record<string, unknown> = {}
  if (env.DATABASE_URL != null && env.DATABASE_URL !== '') database.url = env.DATABASE_URL
  if (env.COMPTOIR_DATA_DIR != null && env.COMPTOIR_DATA_DIR !== '') database.dataDir = env.COMPTOIR_DATA_DIR
  if (env.DATABASE_SCHEMA != null && env.DATABASE_SCHEMA !== '') database.schema = env.DATABASE_SCHEMA
  if (env.DATABASE_POOL_MAX != null && env.DATABASE_POOL_MAX !== '') database.poolMax = Number(env.DATABASE_POOL_MAX)
  if (env.COMPTOIR_AUTO_MIGRATE != null && env.COMPTOIR_AUTO_MIGRATE !== '') database.autoMigrate = env.COMPTOIR_AUTO_MIGRATE === 'true' || env.COMPTOIR_AUTO_MIGRATE === '1'
  const redis: Record<string, unknown> = {}
  if (env.REDIS_URL != null && env.REDIS_URL !== '') redis.url = env.REDIS_URL
  if (env.COMPTOIR_QUEUE_PREFIX != null && env.COMPTOIR_QUEUE_PREFIX !== '') redis.prefix = env.COMPTOIR_QUEUE_PREFIX
  const log: Record<string, unknown> = {}
  if (env.LOG_LEVEL != null && env.LOG_LEVEL !== '') log.level = env.LOG_LEVEL
  if (env.LOG_PRETTY != null && env.LOG_PRETTY !== '') log.pretty = env.LOG_PRETTY === 'true' || env.LOG_PRETTY === '1'
  return { http, database, redis, log } as StoreConfig
}

/** Merges the file's settings under the environment's (the environment wins). */
export function mergeConfig (base: StoreConfig, over: StoreConfig): StoreConfig {
  return {
    ...base,
    ...(over.plugins != null ? { plugins: over.plugins } : {}),
    ...(over.seed != null ? { seed: over.seed } : {}),
    ...(over.demo != null ? { demo: over.demo } : {}),
    database: { ...base.database, ...over.database },
    redis: { ...base.redis, ...over.redis },
    http: { ...base.http, ...over.http, rateLimit: { ...base.http?.rateLimit, ...over.http?.rateLimit }, storefrontCache: { ...base.http?.storefrontCache, ...over.http?.storefrontCache } },
    log: { ...base.log, ...over.log },
    store: { ...base.store, ...over.store },
  }
}

/** Applies defaults and validates; an invalid value stops boot naming the field. */
export function resolveKernelConfig (config: StoreConfig): KernelConfig {
  const { plugins: _plugins, seed: _seed, demo: _demo, ...kernel } = config
  return checkAgainst(KernelConfig, kernel, (path, message) =>
    `The store configuration is invalid at ${path}: ${message}. Fix comptoir.config.ts or the matching environment variable.`)
}

/** Applies a plugin's config defaults and validates its options. */
export function resolvePluginConfig (plugin: PluginManifest<any>, options: unknown): unknown {
  if (plugin.config == null) return options ?? {}
  return checkAgainst(plugin.config, options ?? {}, (path, message) =>
    `Plugin '${plugin.name}' has an invalid config at ${path}: ${message}. Fix its options in comptoir.config.ts.`, plugin.name)
}

function checkAgainst<T extends TSchema> (schema: T, input: unknown, describe: (path: string, message: string) => string, plugin?: string): Static<T> {
  const value = Value.Default(schema, Value.Clone(input))
  const [first] = Value.Errors(schema, value)
  if (first != null) {
    const path = first.instancePath === '' ? '/' : first.instancePath
    throw new BootError(BootErrorCode.invalidConfig, describe(path, unknownOption(schema, first) ?? first.message), { plugin })
  }
  return value as Static<T>
}

/**
 * A key the schema does not declare fails as `additionalProperties: false`, which TypeBox reports
 * as "schema is false": name the key and the ones the object accepts instead (a typo is the usual cause).
 */
function unknownOption (schema: TSchema, issue: { schemaPath: string, instancePath: string }): string | null {
  if (!issue.schemaPath.endsWith('/additionalProperties')) return null
  const steps = issue.schemaPath.replace(/^#\/?/, '').split('/').slice(0, -1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
  let object: unknown = schema
  for (const step of steps) object = (object as Record<string, unknown> | undefined)?.[step]
  const properties = (object as { properties?: Record<string, unknown> } | undefined)?.properties
  if (properties == null) return null
  const key = issue.instancePath.split('/').pop()?.replace(/~1/g, '/').replace(/~0/g, '~') ?? ''
  const known = Object.keys(properties)
  return `unknown option ${key} (known: ${known.length > 0 ? known.join(', ') : 'none'})`
}
