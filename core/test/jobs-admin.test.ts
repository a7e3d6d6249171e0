import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { buildApp, systemActor } from '@comptoir/core'
import { createTestDatabases, testPostgresUrl, type TestLike } from '@comptoir/core/testing'
import { jobsCommand } from '../src/cli/commands/jobs.js'
import { createLab } from './fixtures/jobs-plugin.js'
import { adminHeaders, variantApp, variants, waitFor } from './fixtures/jobs-harness.js'

// The admin surface of jobs: HTTP routes on every engine, the `jobs` and `worker` CLI commands.
const dbs = createTestDatabases(t)

for (const variant of variants()) {
  const setup = async (t: TestLike) => {
    const lab = createLab()
    const { app } = await variantApp(t, dbs, variant, { plugins: [lab.plugin] })
    return { app, lab, headers: await adminHeaders(app), ctx: app.comptoir.systemCtx(systemActor) }
  }

  t.test(`${variant.label}: GET /admin/jobs/failed pages through failed jobs, and POST …/retry re-queues one`, async (t) => {
    const { app, lab, headers, ctx } = await setup(t)
    for (const n of [1, 2, 3]) await app.services.jobs.enqueue(ctx, 'lab.broken-task', { n })
    await waitFor('three failed jobs', async () => (await app.services.jobs.listFailed(ctx, { limit: 10 })).items.length === 3)
    const first = await app.inject({ method: 'GET', url: '/admin/jobs/failed?limit=2', headers })
    t.equal(first.statusCode, 200)
    const page1 = first.json() as { items: Array<{ id: string, name: string, attemptsMade: number }>, nextCursor: string | null }
    t.equal(page1.items.length, 2)
    t.type(page1.nextCursor, 'string')
    const second = await app.inject({ method: 'GET', url: `/admin/jobs/failed?limit=2&cursor=${page1.nextCursor}`, headers })
    const page2 = second.json() as typeof page1
    t.equal(page2.items.length, 1)
    t.equal(page2.nextCursor, null)
    const all = [...page1.items, ...page2.items]
    t.equal(new Set(all.map((j) => j.id)).size, 3, 'three distinct jobs over two pages')
    t.ok(all.every((j) => j.name === 'lab.broken-task' && j.attemptsMade === 2))
    // 1. fix the cause, 2. retry one over HTTP, 3. it runs and leaves the list.
    lab.state.broken = false
    const retry = await app.inject({ method: 'POST', url: `/admin/jobs/failed/${all[0].id}/retry`, headers })
    t.equal(retry.statusCode, 200)
    t.same(retry.json(), { id: all[0].id, status: 'waiting' })
    await waitFor('the retried job to run', () => lab.runsOf('lab.broken-task').length === 7)
    await waitFor('two failed jobs left', async () => (await app.services.jobs.listFailed(ctx, { limit: 10 })).items.length === 2)
  })

  t.test(`${variant.label}: the failed-jobs routes answer problems for unknown ids, bad cursors and missing credentials`, async (t) => {
    const { app, headers } = await setup(t)
    const missing = await app.inject({ method: 'POST', url: '/admin/jobs/failed/no-such-job/retry', headers })
    t.equal(missing.statusCode, 404)
    t.match(missing.json(), { code: 'CORE_JOB_NOT_FOUND', status: 404, jobId: 'no-such-job' })
    t.match(missing.headers['content-type'], /application\/problem\+json/)
    const badCursor = await app.inject({ method: 'GET', url: '/admin/jobs/failed?cursor=bm9wZQ', headers })
    t.equal(badCursor.statusCode, 400)
    t.equal(badCursor.json().code, 'CORE_INVALID_CURSOR')
    if (app.container.hasRegistration('auth')) {
      const anonymous = await app.inject({ method: 'GET', url: '/admin/jobs/failed' })
      t.equal(anonymous.statusCode, 401, 'no credential: 401')
      const others = await adminHeaders(app, ['core:settings'])
      const denied = await app.inject({ method: 'POST', url: '/admin/jobs/failed/no-such-job/retry', headers: others })
      t.equal(denied.statusCode, 403, 'without core:jobs: 403')
      t.match(denied.json(), { permission: 'core:jobs' })
    }
  })
}

