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
}

/** The actor used by jobs, subscribers and the CLI. */
export const systemActor: Actor = Object.freeze({ type: 'system', id: 'system', permissions: Object.freeze(['*']) })
