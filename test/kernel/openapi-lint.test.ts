import t, { type Test } from 'tap'
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { createTestDatabases, testEngines } from '@comptoir/core/testing'
import demoStore from '../../comptoir.config.js'

const dbs = createTestDatabases(t)
const redocly = fileURLToPath(new URL('../../node_modules/@redocly/cli/bin/cli.js', import.meta.url))

interface Problem { ruleId: string, severity: 'error' | 'warn', message: string, location: Array<{ pointer?: string }> }
interface LintReport { totals: { errors: number, warnings: number }, problems: Problem[] }
type Operation = { security?: Array<Record<string, string[]>> }
type OpenApiDocument = { paths: Record<string, Record<string, Operation>>, components: { securitySchemes?: Record<string, unknown> } }

/** Redocly CLI's recommended rules on each document; one process for all (it takes a second or two to start). */
async function lint (t: Test, docs: Record<string, unknown>): Promise<LintReport[]> {
  const dir = await mkdtemp(join(tmpdir(), 'comptoir-openapi-'))
  t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
  const files = await Promise.all(Object.entries(docs).map(async ([name, doc]) => {
    await writeFile(join(dir, `${name}.json`), JSON.stringify(doc))
    return `${name}.json`
  }))
  // cwd is the empty folder, so no redocly.yaml can change the rules; no telemetry, no update check.
  const { stdout } = await promisify(execFile)(process.execPath, [redocly, 'lint', ...files, '--extends=recommended', '--format=json', '--max-problems=1000'], {
    cwd: dir,
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' })) // exit 1 when it finds errors
  // One JSON report per file, back to back (`}{` on a line of its own between two).
  return JSON.parse(`[${stdout.replace(/^\}\{$/gm, '},{')}]`) as LintReport[]
}

// The document does not depend on the database engine: one is enough, PostgreSQL when it is
// in the run (no embedded instance to start: seconds saved).
const engine = testEngines().includes('postgres') ? 'postgres' : 'embedded'

t.test(`the demo store's /openapi.json passes redocly's recommended rules (${engine})`, async (t) => {
  // 1. The demo store as `npm start` runs it: every first-party plugin, payments-stripe included.
  const demo = await dbs.app(t, engine, demoStore)
  const docs = { demo: (await demo.inject({ method: 'GET', url: '/openapi.json' })).json<OpenApiDocument>() }

  // 2. Zero errors; the problems are listed so a failure says what to fix.
  const reports = await lint(t, docs)
  t.equal(reports.length, 1, 'a report per document')
  for (const [name, report] of Object.keys(docs).map((name, i) => [name, reports[i]] as const)) {
    const describe = (p: Problem): string => `${p.ruleId}: ${p.message} (${p.location[0]?.pointer ?? ''})`
    t.same(report.problems.filter((p) => p.severity === 'error').map(describe), [], `${name}: no errors`)
    t.equal(report.totals.errors, 0, `${name}: error count`)
    const warned = new Set(report.problems.filter((p) => p.severity === 'warn').map((p) => p.ruleId))
    t.comment(`${name}: ${report.totals.warnings} redocly warning(s) (${[...warned].join(', ')})`)
  }

  // 3. Who may call what, as clients and Swagger UI's Authorize read it.
  const { paths, components } = docs.demo
  t.same(paths['/store/customers/me'].get.security, [{ customerAuth: [] }], 'a "me" route takes the customer token')
  t.same(paths['/store/customers/me/orders'].get.security, [{ customerAuth: [] }])
  t.same(paths['/store/payments-stripe/payment-methods'].get.security, [{ customerAuth: [] }])
  t.same(paths['/store/carts'].post.security, [{}, { customerAuth: [] }], 'a cart serves guests and customers')
  t.same(paths['/store/products'].get.security, [], 'the catalog is public')
  t.same(paths['/store/customers/sessions'].post.security, [], 'so is logging in')
  t.same(paths['/hooks/stripe'].post.security, [], 'webhooks are signed, not authenticated')
  t.same(paths['/admin/orders'].get.security, [{ bearerAuth: [] }])
  t.same(Object.keys(components.securitySchemes ?? {}).sort(), ['bearerAuth', 'customerAuth'])
})
