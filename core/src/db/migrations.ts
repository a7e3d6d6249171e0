import { readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Knex } from 'knex'
import { BootError, BootErrorCode } from '../errors.js'

/** One owner of migrations: the kernel (`core`) or a plugin, with its folder. */
export interface MigrationOwner { name: string, folder: URL | string }

/** Where an owner stands: applied and pending migration names. */
export interface MigrationStatus { owner: string, applied: string[], pending: string[] }

const migrationFile = /^\d{8,14}_[a-z0-9_]+\.(ts|js|mjs)$/

/** Each owner tracks its migrations in its own table, so two plugins can never collide. */
export function migrationTable (owner: string): string {
  return `comptoir_migrations_${owner.replace(/-/g, '_')}`
}

function folderPath (folder: URL | string): string {
  return folder instanceof URL ? fileURLToPath(folder) : path.resolve(folder)
}

/** Reads a folder of migrations; a migration's name drops its extension, so source and build agree. */
class FolderSource implements Knex.MigrationSource<string> {
  constructor (private readonly dir: string) {}
  async getMigrations (): Promise<string[]> {
    const files = readdirSync(this.dir).filter((f) => migrationFile.test(f) && !f.endsWith('.d.ts'))
    return [...new Map(files.map((f) => [f.replace(/\.(ts|js|mjs)$/, ''), f])).values()].sort()
  }

  getMigrationName (file: string): string { return file.replace(/\.(ts|js|mjs)$/, '') }
  async getMigration (file: string): Promise<Knex.Migration> {
    const module = await import(pathToFileURL(path.join(this.dir, file)).href) as Knex.Migration & { default?: Knex.Migration }
    return typeof module.up === 'function' ? module : (module.default as Knex.Migration)
  }
}

function migratorConfig (owner: MigrationOwner): Knex.MigratorConfig {
  return { migrationSource: new FolderSource(folderPath(owner.folder)), tableName: migrationTable(owner.name) }
}

/** Applied and pending migrations of each owner. */
export async function migrationStatus (knex: Knex, owners: readonly MigrationOwner[]): Promise<MigrationStatus[]> {
  const result: MigrationStatus[] = []
  for (const owner of owners) {
    const [applied, pending] = await knex.migrate.list(migratorConfig(owner)) as [Array<{ name: string }>, string[]]
    result.push({ owner: owner.name, applied: applied.map((m) => m.name), pending: pending.map((f) => f.replace(/\.(ts|js|mjs)$/, '')) })
  }
  return result
}

/**
 * Applies pending migrations owner by owner, in the order given (dependency order).
 * A failure stops at once with a BootError naming the owner and the migration.
 */
export async function migrateUp (knex: Knex, owners: readonly MigrationOwner[], onApplied: (owner: string, names: string[]) => void = () => {}): Promise<void> {
  for (const owner of owners) {
    try {
      const [, names] = await knex.migrate.latest(migratorConfig(owner)) as [number, string[]]
      if (names.length > 0) onApplied(owner.name, names)
    } catch (error) {
      const reason = (error as Error).message.split('\n')[0]
      throw new BootError(BootErrorCode.migrationFailed, `A migration of plugin '${owner.name}' failed (${reason}): fix the migration, then run \`comptoir migrate up\`.`, { plugin: owner.name, cause: error })
    }
  }
}

/** Rolls back the last batch of each owner, in reverse dependency order. */
export async function migrateDown (knex: Knex, owners: readonly MigrationOwner[], onReverted: (owner: string, names: string[]) => void = () => {}): Promise<void> {
  for (const owner of [...owners].reverse()) {
    const [, names] = await knex.migrate.rollback(migratorConfig(owner)) as [number, string[]]
    if (names.length > 0) onReverted(owner.name, names)
  }
}
