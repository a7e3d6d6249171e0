import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t from 'tap'
import { buildApp, systemActor } from '@comptoir/core'
import { createTestDatabases } from '@comptoir/core/testing'
import { createLab } from './fixtures/jobs-plugin.js'
import { waitFor } from './fixtures/jobs-harness.js'

// The in-process engine keeps its jobs in the database: a restart, or a worker that dies, loses none.
const dbs = createTestDatabases(t)

t.test('queued and interrupted jobs survive a restart of the embedded store', async (t) => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'comptoir-jobs-'))
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
  const config = (lab: ReturnType<typeof createLab>) => ({ plugins: [lab.plugin], database: { dataDir } })
  // 1. A first process (not running jobs) queues two jobs; one is marked running, as if it crashed mid-run.
  const first = await buildApp({ env: false, logger: false, runJobs: false, config: config(createLab()) })
  const ctx = first.comptoir.systemCtx(systemActor)
  const queued = await first.services.jobs.enqueue(ctx, 'lab.record-call', { n: 1 })
  const interrupted = await first.services.jobs.enqueue(ctx, 'lab.record-call', { n: 2 })
  await first.comptoir.database.knex('comptoir_jobs').where({ id: interrupted.id })
    .update({ state: 'active', attempts_made: 1, locked_until: first.comptoir.database.knex.raw("now() + interval '1 hour'") })
  await first.close()
  // 2. The store starts again on the same folder: both jobs run (the interrupted one as its second attempt).
  const lab = createLab()
  const second = await buildApp({ env: false, logger: false, config: config(lab) })
  t.teardown(async () => await second.close())
  await waitFor('both jobs', () => lab.runs.length === 2, 15_000)
  t.same(lab.runs.map((r) => [r.jobId, r.attempt]).sort(), [[queued.id, 1], [interrupted.id, 2]].sort())
})

t.test('a job whose worker died is run again once its lease expires (PostgreSQL)', async (t) => {
  const lab = createLab()
  const app = await dbs.app(t, 'postgres', { plugins: [lab.plugin] })
  // A row as a vanished worker leaves it: running, lease already expired, one attempt used.
  await app.comptoir.database.knex('comptoir_jobs').insert({
    id: 'orphan-1', queue: 'lab', name: 'lab.record-call', payload: JSON.stringify({ n: 3 }), state: 'active',
    attempts_made: 1, max_attempts: 3, backoff_ms: 10, run_at: new Date(), locked_until: new Date(Date.now() - 1000),
  })
  const [run] = await waitFor('the orphan to run again', () => lab.runs.length > 0 && lab.runs, 15_000)
  t.match(run, { jobId: 'orphan-1', attempt: 2, payload: { n: 3, note: 'none' } })
})
