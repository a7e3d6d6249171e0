import t, { type Test } from 'tap'
import { buildApp, BootError, definePlugin, Type, type PluginManifest, type StoreConfig } from '@comptoir/core'
import { createTestDatabases, testEngines } from '@comptoir/core/testing'

const dbs = createTestDatabases(t)
const okMigrations = new URL('./fixtures/migrations-ok/', import.meta.url)
const brokenMigrations = new URL('./fixtures/migrations-broken/', import.meta.url)

const base = (name: string, extra: Partial<PluginManifest<any>> = {}): PluginManifest<any> =>
  definePlugin({ name, version: '1.2.0', ...extra })

/** Boot must reject with a BootError of `code` whose message names `plugin`. */
async function expectBootError (t: Test, config: StoreConfig, code: string, plugin: string): Promise<BootError> {
  const error = await buildApp({ env: false, logger: false, config: { database: { dataDir: 'memory:' }, ...config } }).then(
    async (app) => { await app.close(); throw new Error('boot succeeded') }, (e: unknown) => e)
  t.type(error, BootError)
  t.equal((error as BootError).code, code)
  t.match((error as BootError).message, `'${plugin}'`, 'the message names the plugin')
  return error as BootError
}

t.test('boot stops, naming the plugin, when', async (t) => {
  t.test('a dependency is missing', async (t) => {
    const e = await expectBootError(t, { plugins: [base('orders', { dependsOn: { inventory: '^1.0.0' } })] }, 'CORE_BOOT_MISSING_DEPENDENCY', 'orders')
    t.match(e.message, /'inventory' \^1\.0\.0, which is not installed/)
  })
  t.test('a dependency has an incompatible version', async (t) => {
    const e = await expectBootError(t, { plugins: [base('inventory'), base('orders', { dependsOn: { inventory: '^2.0.0' } })] }, 'CORE_BOOT_INCOMPATIBLE_VERSION', 'orders')
    t.match(e.message, /needs 'inventory' \^2\.0\.0, found 1\.2\.0/)
  })
  t.test('the plugin needs another core version', async (t) => {
    await expectBootError(t, { plugins: [base('legacy', { core: '^9.0.0' })] }, 'CORE_BOOT_INCOMPATIBLE_VERSION', 'legacy')
  })
  t.test('dependencies form a cycle', async (t) => {
    const e = await expectBootError(t, {
      plugins: [base('a', { dependsOn: { b: '*' } }), base('b', { dependsOn: { c: '*' } }), base('c', { dependsOn: { a: '*' } })],
    }, 'CORE_BOOT_DEPENDENCY_CYCLE', 'a')
    t.match(e.message, /a -> b -> c -> a/)
  })
  t.test('two plugins share a name', async (t) => {
    await expectBootError(t, { plugins: [base('catalog'), base('catalog')] }, 'CORE_BOOT_DUPLICATE_PLUGIN', 'catalog')
  })
  t.test('the plugin config is invalid', async (t) => {
    const withConfig = base('mailer', { config: Type.Object({ port: Type.Integer({ minimum: 1, default: 25 }) }, { additionalProperties: false }) })
    const e = await expectBootError(t, { plugins: [[withConfig, { port: 0 }]] }, 'CORE_BOOT_INVALID_CONFIG', 'mailer')
    t.match(e.message, /at \/port/)
  })
  t.test('the plugin config has an unknown option, named with the known ones', async (t) => {
    const withConfig = base('cart', { config: Type.Object({ maxItems: Type.Integer({ default: 5 }), smtp: Type.Object({ host: Type.String({ default: 'mx' }) }, { additionalProperties: false, default: {} }) }, { additionalProperties: false }) })
    const typo = await expectBootError(t, { plugins: [[withConfig, { maxItem: 3 }]] }, 'CORE_BOOT_INVALID_CONFIG', 'cart')
    t.match(typo.message, 'at /maxItem: unknown option maxItem (known: maxItems, smtp)')
    t.notMatch(typo.message, /schema is false/)
    const nested = await expectBootError(t, { plugins: [[withConfig, { smtp: { hots: 'mx' } }]] }, 'CORE_BOOT_INVALID_CONFIG', 'cart')
    t.match(nested.message, 'at /smtp/hots: unknown option hots (known: host)')
  })
  t.test('two plugins register the same service name', async (t) => {
    await expectBootError(t, {
      plugins: [base('one', { services: { shared: () => ({}) } }), base('two', { services: { shared: () => ({}) } })],
    }, 'CORE_BOOT_DUPLICATE_SERVICE', 'two')
  })
  t.test('a migration fails, and the failed migration leaves nothing behind', async (t) => {
    for (const engine of testEngines()) {
      const database = await dbs.open(t, engine)
      const error = await buildApp({ env: false, logger: false, database, migrate: true, config: { plugins: [base('broken', { migrations: brokenMigrations })] } })
        .then(async (app) => { await app.close(); return null }, (e: unknown) => e as BootError)
      t.equal(error?.code, 'CORE_BOOT_MIGRATION_FAILED', engine)
      t.match(error?.message, /plugin 'broken' failed/, engine)
      t.equal(await database.knex.schema.hasTable('broken_first'), false, `${engine}: rolled back`)
    }
  })
})

t.test('the kernel config is validated at boot', async (t) => {
  const error = await buildApp({ env: false, logger: false, config: { http: { port: 70000 } } }).then(async (app) => { await app.close(); throw new Error('boot succeeded') }, (e: unknown) => e as BootError)
  t.equal(error.code, 'CORE_BOOT_INVALID_CONFIG')
  t.match(error.message, /\/http\/port/)
})

