import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import t from 'tap'
import { uniqueName, testPostgresUrl } from '@comptoir/core/testing'
import { loadStoreConfig } from '../src/cli/load-config.js'
import { knexOnPostgres } from '../src/db/connect.js'

const run = promisify(execFile)
const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url))
const config = fileURLToPath(new URL('./fixtures/cli-store.config.ts', import.meta.url))

/** Runs `comptoir …` as a user would, in a child process; resolves with exit code and output. */
async function comptoir (args: string[], env: Record<string, string> = {}): Promise<{ code: number, stdout: string, stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--conditions=comptoir-source', '--import', 'tsx', main, ...args, '--config', config], {
      env: { ...process.env, DATABASE_URL: '', REDIS_URL: '', ...env }, timeout: 60000,
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number, stdout: string, stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

t.test('plugins lists the plugins in dependency order with versions', async (t) => {
  const { code, stdout } = await comptoir(['plugins'])
  t.equal(code, 0)
  t.match(stdout, /1\. items 1\.0\.0\n\s*2\. shelves 0\.3\.0 +\(needs items \^1\.0\.0\)/)
})

t.test('config check accepts a valid configuration and rejects a bad environment variable', async (t) => {
  const ok = await comptoir(['config', 'check'])
  t.equal(ok.code, 0)
  t.match(ok.stdout, /Configuration is valid: 2 plugin\(s\)/)
  const bad = await comptoir(['config', 'check'], { PORT: 'not-a-port' })
  t.equal(bad.code, 1)
  t.match(bad.stderr, /invalid at \/http\/port/)
})

t.test('migrate status, up and down on PostgreSQL, per plugin', async (t) => {
  const schema = uniqueName('cli')
  const env = { DATABASE_URL: testPostgresUrl(), DATABASE_SCHEMA: schema }
  const admin = knexOnPostgres(testPostgresUrl(), { poolMax: 1 })
  t.teardown(async () => { await admin.raw('drop schema if exists ?? cascade', [schema]); await admin.destroy() })

  const before = await comptoir(['migrate', 'status'], env)
  t.equal(before.code, 0)
  t.match(before.stdout, /items: 0 applied, 1 pending\n\s+pending\s+202611250900_create_boot_items/)

  const up = await comptoir(['migrate', 'up', '--plugin', 'items'], env)
  t.equal(up.code, 0)
  t.match(up.stdout, /applied\s+items\s+202611250900_create_boot_items/)
  t.not((await admin.raw('select to_regclass(?) as t', [`${schema}.boot_items`])).rows[0].t, null, 'the table exists')

  const again = await comptoir(['migrate', 'up'], env)
  t.match(again.stdout, /applied\s+core/, 'the kernel migrations were still pending')
  t.notMatch(again.stdout, /applied\s+items/)

  const down = await comptoir(['migrate', 'down', '--plugin', 'items'], env)
  t.equal(down.code, 0)
  t.match(down.stdout, /reverted items\s+202611250900_create_boot_items/)
  t.equal((await admin.raw('select to_regclass(?) as t', [`${schema}.boot_items`])).rows[0].t, null)
})

t.test('start refuses pending migrations on PostgreSQL and says how to apply them', async (t) => {
  const schema = uniqueName('cli')
  const admin = knexOnPostgres(testPostgresUrl(), { poolMax: 1 })
  t.teardown(async () => { await admin.raw('drop schema if exists ?? cascade', [schema]); await admin.destroy() })
  const { code, stderr } = await comptoir(['start'], { DATABASE_URL: testPostgresUrl(), DATABASE_SCHEMA: schema, PORT: '0' })
  t.equal(code, 1)
  t.match(stderr, /Pending migrations for core .*comptoir migrate up/)
})

t.test('an unknown command prints the usage and fails', async (t) => {
  const { code, stdout } = await comptoir(['frobnicate'])
  t.equal(code, 2)
  t.match(stdout, /Usage: comptoir <command>/)
  t.match(stdout, /migrate <up\|down\|status>/)
})

t.test('npx comptoir in a checkout whose packages are not built says so, and how to run the CLI', async (t) => {
  // A store whose plugin package has its sources but no dist/, as `npx comptoir` (no source condition) meets it.
  const dir = t.testdir({
    'package.json': JSON.stringify({ type: 'module' }),
    'comptoir.config.ts': "import unbuilt from '@comptoir/unbuilt'\nexport default { plugins: [unbuilt] }\n",
    node_modules: {
      '@comptoir': {
        unbuilt: {
          'package.json': JSON.stringify({ name: '@comptoir/unbuilt', type: 'module', exports: { '.': './dist/index.js' } }),
          src: { 'index.ts': "export default { name: 'unbuilt' }\n" },
        },
      },
    },
  })
  await t.rejects(loadStoreConfig(undefined, dir), {
    code: 'CORE_BOOT_INVALID_CONFIG',
    message: /^The packages are not built: '.*unbuilt' has sources but no dist\/.*`npm run comptoir -- <command>`.*`npm run build`\.$/,
  })
})
