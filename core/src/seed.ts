import type { FastifyInstance } from 'fastify'
import { systemActor } from './context.js'
import { inTransaction } from './db/transaction.js'

const seededKey = 'seeded'

/** True once demo data was seeded into this database. */
export async function isSeeded (app: FastifyInstance): Promise<boolean> {
  const row = await app.comptoir.database.knex('comptoir_state').where({ key: seededKey }).first() as unknown
  return row != null
}

/**
 * Runs every plugin's `seed`, in dependency order, then the store config's own seed, in one
 * transaction, and records it. With `onlyIfEmpty`, a database seeded before is left alone.
 */
export async function runSeed (app: FastifyInstance, options: { onlyIfEmpty?: boolean, progress?: (message: string) => void, flags?: Record<string, string | boolean> } = {}): Promise<boolean> {
  if (options.onlyIfEmpty === true && await isSeeded(app)) return false
  const { plugins, storeSeed } = app.comptoir
  await inTransaction(app.comptoir.systemCtx(systemActor), async (ctx) => {
    for (const { manifest } of plugins) {
      if (manifest.seed == null) continue
      options.progress?.(`seeding ${manifest.name}`)
      await manifest.seed(ctx, app, { flags: options.flags ?? {} })
    }
    if (storeSeed != null) {
      options.progress?.('seeding the store')
      await storeSeed(ctx, app)
    }
    await ctx.db('comptoir_state').insert({ key: seededKey, value: JSON.stringify({ at: new Date().toISOString() }) })
      .onConflict('key').merge()
  })
  return true
}
