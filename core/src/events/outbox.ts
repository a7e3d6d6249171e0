import type { Knex } from 'knex'
import type { Actor, Db } from '../context.js'

const table = 'comptoir_outbox'

/** An outbox row the relay read. */
export interface OutboxRow {
  id: string
  name: string
  payload: unknown
  occurred_at: Date
  request_id: string | null
  actor: Actor | null
}

/** Writes an event through the caller's handle: it commits (or rolls back) with the caller's transaction. */
export async function insertEvent (db: Db, event: { id: string, name: string, payload: unknown, requestId: string | null, actor: Actor | null }): Promise<void> {
  await db(table).insert({
    id: event.id,
    name: event.name,
    payload: JSON.stringify(event.payload ?? null),
    request_id: event.requestId,
    actor: event.actor == null ? null : JSON.stringify(event.actor),
  })
}

/**
 * Locks up to `limit` undispatched events, oldest first. SKIP LOCKED: relays in other processes
 * take the next rows instead of waiting, and never relay the same row at the same time.
 */
export async function lockPendingEvents (trx: Knex.Transaction, limit: number): Promise<OutboxRow[]> {
  return await trx(table).whereNull('dispatched_at')
    .select('id', 'name', 'payload', 'occurred_at', 'request_id', 'actor')
    .orderBy([{ column: 'occurred_at' }, { column: 'id' }]).limit(limit)
    .forUpdate().skipLocked() as OutboxRow[]
}

/** Marks events relayed, in the transaction that locked them. */
export async function markDispatched (trx: Knex.Transaction, ids: readonly string[]): Promise<void> {
  await trx(table).whereIn('id', ids).update({ dispatched_at: trx.raw('now()') })
}

/** Deletes relayed events older than `retentionMs`, in batches; resolves to the count. */
export async function purgeDispatchedEvents (db: Db, retentionMs: number, batch = 5000): Promise<number> {
  let total = 0
  for (;;) {
    const deleted = await db(table).whereIn('id', db(table).select('id')
      .where('dispatched_at', '<', db.raw("now() - (? * interval '1 millisecond')", [retentionMs])).limit(batch)).delete()
    total += deleted
    if (deleted < batch) return total
  }
}
