import type { Knex } from 'knex'
import type { Ctx } from '../context.js'

function isTransaction (db: Ctx['db']): db is Knex.Transaction {
  return (db as Knex.Transaction).isTransaction === true
}

/**
 * Runs `fn` in a transaction: joins the one `ctx.db` already holds, else opens one on it.
 * The callback gets a ctx whose `db` is the transaction; pass that one down.
 */
export async function inTransaction<T> (ctx: Ctx, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  if (isTransaction(ctx.db)) return await fn(ctx)
  return await ctx.db.transaction(async (trx) => await fn({ ...ctx, db: trx }))
}

/** True when the error is PostgreSQL's unique violation on the named constraint (or any, without a name). */
export function isUniqueViolation (error: unknown, constraint?: string): boolean {
  const e = error as { code?: string, constraint?: string } | null
  return e?.code === '23505' && (constraint == null || e.constraint === constraint)
}

/** True when the error is PostgreSQL's check violation on the named constraint (or any). */
export function isCheckViolation (error: unknown, constraint?: string): boolean {
  const e = error as { code?: string, constraint?: string } | null
  return e?.code === '23514' && (constraint == null || e.constraint === constraint)
}
