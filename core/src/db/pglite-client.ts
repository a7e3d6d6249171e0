import { createRequire } from 'node:module'
import type { Knex } from 'knex'

const require = createRequire(import.meta.url)
// knex-pglite is CommonJS and ships no usable types for its class.
const ClientPGLite = require('knex-pglite') as new (config: Knex.Config) => Knex.Client

/**
 * knex-pglite closes the PGlite instance when Knex is destroyed. A test file shares one instance
 * between several Knex handles (one schema each), so the instance's owner closes it, not Knex.
 */
export class SharedPGliteClient extends ClientPGLite {
  override async destroyRawConnection (): Promise<void> {}
}
