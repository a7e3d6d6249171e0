import type { Knex } from 'knex'
import type { FastifyBaseLogger } from 'fastify'

/** Who is acting: an admin user, an admin API key, a customer, or the system (jobs, CLI). */
export interface Actor {
  type: 'admin' | 'api-key' | 'customer' | 'system'
  id: string
  /** Permissions granted to this actor; `*` grants all. Empty for customers. */
  permissions?: readonly string[]
}

/** The database handle a service works with: the pool, or the transaction it was handed. */
export type Db = Knex | Knex.Transaction

/**
 * What every service call receives first: the current unit of work and who asked.
 * Pass it down unchanged, into other plugins' services too: one request, one transaction.
 */
export interface Ctx {
  db: Db
  actor: Actor | null
  requestId: string
  log: FastifyBaseLogger
  /** Set on routes with `idempotencyInTransaction` when the request carries an Idempotency-Key. */
  idempotency?: IdempotencyScope
}

/**
 * The request's Idempotency-Key, for a service to claim and complete inside its own transactions:
 * the writes, the claim and the stored response commit together, or not at all.
 */
export interface IdempotencyScope {
  /** Claims the key inside `tx` (first thing in the first transaction that writes); a duplicate in flight gets 409. */
  claim: (tx: Ctx) => Promise<void>
  /** Stores `body` as the response (the route's status code and serializer) inside `tx`, the last transaction. */
  complete: (tx: Ctx, body: unknown) => Promise<void>
}

/** The actor used by jobs, subscribers and the CLI. */
export const systemActor: Actor = Object.freeze({ type: 'system', id: 'system', permissions: Object.freeze(['*']) })
