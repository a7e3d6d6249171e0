import t, { type Test } from 'tap'
import {
  BootError, buildApp, definePlugin, inTransaction, InvalidSettingValueError, SettingNotFoundError,
  SettingVersionConflictError, Type, type Ctx,
} from '@comptoir/core'
import { createTestDatabases, testEngines } from '@comptoir/core/testing'
import type { FastifyInstance } from 'fastify'

const dbs = createTestDatabases(t)

const shop = definePlugin({
  name: 'shop',
  version: '1.0.0',
  settings: {
    lowStockThreshold: Type.Integer({ default: 5, minimum: 0 }),
    banner: Type.Object({
      text: Type.String({ maxLength: 40 }),
      visible: Type.Boolean({ default: false }),
    }, { default: { text: 'Welcome' }, additionalProperties: false }),
  },
})

const adminCtx = (app: FastifyInstance, id = 'a1'): Ctx =>
  ({ ...app.comptoir.systemCtx(), actor: { type: 'admin', id, permissions: ['*'] } })

const historyCount = async (app: FastifyInstance): Promise<number> =>
  Number((await app.comptoir.database.knex('comptoir_setting_history').count({ n: '*' }))[0].n)

for (const engine of testEngines()) {
  t.test(`${engine}: an unset setting reads as its schema default, version 0`, async (t) => {
    const app = await dbs.app(t, engine, { plugins: [shop] })
    const { settings } = app.services
    t.equal(await settings.get(adminCtx(app), 'shop', 'lowStockThreshold'), 5)
    t.same(await settings.get(adminCtx(app), 'shop', 'banner'), { text: 'Welcome', visible: false })
    const all = await settings.getAll(adminCtx(app), 'shop')
    t.same(all.map((s) => [s.key, s.version, s.updatedAt]), [['shop.lowStockThreshold', 0, null], ['shop.banner', 0, null]])
    t.same(all[0].schema, { type: 'integer', default: 5, minimum: 0 })
  })

  t.test(`${engine}: an unknown setting is a 404 SettingNotFoundError`, async (t) => {
    const app = await dbs.app(t, engine, { plugins: [shop] })
    const { settings } = app.services
    await t.rejects(settings.get(adminCtx(app), 'shop', 'nope'), SettingNotFoundError)
    await t.rejects(settings.set(adminCtx(app), 'other', 'lowStockThreshold', 1), { code: 'CORE_SETTING_NOT_FOUND', status: 404 })
    t.same(await settings.getAll(adminCtx(app), 'other'), [])
  })

  t.test(`${engine}: an invalid value is a 422 with details, and nothing changes`, async (t) => {
    const app = await dbs.app(t, engine, { plugins: [shop] })
    const { settings } = app.services
    const error = await settings.set(adminCtx(app), 'shop', 'lowStockThreshold', -1).catch((e: unknown) => e)
    t.type(error, InvalidSettingValueError)
    t.match(error, { status: 422, code: 'CORE_SETTING_INVALID', extensions: { key: 'shop.lowStockThreshold', errors: [{ pointer: '/body/value' }] } })
    const nested = await settings.set(adminCtx(app), 'shop', 'banner', { text: 'x'.repeat(41) }).catch((e: unknown) => e)
    t.match(nested, { extensions: { errors: [{ pointer: '/body/value/text' }] } })
    await t.rejects(settings.set(adminCtx(app), 'shop', 'lowStockThreshold', '7'), InvalidSettingValueError)
    t.equal(await settings.get(adminCtx(app), 'shop', 'lowStockThreshold'), 5)
    t.equal(await historyCount(app), 0)
  })

  t.test(`${engine}: each change increments the version and history lists old and new values`, async (t) => {
    const app = await dbs.app(t, engine, { plugins: [shop] })
    const { settings } = app.services
    const first = await settings.set(adminCtx(app, 'alice'), 'shop', 'lowStockThreshold', 10)
    t.match(first, { key: 'shop.lowStockThreshold', value: 10, version: 1, updatedBy: { type: 'admin', id: 'alice' } })
    t.ok(Date.parse(first.updatedAt ?? '') > 0)
    const second = await settings.set(adminCtx(app, 'bob'), 'shop', 'lowStockThreshold', 3, { expectedVersion: 1 })
    t.equal(second.version, 2)
    t.equal(await settings.get(adminCtx(app), 'shop', 'lowStockThreshold'), 3)
    const banner = await settings.set(adminCtx(app), 'shop', 'banner', { text: 'Sale' })
    t.same(banner.value, { text: 'Sale', visible: false }, 'schema defaults are applied to the stored value')

    const history = await settings.history(adminCtx(app), 'shop', 'lowStockThreshold')
    t.same(history.items.map((c) => [c.version, c.oldValue, c.newValue, c.actor?.id]), [[2, 10, 3, 'bob'], [1, 5, 10, 'alice']])
    t.equal(history.nextCursor, null)
  })

  t.test(`${engine}: a stale expectedVersion is a 409 and the value stays`, async (t) => {
    const app = await dbs.app(t, engine, { plugins: [shop] })
    const { settings } = app.services
    await settings.set(adminCtx(app), 'shop', 'lowStockThreshold', 8, { expectedVersion: 0 })
    const error = await settings.set(adminCtx(app), 'shop', 'lowStockThreshold', 9, { expectedVersion: 0 }).catch((e: unknown) => e)
    t.type(error, SettingVersionConflictError)
    t.match(error, { status: 409, code: 'CORE_SETTING_VERSION_CONFLICT', extensions: { expectedVersion: 0, currentVersion: 1 } })
    t.equal(await settings.get(adminCtx(app), 'shop', 'lowStockThreshold'), 8)
    t.equal(await historyCount(app), 1)
  })

  t.test(`${engine}: ten concurrent sets produce versions 1 to 10 exactly`, async (t) => {
    const app = await dbs.app(t, engine, { plugins: [shop] })
    const { settings } = app.services
    const results = await Promise.all(Array.from({ length: 10 }, async (_, i) =>
      await settings.set(adminCtx(app), 'shop', 'lowStockThreshold', i + 100)))
    t.same(results.map((r) => r.version).sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    const rows = await app.comptoir.database.knex('comptoir_setting_history').select('version', 'old_value', 'new_value').orderBy('version')
    t.same(rows.map((r) => r.version), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    // Each version's old value is the previous version's new value: no change was overwritten unseen.
    for (let i = 1; i < rows.length; i++) t.equal(rows[i].old_value, rows[i - 1].new_value)
    const current = (await settings.getAll(adminCtx(app), 'shop'))[0]
    t.equal(current.version, 10)
    t.equal(current.value, rows[9].new_value)
  })

  t.test(`${engine}: a change inside a rolled-back transaction leaves no version, history or audit entry`, async (t) => {
    const app = await dbs.app(t, engine, { plugins: [shop] })
    const { settings } = app.services
    await t.rejects(inTransaction(adminCtx(app), async (tx) => {
      await settings.set(tx, 'shop', 'lowStockThreshold', 42)
      throw new Error('abort')
    }), /abort/)
    t.equal(await settings.get(adminCtx(app), 'shop', 'lowStockThreshold'), 5)
    t.equal(await historyCount(app), 0)
    t.same((await app.services.audit.list(adminCtx(app))).items, [])
  })

  t.test(`${engine}: a change is recorded in the audit log with before and after`, async (t) => {
    const app = await dbs.app(t, engine, { plugins: [shop] })
    const { settings, audit } = app.services
    await settings.set(adminCtx(app, 'alice'), 'shop', 'lowStockThreshold', 12)
    const { items } = await audit.list(adminCtx(app), { targetType: 'setting' })
    t.equal(items.length, 1)
    t.match(items[0], {
      action: 'core.setting.updated', targetType: 'setting', targetId: 'shop.lowStockThreshold',
      actor: { type: 'admin', id: 'alice' }, before: { value: 5, version: 0 }, after: { value: 12, version: 1 }, source: 'service',
    })
  })
}

t.test('boot stops, naming the plugin, when a setting', async (t) => {
  const expectBootError = async (t: Test, settings: Record<string, unknown>, message: RegExp): Promise<void> => {
    const plugin = definePlugin({ name: 'broken', settings: settings as never })
    const database = await dbs.open(t, testEngines()[0])
    const error = await buildApp({ env: false, logger: false, migrate: true, database, config: { plugins: [plugin] } })
      .then(async (app) => { await app.close(); return null }, (e: unknown) => e)
    t.type(error, BootError)
    t.match(error, { code: 'CORE_BOOT_INVALID_PLUGIN', plugin: 'broken', message })
  }
  t.test('has no default', async (t) => { await expectBootError(t, { limit: Type.Integer() }, /'limit' without a default/) })
  t.test('has a default its schema rejects', async (t) => { await expectBootError(t, { limit: Type.Integer({ default: -1, minimum: 0 }) }, /does not match its schema/) })
  t.test('has an invalid name', async (t) => { await expectBootError(t, { 'Bad.Name': Type.Integer({ default: 1 }) }, /invalid name/) })
})
