/**
 * @comptoir/core/testing: what plugin tests need to run against real engines.
 * Each test gets its own database state, gone on teardown. PostgreSQL and Redis must be up:
 * a missing service fails the test (never skips), so CI cannot go green without them.
 */
import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { PGlite } from '@electric-sql/pglite'
import type { Knex } from 'knex'
import { buildApp, migrationOwners, type BuildAppOptions } from '../app.js'
import type { StoreConfig } from '../config.js'
import { knexOnPGlite, knexOnPostgres, type Database, type DatabaseEngine } from '../db/connect.js'
import { migrateUp, type MigrationOwner } from '../db/migrations.js'
import { resolveStore, withEnv } from '../plugins/load.js'
import { createMigratedPool, type MigratedStore } from './migrated-pool.js'
import { openTestPGlite } from './pglite-snapshot.js'
import { createPostgresTemplates, testSchema, withDatabase } from './postgres-templates.js'

/** The minimal slice of a tap test the helpers use. */
export interface TestLike {
  teardown: (fn: () => unknown) => void
}

/** Engines to run a suite on: both by default; COMPTOIR_TEST_ENGINES=embedded (or postgres) narrows it. */
export function testEngines (): DatabaseEngine[] {
  const wanted = process.env.COMPTOIR_TEST_ENGINES
  if (wanted == null || wanted === '') return ['embedded', 'postgres']
  return wanted.split(',').map((e) => e.trim()).filter((e): e is DatabaseEngine => e === 'embedded' || e === 'postgres')
}

/** PostgreSQL that tests use (a schema each): COMPTOIR_TEST_DATABASE_URL, else the local `test` database. */
export function testPostgresUrl (): string {
  return process.env.COMPTOIR_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
}

/**
 * Where a test database lives, for a second client or a child process: the PostgreSQL URL of
 * its database and its schema (a test app's database is a clone of its own, not `test`).
 */
export async function connectionOf (knex: Knex): Promise<{ url: string, schema: string }> {
  const { rows: [row] } = await knex.raw('select current_database() as database, current_schema() as schema') as { rows: Array<{ database: string, schema: string }> }
  return { url: withDatabase(testPostgresUrl(), row!.database), schema: row!.schema }
}

/** Redis that tests use: COMPTOIR_TEST_REDIS_URL, else the local server. */
export function testRedisUrl (): string {
  return process.env.COMPTOIR_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
}