t.test('plugins boot in dependency order, whatever order they are listed in', async (t) => {
  const seen: string[] = []
  const record = (name: string) => base(name, { services: {}, routes: { store: async () => { seen.push(name) } } })
  const app = await buildApp({
    env: false, logger: false, config: {
      database: { dataDir: 'memory:' },
      plugins: [{ ...record('orders'), dependsOn: { catalog: '^1.0.0', inventory: '^1.0.0' } }, { ...record('inventory'), dependsOn: { catalog: '^1.0.0' } }, record('catalog')],
    },
  })
  t.teardown(() => app.close())
  t.same(seen, ['catalog', 'inventory', 'orders'])
  t.same(app.comptoir.plugins.map((p) => p.manifest.name), ['catalog', 'inventory', 'orders'])
})

interface Registry { registryEntries: { add: (name: string) => void, entries: string[] } }

t.test('onBoot runs once per app, in dependency order, and can plug into a dependency\'s service', async (t) => {
  const registry = base('registry', {
    services: { registryEntries: () => { const entries: string[] = []; return { add: (name: string) => { entries.push(name) }, entries } } },
    onBoot: (services, scope) => { (services as unknown as Registry).registryEntries.add(`${scope.name} (own)`) },
  })
  const contributor = base('contributor', {
    dependsOn: { registry: '*' },
    config: Type.Object({ label: Type.String({ default: 'from config' }) }),
    onBoot: (services, scope) => { (services as unknown as Registry).registryEntries.add((scope.config as { label: string }).label) },
  })
  const app = await buildApp({ env: false, logger: false, config: { database: { dataDir: 'memory:' }, plugins: [contributor, registry] } })
  t.teardown(() => app.close())
  t.same((app.services as unknown as Registry).registryEntries.entries, ['registry (own)', 'from config'])

  const failing = base('failing', { onBoot: () => { throw new Error('no provider slot') } })
  const e = await expectBootError(t, { plugins: [failing] }, 'CORE_BOOT_INVALID_PLUGIN', 'failing')
  t.match(e.message, /onBoot \(no provider slot\)/)
})

for (const engine of testEngines()) {
  t.test(`${engine}: a plugin's migration, service and route work`, async (t) => {
    const items = definePlugin({
      name: 'items',
      version: '0.1.0',
      config: Type.Object({ prefix: Type.String({ default: 'item-' }) }),
      migrations: okMigrations,
      services: {
        items: ({ db }, plugin) => ({
          add: async (label: string) => (await db('boot_items').insert({ label: `${plugin.config.prefix}${label}` }).returning(['id', 'label']))[0] as { id: string, label: string },
        }),
      },
      routes: {
        store: async (app) => {
          app.post('/items', {
            schema: { tags: ['items'], operationId: 'createItem', body: Type.Object({ label: Type.String({ minLength: 1, maxLength: 20 }) }, { additionalProperties: false }), response: { 201: Type.Object({ id: Type.String(), label: Type.String() }) } },
          }, async (request, reply) => {
            const { items } = app.services as unknown as { items: { add: (l: string) => Promise<{ id: string, label: string }> } }
            return reply.code(201).send(await items.add((request.body as { label: string }).label))
          })
        },
      },
    })
    const app = await dbs.app(t, engine, { plugins: [items] })
    const created = await app.inject({ method: 'POST', url: '/store/items', payload: { label: 'one' } })
    t.equal(created.statusCode, 201)
    t.equal(created.json().label, 'item-one')
    t.equal(created.headers['x-content-type-options'], 'nosniff', 'security headers are sent')
    t.match(created.headers['content-security-policy'], /default-src 'none'/)
    const bad = await app.inject({ method: 'POST', url: '/store/items', payload: { label: '', extra: true } })
    t.equal(bad.statusCode, 400)
    t.equal(bad.headers['content-type'], 'application/problem+json; charset=utf-8')
    t.equal(bad.json().code, 'CORE_VALIDATION')
    t.same(bad.json().errors.map((e: { pointer: string }) => e.pointer).sort(), ['/body/extra', '/body/label'])
    t.equal(Number((await app.comptoir.database.knex('boot_items').count({ n: '*' }))[0]?.n), 1, 'the bad request changed nothing')
  })

  t.test(`${engine}: without migrate, pending migrations stop boot and say how to apply them`, async (t) => {
    const database = await dbs.open(t, engine)
    const plugin = base('items', { migrations: okMigrations })
    const error = await buildApp({ env: false, logger: false, database, migrate: false, config: { plugins: [plugin] } }).then(async (app) => { await app.close(); throw new Error('boot succeeded') }, (e: unknown) => e as BootError)
    t.equal(error.code, 'CORE_BOOT_PENDING_MIGRATIONS')
    t.match(error.message, /items \(1\).*comptoir migrate up/)
    const migrated = await buildApp({ env: false, logger: false, database, migrate: true, config: { plugins: [plugin] } })
    await migrated.close()
    const again = await buildApp({ env: false, logger: false, database, migrate: false, config: { plugins: [plugin] } })
    t.ok(await again.comptoir.database.knex.schema.hasTable('boot_items'), 'boots once migrated')
    await again.close()
  })
}

t.test('the embedded engine keeps its data across restarts', async (t) => {
  const dataDir = t.testdir()
  const plugin = base('items', { migrations: okMigrations })
  const first = await buildApp({ env: false, logger: false, config: { database: { dataDir }, plugins: [plugin] } })
  await first.comptoir.database.knex('boot_items').insert({ label: 'kept' })
  await first.close()
  const second = await buildApp({ env: false, logger: false, config: { database: { dataDir }, plugins: [plugin] } })
  t.teardown(() => second.close())
  t.same(await second.comptoir.database.knex('boot_items').pluck('label'), ['kept'])
})
