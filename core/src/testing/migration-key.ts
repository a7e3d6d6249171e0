import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { MigrationOwner } from '../db/migrations.js'

/**
 * Names the schema a list of migration owners produces: their names and order, and every
 * migration file's name and content. Two test apps with the same key can start from the same
 * migrated copy; editing a migration changes the key, so a stale copy is never used.
 */
export function migrationKey (owners: readonly MigrationOwner[]): string {
  const hash = createHash('sha256')
  for (const owner of owners) {
    const dir = owner.folder instanceof URL ? fileURLToPath(owner.folder) : path.resolve(owner.folder)
    hash.update(`owner ${owner.name}\n`)
    for (const file of readdirSync(dir).sort()) {
      if (!/\.(ts|js|mjs)$/.test(file) || file.endsWith('.d.ts')) continue
      hash.update(`${file}\n`).update(readFileSync(path.join(dir, file)))
    }
  }
  return hash.digest('hex').slice(0, 20)
}
