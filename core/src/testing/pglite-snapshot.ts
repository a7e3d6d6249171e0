import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'

/**
 * A fresh in-memory PGlite for a test file. initdb takes about 4 s; loading a dump of a freshly
 * initialised cluster takes under 1 s, so the first test file on a machine makes the dump (in the
 * OS temp folder, keyed by the installed PGlite build) and every later one loads it.
 */
export async function openTestPGlite (): Promise<PGlite> {
  const file = snapshotFile()
  let dump: Buffer | null = null
  try {
    dump = readFileSync(file)
  } catch {}
  if (dump != null) {
    try {
      return await PGlite.create(undefined, { extensions: { pg_trgm }, loadDataDir: new Blob([dump]) })
    } catch {} // a torn or foreign file: fall through and rebuild it
  }
  const fresh = await PGlite.create(undefined, { extensions: { pg_trgm } })
  const blob = await fresh.dumpDataDir('none')
  mkdirSync(path.dirname(file), { recursive: true })
  // Write then rename: parallel test files never read a half-written dump.
  const partial = `${file}.${process.pid}.partial`
  writeFileSync(partial, Buffer.from(await blob.arrayBuffer()))
  renameSync(partial, file)
  return fresh
}

function snapshotFile (): string {
  // The package's own manifest, next to its dist/ entry: its version and install time name the build.
  const manifest = path.join(path.dirname(fileURLToPath(import.meta.resolve('@electric-sql/pglite'))), '..', 'package.json')
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }
  const user = process.getuid?.() ?? 'user'
  return path.join(os.tmpdir(), `comptoir-test-${user}`, `pglite-${version}-${Math.trunc(statSync(manifest).mtimeMs)}.tar`)
}
