import type { Knex } from 'knex'
import type { Db } from '../context.js'

/**
 * Calls `fn` once `db`'s outermost transaction commits (at once when `db` is the pool);
 * never on rollback. Used to wake a worker or the relay without waiting for its poll.
 */
export function afterCommit (db: Db, fn: () => void): void {
  let trx = db as Knex.Transaction
  if (trx.isTransaction !== true) {
    fn()
    return
  }
  while (trx.parentTransaction != null) trx = trx.parentTransaction
  trx.executionPromise.then(() => fn(), () => {})
}
