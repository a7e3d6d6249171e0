import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { migrateUp, type MigrationOwner } from '../db/migrations.js'
import { knexOnPostgres } from '../db/connect.js'

/** The schema every test database keeps its tables in (pg_trgm stays in public, as in production). */
export const testSchema = 'store'

const templatePrefix = 'comptoir_tpl_'
const clonePrefix = 'comptoir_t_'
const staleCloneMs = 2 * 3600_000 // a clone this old belongs to a test run that died
const staleTemplateMs = 3 * 24 * 3600_000 // a template this old is rebuilt on next use

/** A database cloned from a migrated template, and how to drop it. */
export interface ClonedDatabase { url: string, drop: () => Promise<void> }

/**
 * Migrated PostgreSQL templates, one per migration key, shared by every test file of every run
 * on the server: a test app gets `CREATE DATABASE … TEMPLATE` (a file copy) instead of replaying
 * each plugin's migrations. A template is built once, under an advisory lock, and marked
 * `is_template` only when complete, so a half-built one is never cloned.
 */
export function createPostgresTemplates (serverUrl: string) {
  let admin: Promise<pg.Pool> | null = null
  const templates = new Map<string, Promise<string>>()

  async function connectAdmin (): Promise<pg.Pool> {
    // A few connections: a clone is not held up behind the previous test's drop.
    const pool = new pg.Pool({ connectionString: serverUrl, max: 3 })
    pool.on('error', () => {}) // a server restart surfaces on the next query
    await sweep(pool)
    return pool
  }

  async function templateFor (key: string, owners: readonly MigrationOwner[]): Promise<string> {
    let name = templates.get(key)
    if (name == null) {
      name = buildTemplate(key, owners)
      templates.set(key, name)
      name.catch(() => templates.delete(key))
    }
    return await name
  }

  async function buildTemplate (key: string, owners: readonly MigrationOwner[]): Promise<string> {
    const client = await (await (admin ??= connectAdmin())).connect()
    const lock = BigInt.asIntN(64, BigInt(`0x${key.slice(0, 16)}`)).toString()
    await client.query('select pg_advisory_lock($1)', [lock])
    try {
      const { rows } = await client.query<{ datname: string, datistemplate: boolean }>('select datname, datistemplate from pg_database where datname like $1', [`${templatePrefix}${key}_%`])
      const ready = rows.find((r) => r.datistemplate)
      if (ready != null) return ready.datname
      for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`) // a build that died
      const name = `${templatePrefix}${key}_${Date.now().toString(36)}`
      await client.query(`create database "${name}"`)
      const knex = knexOnPostgres(withDatabase(serverUrl, name), { poolMax: 1, searchPath: [testSchema, 'public'] })
      try {
        await knex.raw('create extension if not exists pg_trgm with schema public')
        await knex.raw('create schema ??', [testSchema])
        await migrateUp(knex, owners)
      } finally {
        await knex.destroy()
      }
      // No connections: a connected template cannot be cloned.
      await client.query(`alter database "${name}" with is_template true allow_connections false`)
      return name
    } finally {
      await client.query('select pg_advisory_unlock($1)', [lock]).finally(() => client.release())
    }
  }

  /** A fresh database holding the owners' migrated schema (`key`: their migrationKey); throws if the migrations fail. */
  async function clone (owners: readonly MigrationOwner[], key: string): Promise<ClonedDatabase> {
    const client = await (admin ??= connectAdmin())
    const name = `${clonePrefix}${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`
    const template = await templateFor(key, owners)
    try {
      await client.query(`create database "${name}" template "${template}"`)
    } catch {
      // Another run's sweep may have dropped that template since: look it up (or build it) again.
      templates.delete(key)
      await client.query(`create database "${name}" template "${await templateFor(key, owners)}"`)
    }
    return {
      url: withDatabase(serverUrl, name),
      drop: async () => { await client.query(`drop database if exists "${name}" with (force)`) },
    }
  }

  async function close (): Promise<void> {
    if (admin != null) await (await admin).end()
    admin = null
  }

  return { clone, close }
}

/** The same server URL on another database. */
export function withDatabase (url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

/** Drops clones left by test processes that died, and templates old enough to rebuild. */
async function sweep (client: pg.Pool): Promise<void> {
  const { rows } = await client.query<{ datname: string }>('select datname from pg_database where datname like $1 or datname like $2', [`${clonePrefix}%`, `${templatePrefix}%`])
  const now = Date.now()
  for (const { datname } of rows) {
    const born = Number.parseInt(datname.split('_').at(datname.startsWith(clonePrefix) ? 2 : 3) ?? '', 36)
    const maxAge = datname.startsWith(clonePrefix) ? staleCloneMs : staleTemplateMs
    if (!Number.isFinite(born) || now - born < maxAge) continue
    // Another file may be cloning an old template right now: skip it then, it goes next time.
    await client.query(`alter database "${datname}" with is_template false`).catch(() => {})
    await client.query(`drop database if exists "${datname}" with (force)`).catch(() => {})
  }
}