t.test('comptoir jobs failed lists failed jobs and comptoir jobs retry re-queues one', async (t) => {
  const database = await dbs.open(t, 'postgres')
  const { rows } = await database.knex.raw('select current_schema() as schema') as { rows: Array<{ schema: string }> }
  const lab = createLab()
  const app = await buildApp({ env: false, logger: false, migrate: true, database, config: { plugins: [lab.plugin] } })
  t.teardown(async () => await app.close())
  const ctx = app.comptoir.systemCtx(systemActor)
  const { id } = await app.services.jobs.enqueue(ctx, 'lab.broken-task', { n: 1 })
  await waitFor('the job to fail', async () => (await app.services.jobs.listFailed(ctx, { limit: 10 })).items.length === 1)
  const run = async (args: string[]) => {
    const lines: string[] = []
    const code = await jobsCommand.run({ args, flags: {}, config: { plugins: [createLab().plugin], database: { url: testPostgresUrl(), schema: rows[0].schema }, log: { level: 'warn' } }, out: (l) => lines.push(l), progress: () => {} })
    return { code, lines }
  }
  const listed = await run(['failed'])
  t.equal(listed.code, 0)
  t.match(listed.lines.join('\n'), new RegExp(`${id}\\s+lab\\.broken-task\\s+attempts=2\\s+Error: boom`))
  t.match(await run(['retry', 'no-such-job']), { code: 1, lines: [/No failed job has id 'no-such-job'/] })
  lab.state.broken = false
  t.match(await run(['retry', id]), { code: 0, lines: [/back in its queue/] })
  // The app of this test is a worker too: it picks the job up.
  await waitFor('the retried job to run', () => lab.runsOf('lab.broken-task').length === 3)
  t.match(await run(['failed']), { code: 0, lines: ['No failed jobs.'] })
  t.match(await run(['bogus']), { code: 2 })
})

t.test('comptoir worker processes jobs until SIGTERM, then exits 0', async (t) => {
  const database = await dbs.open(t, 'postgres')
  const { rows } = await database.knex.raw('select current_schema() as schema') as { rows: Array<{ schema: string }> }
  // 1. An HTTP-only app (runJobs: false) enqueues; nothing runs it in this process.
  const app = await buildApp({ env: false, logger: false, migrate: true, runJobs: false, database, config: { plugins: [createLab().plugin] } })
  t.teardown(async () => await app.close())
  const { id } = await app.services.jobs.enqueue(app.comptoir.systemCtx(systemActor), 'lab.record-call', { n: 1 })
  const state = async () => (await database.knex('comptoir_jobs').where({ id }).first() as { state: string }).state
  t.equal(await state(), 'waiting')
  // 2. `comptoir worker` in its own process runs it.
  const script = fileURLToPath(new URL('./fixtures/run-worker.ts', import.meta.url))
  const worker = spawn(process.execPath, ['--conditions=comptoir-source', '--import', 'tsx', script, testPostgresUrl(), rows[0].schema], { stdio: ['ignore', 'pipe', 'inherit'] })
  t.teardown(() => { if (worker.exitCode == null) worker.kill('SIGKILL') })
  let out = ''
  worker.stdout.on('data', (chunk: Buffer) => { out += chunk.toString('utf8') })
  await waitFor('the worker to start', () => out.includes('worker is up'), 45_000)
  await waitFor('the job to complete', async () => await state() === 'completed', 15_000)
  // 3. SIGTERM: a graceful close and exit code 0.
  worker.kill('SIGTERM')
  const [code] = await once(worker, 'exit') as [number | null]
  t.equal(code, 0)
  t.match(out, /exited 0/)
})
