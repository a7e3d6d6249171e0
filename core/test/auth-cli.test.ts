import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t, { type Test } from 'tap'
import { buildApp, type StoreConfig } from '@comptoir/core'
import { testEngines, testPostgresUrl, uniqueName } from '@comptoir/core/testing'
import { adminCommand } from '../src/cli/commands/admin.js'
import { knexOnPostgres } from '../src/db/connect.js'

// The command reads the environment like the CLI does; this file states its database itself.
for (const name of ['DATABASE_URL', 'DATABASE_SCHEMA', 'COMPTOIR_DATA_DIR', 'REDIS_URL', 'COMPTOIR_ADMIN_PASSWORD']) delete process.env[name]

const password = 'correct horse battery staple'

/** A store config on a fresh database of `engine`, removed when `t` ends. */
async function storeConfig (t: Test, engine: 'embedded' | 'postgres'): Promise<StoreConfig> {
  if (engine === 'embedded') {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'comptoir-admin-'))
    t.teardown(async () => { await rm(dataDir, { recursive: true, force: true }) })
    return { database: { dataDir } }
  }
  const schema = uniqueName('admin_cli')
  t.teardown(async () => {
    const admin = knexOnPostgres(testPostgresUrl(), { poolMax: 1 })
    await admin.raw('drop schema if exists ?? cascade', [schema])
    await admin.destroy()
  })
  return { database: { url: testPostgresUrl(), schema, autoMigrate: true } }
}

async function runAdmin (config: StoreConfig, args: string[], flags: Record<string, string>) {
  const lines: string[] = []
  const code = await adminCommand.run({ args, flags, config, out: (line) => lines.push(line), progress: () => {} })
  return { code, output: lines.join('\n') }
}

for (const engine of testEngines()) {
  t.test(`${engine}: comptoir admin create bootstraps an owner who can log in`, async (t) => {
    const config = await storeConfig(t, engine)
    const created = await runAdmin(config, ['create'], { email: 'Boss@Example.com', password })
    t.equal(created.code, 0, created.output)
    t.match(created.output, /Created admin user boss@example\.com .* with role\(s\) owner/)

    const again = await runAdmin(config, ['create'], { email: 'boss@example.com', password })
    t.equal(again.code, 1)
    t.match(again.output, /CORE_EMAIL_TAKEN/)

    const app = await buildApp({ config, env: false, logger: false, runJobs: false })
    t.teardown(async () => await app.close())
    const login = await app.inject({ method: 'POST', url: '/admin/auth/sessions', payload: { email: 'boss@example.com', password } })
    t.equal(login.statusCode, 201)
    t.same(login.json().adminUser.roles, ['owner'])
  })
}

t.test('comptoir admin create refuses a short password or a missing subcommand without opening the store', async (t) => {
  const config: StoreConfig = { database: { dataDir: '/nonexistent/never-opened' } }
  const weak = await runAdmin(config, ['create'], { email: 'a@example.com', password: 'short' })
  t.equal(weak.code, 2)
  t.match(weak.output, /Invalid password.*at least 12 characters/)
  t.equal((await runAdmin(config, [], {})).code, 2)
})
