import type { Knex } from 'knex'
import type { MigrationOwner } from '../db/migrations.js'
import { migrationKey } from './migration-key.js'
import { baselineOf, resetSchema, signatureOf, type Baseline } from './schema-reset.js'

/** A migrated schema somewhere (a PGlite schema, a cloned PostgreSQL database) the pool can hand out. */
export interface MigratedStore {
  schema: string
  /** A new Knex handle on the store, searching `schema` then public. */
  connect: () => Knex
  /** Removes the store for good. */
  destroy: () => Promise<void>
}

interface Pooled { store: MigratedStore, baseline: Baseline }

/**
 * Migrated stores of one test file, reused between test apps with the same migrations: the
 * first app of a kind pays for a migrated store, the next ones for emptying it (resetSchema).
 * A store whose structure a test changed is destroyed instead of reused.
 */
export function createMigratedPool (create: (owners: readonly MigrationOwner[], key: string) => Promise<MigratedStore>) {
  const free = new Map<string, Pooled[]>()

  async function acquire (owners: readonly MigrationOwner[]): Promise<{ store: MigratedStore, release: () => Promise<void> }> {
    const key = migrationKey(owners)
    const pooled = free.get(key)?.pop() ?? await fresh(owners, key)
    return { store: pooled.store, release: async () => await release(key, pooled) }
  }

  async function fresh (owners: readonly MigrationOwner[], key: string): Promise<Pooled> {
    const store = await create(owners, key)
    try {
      return { store, baseline: await withKnex(store, async (knex) => await baselineOf(knex, store.schema)) }
    } catch (error) {
      await store.destroy()
      throw error
    }
  }

  async function release (key: string, pooled: Pooled): Promise<void> {
    const { store, baseline } = pooled
    const reusable = await withKnex(store, async (knex) => {
      if (await signatureOf(knex, store.schema) !== baseline.signature) return false
      await resetSchema(knex, store.schema, baseline)
      return true
    }).catch(() => false)
    if (!reusable) return await store.destroy()
    free.set(key, [...(free.get(key) ?? []), pooled])
  }

  /** Destroys every store still in the pool. */
  async function close (): Promise<void> {
    const stores = [...free.values()].flat()
    free.clear()
    await Promise.allSettled(stores.map(async ({ store }) => await store.destroy()))
  }

  return { acquire, close }
}

async function withKnex<T> (store: MigratedStore, fn: (knex: Knex) => Promise<T>): Promise<T> {
  const knex = store.connect()
  try {
    return await fn(knex)
  } finally {
    await knex.destroy()
  }
}
