import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { uniqueName, type TestLike } from '@comptoir/core/testing'

/** The repository root: folders made under it resolve the workspace's packages. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url))

/**
 * A scratch folder inside the repository tree (under node_modules/.cache, ignored by git and by
 * the type-check), removed when `t` ends.
 */
export function scratchFolder (t: TestLike, prefix: string): string {
  const folder = path.join(repoRoot, 'node_modules', '.cache', 'comptoir-kit', uniqueName(prefix))
  mkdirSync(folder, { recursive: true })
  t.teardown(() => { rmSync(folder, { recursive: true, force: true }) })
  return folder
}

/** Writes `files` (path relative to `root` → text), creating folders. */
export function writeFiles (root: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
    writeFileSync(path.join(root, file), text)
  }
}

/** A second copy of @comptoir/core (its package.json and sources) in `<folder>/node_modules/@comptoir/core`. */
export function copyCore (folder: string): string {
  const target = path.join(folder, 'node_modules', '@comptoir', 'core')
  mkdirSync(target, { recursive: true })
  cpSync(path.join(repoRoot, 'core', 'package.json'), path.join(target, 'package.json'))
  cpSync(path.join(repoRoot, 'core', 'src'), path.join(target, 'src'), { recursive: true })
  return target
}
