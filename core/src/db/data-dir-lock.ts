import { randomUUID } from 'node:crypto'
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { isMainThread } from 'node:worker_threads'
import { BootError, BootErrorCode } from '../errors.js'

/** The lock file's name inside an embedded data folder. */
export const lockFileName = 'comptoir.lock'

/** A held lock on an embedded data folder; release it once the database is closed. */
export interface DataDirLock {
  file: string
  release: () => void
}

interface LockOwner { pid: number, started: number }

// The process's start time tells a lock this process took from one a previous process with the
// same pid left behind (a container restarts its store as pid 1 again).
const self = (): LockOwner => ({ pid: process.pid, started: performance.timeOrigin })

function readOwner (file: string): LockOwner | null {
  try {
    const owner = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>
    return Number.isInteger(owner.pid) && (owner.pid as number) > 0 && typeof owner.started === 'number' ? owner as LockOwner : null
  } catch {
    return null // gone, or not a lock this code wrote
  }
}

function isAlive (owner: LockOwner): boolean {
  if (owner.pid === process.pid) {
    // Worker threads share the pid but not timeOrigin: never take a lock over from our own process there.
    return !isMainThread || owner.started === self().started
  }
  try {
    process.kill(owner.pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' // alive, under another user
  }
}

function create (file: string): boolean {
  // Written aside, then linked into place: link() fails if the lock exists, and the lock never
  // appears empty or half-written to a process reading it.
  const draft = `${file}.${process.pid}.${randomUUID()}`
  writeFileSync(draft, JSON.stringify(self()), { flag: 'wx' })
  try {
    linkSync(draft, file)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  } finally {
    unlinkSync(draft)
  }
}

function removeIfOurs (file: string): void {
  const owner = readOwner(file)
  if (owner == null || owner.pid !== process.pid || owner.started !== self().started) return
  try { unlinkSync(file) } catch {}
}

/**
 * Takes the lock on an embedded data folder (which must exist), so that a second process never
 * opens the same PGlite files: PGlite has no lock of its own, and two writers lose each other's
 * writes. A lock whose process is gone is taken over. Throws a BootError naming the holder.
 */
export function lockDataDir (dir: string): DataDirLock {
  const file = path.join(dir, lockFileName)
  const inUse = (owner: LockOwner): BootError => new BootError(BootErrorCode.databaseLocked,
    `The embedded database in '${dir}' is in use: the store is running (pid ${owner.pid}); stop it, or run this through the admin API. (If pid ${owner.pid} is not a Comptoir process, delete '${file}'.)`)
  // A second try follows removing a stale lock.
  for (let attempt = 0; attempt < 2; attempt++) {
    if (create(file)) {
      const onExit = (): void => { removeIfOurs(file) }
      process.once('exit', onExit)
      return { file, release: () => { process.off('exit', onExit); removeIfOurs(file) } }
    }
    const stale = readOwner(file)
    if (stale != null && isAlive(stale)) throw inUse(stale)
    // Move the stale lock aside in one step, then check it is the one read: a process that took
    // the folder over in between must keep its lock, so put that one back.
    const aside = `${file}.stale.${randomUUID()}`
    try { renameSync(file, aside) } catch { continue }
    const moved = readOwner(aside)
    if (moved != null && (moved.pid !== stale?.pid || moved.started !== stale.started)) {
      try { linkSync(aside, file) } catch {}
      unlinkSync(aside)
      throw inUse(moved)
    }
    unlinkSync(aside)
  }
  throw new BootError(BootErrorCode.databaseLocked, `The embedded database in '${dir}' is being opened by another process: try again once it has started or stopped.`)
}
