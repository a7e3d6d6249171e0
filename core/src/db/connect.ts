import { mkdirSync } from 'node:fs'
import path from 'node:path'
import knexFactory, { type Knex } from 'knex'
import pg from 'pg'
import type { PGlite } from '@electric-sql/pglite'
import { lockDataDir, type DataDirLock } from './data-dir-lock.js'
import { sharedPGliteClient } from './pglite-client.js'
import type { KernelConfig } from '../config.js'
import { BootError, BootErrorCode } from '../errors.js'

/** Which engine a database handle runs on. */
export type DatabaseEngine = 'postgres' | 'embedded'

/** A database the kernel opened, and how to close it. */
export interface Database {
  knex: Knex
  engine: DatabaseEngine
  close: () => Promise<void>
}

// bigint (int8) columns hold money in minor units; parse them as numbers, which are exact up to 2^53.
pg.types.setTypeParser(20, (value: string) => Number(value))

/** Opens an embedded PGlite instance with the extensions the plugins rely on (pg_trgm). */
export async function openPGlite (dataDir: string): Promise<PGlite> {
  const dir = dataDir === 'memory:' ? undefined : path.resolve(dataDir)
  if (dir != null) mkdirSync(dir, { recursive: true })
  // Loaded here, not at the top: a store on PostgreSQL never loads the embedded engine.
  const [{ PGlite }, { pg_trgm }] = await Promise.all([import('@electric-sql/pglite'), import('@electric-sql/pglite/contrib/pg_trgm')])
  const instance = await PGlite.create(dir, { extensions: { pg_trgm } })
  return instance
}

/** Wraps a PGlite instance in Knex. The caller keeps ownership of the instance. */
export function knexOnPGlite (instance: PGlite, searchPath?: string[]): Knex {
  return knexFactory({
    client: sharedPGliteClient() as unknown as typeof knexFactory.Client,
    dialect: 'postgres',
    connection: () => ({ pglite: instance }) as object,
    searchPath,
  } as Knex.Config)
}

/** Opens a PostgreSQL pool through pg. */
export function knexOnPostgres (url: string, options: { poolMax?: number, searchPath?: string[] } = {}): Knex {
  return knexFactory({
    client: 'pg',
    connection: url,
    pool: { min: 0, max: options.poolMax ?? 10 },
    searchPath: options.searchPath,
    acquireConnectionTimeout: 15000,
  })
}

/** Opens the database the config names: PostgreSQL with a URL, else embedded PGlite. */
export async function openDatabase (config: KernelConfig['database']): Promise<Database> {
  const searchPath = config.schema != null ? [config.schema, 'public'] : undefined
  if (config.url != null) {
    const knex = knexOnPostgres(config.url, { poolMax: config.poolMax, searchPath })
    await ping(knex, 'PostgreSQL at DATABASE_URL', async () => await knex.destroy())
    if (config.schema != null) await knex.raw('create schema if not exists ??', [config.schema])
    return { knex, engine: 'postgres', close: async () => await knex.destroy() }
  }
  const dir = config.dataDir === 'memory:' ? null : path.resolve(config.dataDir)
  let lock: DataDirLock | null = null
  let instance: PGlite
  try {
    if (dir != null) mkdirSync(dir, { recursive: true })
    // Taken before PGlite reads a file: a second process on the folder would lose its writes.
    if (dir != null) lock = lockDataDir(dir)
    instance = await openPGlite(config.dataDir)
  } catch (error) {
    lock?.release()
    if (error instanceof BootError) throw error
    throw new BootError(BootErrorCode.databaseUnreachable, `The embedded database in '${config.dataDir}' could not be opened (${(error as Error).message}): check the folder's permissions.`, { cause: error })
  }
  try {
    if (config.schema != null) await instance.exec(`create schema if not exists "${config.schema}"`)
  } catch (error) {
    await instance.close()
    lock?.release()
    throw error
  }
  const knex = knexOnPGlite(instance, searchPath)
  return {
    knex,
    engine: 'embedded',
    close: async () => {
      try {
        await knex.destroy()
        await instance.close()
      } finally {
        lock?.release()
      }
    },
  }
}

async function ping (knex: Knex, what: string, cleanup: () => Promise<void>): Promise<void> {
  try {
    await knex.raw('select 1')
  } catch (error) {
    await cleanup()
    throw new BootError(BootErrorCode.databaseUnreachable, `${what} is unreachable (${(error as Error).message}): check DATABASE_URL and that the server is running.`, { cause: error })
  }
}
