import { createRequire } from 'node:module'
import type { Knex } from 'knex'

const require = createRequire(import.meta.url)

interface QueryObject { method?: string }

/**
 * The Knex client class for PGlite, loaded on first use (a store on PostgreSQL never loads
 * knex-pglite). knex-pglite closes the PGlite instance when Knex is destroyed. A test file shares
 * one instance between several Knex handles (one schema each), so the instance's owner closes it, not Knex.
 */
export function sharedPGliteClient (): new (config: Knex.Config) => Knex.Client {
  // knex-pglite is CommonJS and ships no usable types for its class.
  const ClientPGLite = require('knex-pglite') as new (config: Knex.Config) => Knex.Client
  return class SharedPGliteClient extends ClientPGLite {
    override async destroyRawConnection (): Promise<void> {}

    // knex-pglite reports `del` as a "DEL" command, so knex's pg dialect returns no row count for
    // deletes; name it DELETE so `.del()` returns the count, as on PostgreSQL.
    processResponse (obj: QueryObject, runner: unknown): unknown {
      const fixed = obj.method === 'del' ? { ...obj, method: 'delete' } : obj
      return (ClientPGLite.prototype as unknown as { processResponse: (o: unknown, r: unknown) => unknown }).processResponse.call(this, fixed, runner)
    }
  }
}
