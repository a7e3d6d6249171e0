import { readFileSync } from 'node:fs'
import path from 'node:path'
import { UsageError } from './errors.js'
import type { PackedPackage } from './workspace.js'

/** One `packages` entry of a package-lock.json (lockfileVersion 3); the fields this file reads. */
export interface LockEntry {
  name?: string
  version?: string
  resolved?: string
  integrity?: string
  link?: boolean
  dev?: boolean
  optional?: boolean
  devOptional?: boolean
  peer?: boolean
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  peerDependenciesMeta?: Record<string, { optional?: boolean }>
  [field: string]: unknown
}

export interface Lockfile {
  name?: string
  version?: string
  lockfileVersion: number
  requires?: boolean
  packages: Record<string, LockEntry>
}

/** The store's package.json fields the lockfile's root entry repeats. */
export interface StoreManifest {
  name: string
  version: string
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
  engines?: Record<string, string>
}

export function readWorkspaceLock (root: string): Lockfile {
  return JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as Lockfile
}

/** Where Node finds `name` from the package at `location` (`''` is the root): the nearest node_modules. */
function locate (packages: Lockfile['packages'], location: string, name: string): string | null {
  let dir = location
  for (;;) {
    const candidate = `${dir === '' ? '' : `${dir}/`}node_modules/${name}`
    if (packages[candidate] != null) return candidate
    if (dir === '') return null
    const nested = dir.lastIndexOf('/node_modules/')
    dir = nested === -1 ? '' : dir.slice(0, nested)
  }
}

function registryTarball (name: string, version: string): string {
  return `https://registry.npmjs.org/${name}/-/${name.slice(name.lastIndexOf('/') + 1)}-${version}.tgz`
}

/** The names an entry needs installed: dependencies, optional ones (if locked) and required peers. */
function edges (entry: LockEntry): Array<{ name: string, optional: boolean }> {
  const peers = Object.keys(entry.peerDependencies ?? {}).filter((name) => entry.peerDependenciesMeta?.[name]?.optional !== true)
  return [
    ...Object.keys(entry.dependencies ?? {}).map((name) => ({ name, optional: false })),
    ...Object.keys(entry.optionalDependencies ?? {}).map((name) => ({ name, optional: true })),
    ...peers.map((name) => ({ name, optional: false })),
  ]
}

/**
 * The store's package-lock.json, cut out of the workspace's: the exact versions and integrity
 * hashes this checkout was installed and tested with, and the vendored tarballs for the
 * @comptoir packages. With every entry locked, `npm install` resolves nothing (no registry
 * metadata needed) and takes each tarball from npm's cache by its integrity hash: it works
 * offline on the machine that installed the checkout.
 */
export function storeLockfile (workspace: Lockfile, store: StoreManifest, vendored: readonly PackedPackage[]): Lockfile {
  const ws = workspace.packages
  const byName = new Map(vendored.map((p) => [p.name, p]))
  // Workspace folder (`core`) -> package name, to move a workspace package's own node_modules under the store's.
  const workspaceDirs = new Map<string, string>()
  for (const [location, entry] of Object.entries(ws)) {
    if (entry.link === true && entry.resolved != null) workspaceDirs.set(entry.resolved, location.slice('node_modules/'.length))
  }
  const storeLocation = (location: string): string => {
    for (const [dir, name] of workspaceDirs) {
      if (location.startsWith(`${dir}/node_modules/`)) return `node_modules/${name}${location.slice(dir.length)}`
    }
    return location
  }

  const packages: Lockfile['packages'] = {}
  const prod = new Set<string>()
  const reached = new Set<string>()
  const visit = (roots: readonly string[], isProd: boolean): void => {
    // Each item: a workspace lock location and the entry whose edges lead on from there.
    const queue: Array<{ from: string, name: string, optional: boolean, neededBy: string }> = roots.map((name) => ({ from: '', name, optional: false, neededBy: store.name }))
    while (queue.length > 0) {
      const { from, name, optional, neededBy } = queue.shift() as (typeof queue)[number]
      const packedPackage = byName.get(name)
      let location: string
      let entry: LockEntry
      let target: string
      if (packedPackage != null) {
        location = `node_modules/${name}`
        target = ws[location]?.resolved ?? location
        const { manifest } = packedPackage
        entry = { version: manifest.version, resolved: `file:vendor/${packedPackage.file}`, integrity: packedPackage.integrity, license: manifest.license, dependencies: manifest.dependencies, peerDependencies: manifest.peerDependencies, bin: manifest.bin, engines: manifest.engines }
      } else {
        const found = locate(ws, from, name)
        if (found == null || ws[found]?.link === true) {
          if (optional) continue
          throw new UsageError(found == null
            ? `'${name}' (needed by ${neededBy}) is not in the checkout's package-lock.json: run npm install at the root.`
            : `'${name}' (needed by ${neededBy}) is a workspace package that was not packed: choose the plugin that provides it.`)
        }
        location = storeLocation(found)
        target = found
        const { dev: _dev, optional: wasOptional, devOptional, peer: _peer, ...rest } = ws[found] as LockEntry
        entry = { ...rest, resolved: rest.resolved ?? registryTarball(rest.name ?? name, rest.version as string) }
        if (wasOptional === true || devOptional === true) entry.optional = true
      }
      if (isProd) prod.add(location)
      if (reached.has(location)) continue
      reached.add(location)
      packages[location] = entry
      for (const edge of edges(entry)) queue.push({ from: target, name: edge.name, optional: edge.optional, neededBy: entry.name ?? name })
    }
  }
  visit(Object.keys(store.dependencies), true)
  visit(Object.keys(store.devDependencies), false)
  for (const location of reached) if (!prod.has(location)) (packages[location] as LockEntry).dev = true

  const sorted = Object.fromEntries(Object.keys(packages).sort().map((location) => [location, packages[location] as LockEntry]))
  return {
    name: store.name,
    version: store.version,
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: store.name, version: store.version, dependencies: store.dependencies, devDependencies: store.devDependencies, ...(store.engines != null ? { engines: store.engines } : {}) },
      ...sorted,
    },
  }
}