/** A fresh name for a schema, queue prefix or folder. */
export function uniqueName (prefix = 't'): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`
}

/**
 * Test databases for one test file. Embedded: one PGlite instance for the file (it takes
 * seconds to start), a schema per test. PostgreSQL: a schema per `open`, a database per app.
 * A test app starts already migrated, from a pool of migrated stores emptied between apps
 * (migrated-pool.ts); on PostgreSQL each is a clone of a migrated template database
 * (postgres-templates.ts), so no test file replays the migrations. Call once at the top of
 * the file with the root `t`.
 */
export function createTestDatabases (root: TestLike) {
  let pglite: Promise<PGlite> | null = null
  let pglitePool: ReturnType<typeof createMigratedPool> | null = null
  let postgresPool: ReturnType<typeof createMigratedPool> | null = null
  let admin: Knex | null = null
  const templates = createPostgresTemplates(testPostgresUrl())
  root.teardown(async () => {
    await Promise.allSettled([pglitePool?.close(), postgresPool?.close()])
    await templates.close()
    await admin?.destroy()
    if (pglite != null) await (await pglite).close()
  })

  async function postgresAdmin (): Promise<Knex> {
    if (admin != null) return admin
    const knex = knexOnPostgres(testPostgresUrl(), { poolMax: 2 })
    try {
      await knex.raw('select 1')
    } catch (error) {
      await knex.destroy()
      throw new Error(`PostgreSQL is not reachable at ${testPostgresUrl()} (${(error as Error).message}); start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`)
    }
    // Extensions live in public, shared by every test schema; the lock serialises test files.
    await knex.transaction(async (trx) => {
      await trx.raw('select pg_advisory_xact_lock(7262201)')
      await trx.raw('create extension if not exists pg_trgm with schema public')
    })
    admin = knex
    return knex
  }

  /** Creates a fresh schema and a Knex handle on it; `drop` destroys the handle and the schema. */
  async function openSchema (engine: DatabaseEngine): Promise<{ database: Database, drop: () => Promise<void> }> {
    const schema = uniqueName('t')
    if (engine === 'embedded') {
      pglite ??= openTestPGlite()
      const instance = await pglite
      await instance.exec(`create schema "${schema}"`)
      const knex = knexOnPGlite(instance, [schema, 'public'])
      return {
        database: { knex, engine, close: async () => await knex.destroy() },
        drop: async () => { await knex.destroy(); await instance.exec(`drop schema "${schema}" cascade`) },
      }
    }
    const pg = await postgresAdmin()
    await pg.raw('create schema ??', [schema])
    const knex = knexOnPostgres(testPostgresUrl(), { poolMax: 10, searchPath: [schema, 'public'] })
    return {
      database: { knex, engine, close: async () => await knex.destroy() },
      drop: async () => { await knex.destroy(); await pg.raw('drop schema ?? cascade', [schema]) },
    }
  }

  /** A database already holding the owners' migrated schema; `drop` hands it back to the pool. */
  async function openMigrated (engine: DatabaseEngine, owners: readonly MigrationOwner[]): Promise<{ database: Database, drop: () => Promise<void> }> {
    const pool = engine === 'embedded' ? (pglitePool ??= createMigratedPool(createPGliteStore)) : (postgresPool ??= createMigratedPool(createPostgresStore))
    const { store, release } = await pool.acquire(owners)
    const knex = store.connect()
    return {
      database: { knex, engine, close: async () => await knex.destroy() },
      drop: async () => { await knex.destroy(); await release() },
    }
  }

  /** A schema of the file's PGlite instance, migrated. */
  async function createPGliteStore (owners: readonly MigrationOwner[]): Promise<MigratedStore> {
    pglite ??= openTestPGlite()
    const instance = await pglite
    const schema = uniqueName('t')
    await instance.exec(`create schema "${schema}"`)
    const store = { schema, connect: () => knexOnPGlite(instance, [schema, 'public']), destroy: async () => { await instance.exec(`drop schema "${schema}" cascade`) } }
    const knex = store.connect()
    try {
      await migrateUp(knex, owners)
    } catch (error) {
      await store.destroy()
      throw error
    } finally {
      await knex.destroy()
    }
    return store
  }

  /** A PostgreSQL database cloned from the owners' migrated template. */
  async function createPostgresStore (owners: readonly MigrationOwner[], key: string): Promise<MigratedStore> {
    const { url, drop } = await templates.clone(owners, key)
    return { schema: testSchema, connect: () => knexOnPostgres(url, { poolMax: 10, searchPath: [testSchema, 'public'] }), destroy: drop }
  }

  /** Opens a database on a fresh schema, dropped when `t` ends. The test owns it. */
  async function open (t: TestLike, engine: DatabaseEngine): Promise<Database> {
    const { database, drop } = await openSchema(engine)
    t.teardown(drop)
    return database
  }

  /**
   * Builds an app on a fresh schema of `engine` with the given store config; closed when `t` ends.
   * Environment variables are not read: the test states its configuration.
   */
  async function app (t: TestLike, engine: DatabaseEngine, config: StoreConfig = {}, options: Omit<BuildAppOptions, 'config' | 'database'> = {}): Promise<FastifyInstance> {
    const owners = options.migrate === false ? null : ownersOf(withEnv(config, options.env ?? false))
    // A store whose migrations fail gets a bare schema, so boot reports the failure as it would.
    const { database, drop } = (owners != null ? await openMigrated(engine, owners).catch(() => null) : null) ?? await openSchema(engine)
    let built: FastifyInstance
    try {
      built = await buildApp({ env: false, migrate: true, logger: false, ...options, config, database })
    } catch (error) {
      await drop()
      throw error
    }
    // One teardown, in order: the app first (it may still flush to the database), then the schema.
    t.teardown(async () => { await built.close(); await drop() })
    return built
  }

  return { open, app }
}

/** The migration owners a store config boots with, or null when boot would refuse the config. */
function ownersOf (config: StoreConfig): MigrationOwner[] | null {
  try {
    return migrationOwners(resolveStore(config).plugins)
  } catch {
    return null
  }
}

export { drainEvents, emittedEvents, type DrainResult } from './drain.js'
export { createPluginTestApp, type PluginTestApp, type PluginTestAppOptions, type PluginTestLike } from './harness.js'
export {
  createAdminSession, createCustomerSession, createProduct, createTestLocation, setStock, createTestShippingOption, createCart, checkoutCart, testAddress,
  type Headers, type ProductInput,
} from './factories.js'
