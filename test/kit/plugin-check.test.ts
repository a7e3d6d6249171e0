import t from 'tap'
import path from 'node:path'
import { checkPlugin, checkPluginCommand } from '../../core/src/cli/commands/plugin-check.js'
import { repoRoot, scratchFolder, writeFiles } from './scratch.js'

// `comptoir plugin check [path]` (#23): one line per check, exit 1 when one fails.
const root = scratchFolder(t, 'check')
const pkg = (extra: Record<string, unknown>): string => JSON.stringify({ name: 'comptoir-plugin-x', version: '0.1.0', type: 'module', ...extra })
const peer = { peerDependencies: { '@comptoir/core': '^0.1.0' }, keywords: ['comptoir-plugin'] }

writeFiles(path.join(root, 'broken'), {
  'package.json': pkg({}),
  'src/index.ts': `import { definePlugin, Type } from '@comptoir/core'
export default definePlugin({
  name: 'broken', version: 'one', core: '^9.0.0', dependsOn: { catalog: 'latest-ish' },
  events: { broken_created: Type.Object({}), 'broken.thing.made': 'not a schema' as never },
  jobs: { doThing: { handler: async () => {} } },
  permissions: ['write'],
  migrations: new URL('./migrations/', import.meta.url),
})
`,
  'src/migrations/create_things.ts': 'export async function up () {}\nexport async function down () {}\n',
})

writeFiles(path.join(root, 'people'), {
  'package.json': pkg(peer),
  'src/index.ts': `import { definePlugin } from '@comptoir/core'
export default definePlugin({ name: 'people', version: '0.1.0', core: '^0.1.0', migrations: new URL('./migrations/', import.meta.url) })
`,
  'src/migrations/202612070001_create_people_contacts.ts': `import type { Db } from '@comptoir/core'
export async function up (knex: Db): Promise<void> {
  await knex.schema.createTable('people_contacts', (table) => { table.uuid('id').primary(); table.uuid('customer_id'); table.string('email', 320) })
  await knex.schema.createTable('contacts', (table) => { table.uuid('id').primary() })
}
export async function down (knex: Db): Promise<void> {
  await knex.schema.dropTable('people_contacts')
}
`,
})

writeFiles(path.join(root, 'routes'), {
  'package.json': pkg(peer),
  'src/index.ts': `import { definePlugin, Type } from '@comptoir/core'
export default definePlugin({
  name: 'routes', version: '0.1.0', core: '^0.1.0', permissions: ['routes:read'],
  routes: {
    admin: async (app) => {
      app.get('/routes/things', { config: { permission: 'routes:write' }, schema: { tags: ['routes'], operationId: 'listThings', response: { 200: Type.Object({}) } } }, async () => ({}))
    },
  },
})
`,
})

function failures (results: Awaited<ReturnType<typeof checkPlugin>>): Record<string, string> {
  return Object.fromEntries(results.filter((r) => r.level === 'fail').map((r) => [r.check, r.detail]))
}

t.test('names, ranges, peer dependency and migration file names are each reported', async (t) => {
  const failed = failures(await checkPlugin(path.join(root, 'broken')))
  t.match(failed, {
    'peer dependency': /@comptoir\/core is not in peerDependencies/,
    version: /'one' is not semver/,
    'core range': /'\^9\.0\.0' is not satisfied by this core \(0\.1\.0\)/,
    dependsOn: /catalog: 'latest-ish' is not a semver range/,
    permissions: /not 'broken:<action>': write/,
    events: /not 'broken\.<entity>\.<past-verb>': broken_created/,
    jobs: /doThing/,
    'migration names': /create_things\.ts/,
  })
})

t.test('migrations run up and down on a throw-away database: prefixes, personal columns, a down that leaves tables', async (t) => {
  const results = await checkPlugin(path.join(root, 'people'))
  const failed = failures(results)
  t.match(failed, {
    'table names': /not prefixed 'people_': contacts/,
    'personal data': /people_contacts\.customer_id, people_contacts\.email/,
    migrations: /down leaves contacts/,
  })
  t.match(results.find((r) => r.check === 'migration names'), { level: 'ok' })
})

t.test('a route naming a permission the manifest does not declare fails the boot check', async (t) => {
  const failed = failures(await checkPlugin(path.join(root, 'routes')))
  t.match(failed, { boot: /requires permission 'routes:write', which no plugin declares/ })
  t.same(Object.keys(failed), ['boot'])
})

t.test('the command prints one line per check and exits 1 on a failure', async (t) => {
  const lines: string[] = []
  const code = await checkPluginCommand({ args: [path.join(root, 'people')], flags: {}, config: {}, out: (l) => lines.push(l), progress: () => {} })
  t.equal(code, 1)
  t.ok(lines.some((l) => /^FAIL {2}table names/.test(l)))
  t.ok(lines.some((l) => /^ok {4}peer dependency/.test(l)))
  t.match(lines.at(-1), /people: 3 problem\(s\)/)
})

t.test('the loyalty example passes every check, booted with the plugins it depends on', async (t) => {
  const results = await checkPlugin(path.join(repoRoot, 'examples', 'plugin-loyalty'))
  t.same(results.filter((r) => r.level !== 'ok'), [])
  t.match(results.find((r) => r.check === 'personal data'), { level: 'ok', detail: /loyalty_accounts\.customer_id/ })
  t.match(results.find((r) => r.check === 'boot'), { detail: /customers, .*orders/ })
})
