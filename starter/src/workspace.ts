import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { UsageError } from './errors.js'
import { readWorkspaceLock, type Lockfile } from './lockfile.js'

/** A workspace package packed for the store's vendor/ folder. */
export interface PackedPackage {
  name: string
  version: string
  /** The tarball's file name (`comptoir-core-0.1.0.tgz`). */
  file: string
  /** Its sha512 integrity, as package-lock.json records it. */
  integrity: string
  /** Its package.json in the workspace (what the tarball carries). */
  manifest: WorkspaceManifest
}

export interface WorkspaceManifest {
  name: string
  version: string
  license?: string
  bin?: Record<string, string>
  engines?: Record<string, string>
  dependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
}

/**
 * The Comptoir checkout this create-comptoir runs from, or null when it was installed from the
 * registry (then `../../` is a node_modules folder, not a root listing `starter` as a workspace).
 */
export function findWorkspace (): string | null {
  const root = path.resolve(fileURLToPath(new URL('../../', import.meta.url)))
  try {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { workspaces?: unknown }
    const core = JSON.parse(readFileSync(path.join(root, 'core/package.json'), 'utf8')) as { name?: unknown }
    readFileSync(path.join(root, 'package-lock.json'))
    return Array.isArray(pkg.workspaces) && pkg.workspaces.includes('starter') && core.name === '@comptoir/core' ? root : null
  } catch {
    return null
  }
}

async function npm (root: string, args: readonly string[]): Promise<string> {
  return await new Promise((resolve, reject) => {
    execFile('npm', args, { cwd: root, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error == null) { resolve(stdout); return }
      const output = `${stdout}${stderr}`.trim().split('\n').slice(-30).join('\n')
      reject(new UsageError(`\`npm ${args.join(' ')}\` failed in ${root}:\n${output}\nFix the checkout, or make a store on the published packages with npm create comptoir@latest.`))
    })
  })
}

/**
 * Builds the checkout (`npm run build`: incremental, a second or two when nothing changed) and
 * packs the named workspace packages, dist/ included, into a fresh temporary folder; returns
 * them with the checkout's lockfile (read once: the store's lockfile is cut from it).
 */
export async function packWorkspace (root: string, names: readonly string[]): Promise<{ folder: string, packed: PackedPackage[], lock: Lockfile }> {
  await npm(root, ['run', 'build'])
  const folder = await mkdtemp(path.join(tmpdir(), 'create-comptoir-vendor-'))
  const stdout = await npm(root, ['pack', '--json', '--pack-destination', folder, ...names.flatMap((name) => ['--workspace', name])])
  const results = JSON.parse(stdout) as Array<{ name: string, version: string, filename: string, integrity: string }>
  const lock = readWorkspaceLock(root)
  const packed = results.map((result) => ({
    name: result.name,
    version: result.version,
    file: path.basename(result.filename),
    integrity: result.integrity,
    manifest: workspaceManifest(root, lock, result.name),
  }))
  return { folder, packed, lock }
}

/** The package.json of a workspace package, found through the root lockfile's link to its folder. */
function workspaceManifest (root: string, lock: Lockfile, name: string): WorkspaceManifest {
  const link = lock.packages[`node_modules/${name}`]
  if (link?.link !== true || link.resolved == null) throw new UsageError(`${name} is not a workspace package of ${root}: run npm install at the root.`)
  return JSON.parse(readFileSync(path.join(root, link.resolved, 'package.json'), 'utf8')) as WorkspaceManifest
}
