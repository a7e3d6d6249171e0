import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t, { type Test } from 'tap'
import { buildApp, type StoreConfig } from '@comptoir/core'
import { createTestDatabases, testEngines, testPostgresUrl, testRedisUrl } from '@comptoir/core/testing'
import { jobsCommand } from '../src/cli/commands/jobs.js'
import { lockFileName } from '../src/db/data-dir-lock.js'
import { createLab } from './fixtures/jobs-plugin.js'
import { isolateQueues, waitFor } from './fixtures/jobs-harness.js'

// `comptoir jobs run <name>` (issue 25). The command reads the environment like the CLI does.
for (const name of ['DATABASE_URL', 'DATABASE_SCHEMA', 'COMPTOIR_DATA_DIR', 'REDIS_URL']) delete process.env[name]
const dbs = createTestDatabases(t)
// One embedded folder for the file: PGlite creates a folder in seconds, opening one is quicker.
const dataDir = mkdtempSync(path.join(tmpdir(), 'comptoir-jobs-run-'))
t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))

async function jobsRun (config: StoreConfig, args: string[], flags: Record<string, string | boolean> = {}) {
  const lines: string[] = []
  const code = await jobsCommand.run({ args: ['run', ...args], flags, config: { log: { level: 'warn' }, ...config }, out: (l) => lines.push(l), progress: () => {} })
  return { code, output: lines.join('\n') }
}

t.test('an unknown job name is refused with the known ones listed, without opening the store', async (t) => {
  const lab = createLab()
  const result = await jobsRun({ plugins: [lab.plugin], database: { dataDir: '/nonexistent/never-opened' } }, ['lab.record-cal'])
  t.equal(result.code, 2)
  t.equal(result.output, "No installed plugin declares job 'lab.record-cal'. Known jobs: lab.broken-task, lab.flaky-task, lab.give-up, lab.record-call.")
  t.match(await jobsRun({ plugins: [lab.plugin], database: { dataDir: '/nonexistent/never-opened' } }, []), { code: 2, output: /^Usage: comptoir jobs <run <name>/ })
})

if (testEngines().includes('embedded')) {
  t.test('on the embedded database the job runs in this process, and the command reports it done', async (t) => {
    const lab = createLab()
    const result = await jobsRun({ plugins: [lab.plugin], database: { dataDir } }, ['lab.record-call'], { payload: '{"n":4}' })
    t.equal(result.code, 0, result.output)
    t.match(result.output, /^Ran lab\.record-call \(job [\w-]+\) in \d+ ms\.$/)
    t.match(lab.runs, [{ job: 'lab.record-call', attempt: 1, payload: { n: 4, note: 'none' }, actor: { type: 'system' } }])
  })

  t.test('on the embedded database a failing job is reported with its reason and how to retry it', async (t) => {
    const lab = createLab()
    const config = { plugins: [lab.plugin], database: { dataDir } }
    const result = await jobsRun(config, ['lab.broken-task'], { payload: '{"n":1}' })
    t.equal(result.code, 1)
    t.match(result.output, /^Job ([\w-]+) \(lab\.broken-task\) failed after 2 attempt\(s\): Error: boom: the task is broken\n.*`comptoir jobs retry \1`/)
    t.equal(lab.runs.length, 2, 'both attempts ran')
  })

  t.test('while a store holds the embedded folder, the command refuses with the lock message and runs nothing', async (t) => {
    const lab = createLab()
    const held = t.testdir()
    // This test process plays the running store.
    writeFileSync(path.join(held, lockFileName), JSON.stringify({ pid: process.pid, started: performance.timeOrigin }))
    await t.rejects(jobsRun({ plugins: [lab.plugin], database: { dataDir: held } }, ['lab.record-call']), {
      code: 'CORE_BOOT_DATABASE_LOCKED', message: /the store is running \(pid \d+\); stop it, or run this through the admin API/,
    })
    t.same(lab.runs, [])
  })
}

if (testEngines().includes('postgres')) {
  for (const redis of [false, true]) {
    t.test(`on PostgreSQL${redis ? ' with Redis' : ''} the job is queued for the workers, and --wait follows it to the end`, async (t: Test) => {
      if (redis) isolateQueues(t)
      const database = await dbs.open(t, 'postgres')
      const { rows } = await database.knex.raw('select current_schema() as schema') as { rows: Array<{ schema: string }> }
      const redisConfig = redis ? { redis: { url: testRedisUrl() } } : {}
      // 1. A worker (this app) runs what the command queues.
      const worker = createLab()
      const app = await buildApp({ env: false, logger: false, migrate: true, database, config: { plugins: [worker.plugin], ...redisConfig } })
      t.teardown(async () => await app.close())
      const config = { plugins: [createLab().plugin], database: { url: testPostgresUrl(), schema: rows[0].schema }, ...redisConfig }
      // 2. Without --wait: queued, and the worker runs it.
      const queued = await jobsRun(config, ['lab.record-call'], { payload: '{"n":1}' })
      t.equal(queued.code, 0, queued.output)
      t.match(queued.output, /^Queued lab\.record-call as job [\w-]+: a running worker/)
      await waitFor('the worker to run the job', () => worker.runs.length === 1)
      // 3. With --wait: the command returns once the worker has run it.
      const waited = await jobsRun(config, ['lab.record-call'], { payload: '{"n":2}', wait: true })
      t.equal(waited.code, 0, waited.output)
      t.match(waited.output, /^Ran lab\.record-call/)
      t.match(worker.runs.map((r) => r.payload), [{ n: 1 }, { n: 2 }])
      // 4. A payload the job's schema rejects is queued nowhere.
      const invalid = await jobsRun(config, ['lab.record-call'], { payload: '{"n":-1}' })
      t.equal(invalid.code, 2)
      t.match(invalid.output, /Invalid payload for job 'lab\.record-call': \/n .*--payload/)
      t.match(await jobsRun(config, ['lab.record-call'], { payload: 'nope' }), { code: 2, output: /--payload is not valid JSON/ })
    })
  }
}
