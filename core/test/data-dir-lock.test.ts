import { execFile, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import t from 'tap'
import { BootError } from '../src/errors.js'
import { adminCommand } from '../src/cli/commands/admin.js'
import { openDatabase } from '../src/db/connect.js'
import { lockDataDir, lockFileName } from '../src/db/data-dir-lock.js'

// Two processes on one PGlite folder silently lose writes (issue 25): the folder is locked.
const run = promisify(execFile)
const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url))
const cliConfig = fileURLToPath(new URL('./fixtures/cli-store.config.ts', import.meta.url))
const lockModule = new URL('../src/db/data-dir-lock.ts', import.meta.url).href

/** A pid no process has any more: a child that already exited. */
function deadPid (): number {
  const child = spawnSync(process.execPath, ['-e', ''])
  return child.pid as number
}

function writeLock (dir: string, owner: { pid: number, started: number }): string {
  const file = path.join(dir, lockFileName)
  writeFileSync(file, JSON.stringify(owner))
  return file
}

t.test('a second open of an embedded data folder is refused while the first is open', async (t) => {
  const dir = t.testdir()
  const first = await openDatabase({ dataDir: dir, poolMax: 1 })
  let closed = false
  t.teardown(async () => { if (!closed) await first.close() })

  const second = await openDatabase({ dataDir: dir, poolMax: 1 }).then(() => null, (error: unknown) => error)
  t.type(second, BootError)
  t.match(second, { code: 'CORE_BOOT_DATABASE_LOCKED', message: new RegExp(`the store is running \\(pid ${process.pid}\\); stop it, or run this through the admin API`) })

  // A CLI command in the same situation refuses before writing anything.
  const lines: string[] = []
  const admin = adminCommand.run({ args: ['create'], flags: { email: 'ops@example.com', password: 'correct horse battery staple' }, config: { database: { dataDir: dir } }, out: (l) => lines.push(l), progress: () => {} })
  await t.rejects(admin, { code: 'CORE_BOOT_DATABASE_LOCKED' })
  t.same(lines, [], 'no success is reported')

  await first.close()
  closed = true
  t.notOk(existsSync(path.join(dir, lockFileName)), 'closing releases the lock')
})

t.test('a lock whose process is gone is taken over', async (t) => {
  const dir = t.testdir()
  const file = writeLock(dir, { pid: deadPid(), started: 1 })
  const lock = lockDataDir(dir)
  t.match(JSON.parse(readFileSync(file, 'utf8')), { pid: process.pid })
  lock.release()
  t.notOk(existsSync(file))
})

t.test('a lock left by an earlier process with the same pid is taken over (a restarted container)', async (t) => {
  const dir = t.testdir()
  writeLock(dir, { pid: process.pid, started: performance.timeOrigin - 60_000 })
  const lock = lockDataDir(dir)
  t.teardown(() => lock.release())
  t.match(JSON.parse(readFileSync(lock.file, 'utf8')), { pid: process.pid, started: performance.timeOrigin })
})

t.test('a lock held by a live process is kept, and the refusal names its pid', async (t) => {
  const dir = t.testdir()
  const file = writeLock(dir, { pid: process.ppid, started: 1 })
  t.throws(() => lockDataDir(dir), { code: 'CORE_BOOT_DATABASE_LOCKED', message: new RegExp(`\\(pid ${process.ppid}\\)`) })
  t.same(JSON.parse(readFileSync(file, 'utf8')), { pid: process.ppid, started: 1 })
})

t.test('a process that exits without closing leaves no lock behind', async (t) => {
  const dir = t.testdir()
  const script = `import { lockDataDir } from ${JSON.stringify(lockModule)}; lockDataDir(${JSON.stringify(dir)}); process.exit(0)`
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' })
  t.equal(child.status, 0, child.stderr)
  t.notOk(existsSync(path.join(dir, lockFileName)))
})

t.test('comptoir admin create exits non-zero with the lock message while a store holds the folder', async (t) => {
  const dir = t.testdir()
  writeLock(dir, { pid: process.pid, started: performance.timeOrigin }) // this test process plays the running store
  const result = await run(process.execPath, ['--conditions=comptoir-source', '--import', 'tsx', main, 'admin', 'create', '--email', 'ops@example.com', '--password', 'correct horse battery staple', '--config', cliConfig], {
    env: { ...process.env, DATABASE_URL: '', REDIS_URL: '', COMPTOIR_DATA_DIR: dir }, timeout: 60_000,
  }).then(() => ({ code: 0, stdout: '', stderr: '' }), (error: { code: number, stdout: string, stderr: string }) => error)
  t.equal(result.code, 1)
  t.match(result.stderr, new RegExp(`comptoir: The embedded database in '.*' is in use: the store is running \\(pid ${process.pid}\\); stop it, or run this through the admin API`))
  t.notMatch(result.stdout, /Created admin user/)
  t.notOk(existsSync(path.join(dir, 'PG_VERSION')), 'PGlite never opened the folder')
})
