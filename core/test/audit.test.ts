import t from 'tap'
import { inTransaction, type Ctx } from '@comptoir/core'
import { createTestDatabases, testEngines } from '@comptoir/core/testing'
import type { FastifyInstance } from 'fastify'

const dbs = createTestDatabases(t)

const actorCtx = (app: FastifyInstance, id = 'a1', type: 'admin' | 'api-key' = 'admin'): Ctx =>
  ({ ...app.comptoir.systemCtx(), actor: { type, id, permissions: ['*'] } })

const rowCount = async (app: FastifyInstance): Promise<number> =>
  Number((await app.comptoir.database.knex('comptoir_audit_log').count({ n: '*' }))[0].n)

for (const engine of testEngines()) {
  t.test(`${engine}: record stores actor, action, target, request id and only the changed fields`, async (t) => {
    const app = await dbs.app(t, engine)
    const ctx = actorCtx(app, 'alice')
    const { id } = await app.services.audit.record(ctx, {
      action: 'shop.product.updated', targetType: 'product', targetId: 'p1',
      before: { title: 'Mug', price: 900, tags: ['a'] }, after: { title: 'Mug', price: 1200, tags: ['a', 'b'], sku: 'M-1' },
    })
    const [entry] = (await app.services.audit.list(ctx)).items
    t.same(entry, {
      id, occurredAt: entry.occurredAt, actor: { type: 'admin', id: 'alice' }, action: 'shop.product.updated',
      targetType: 'product', targetId: 'p1', before: { price: 900, tags: ['a'] }, after: { price: 1200, tags: ['a', 'b'], sku: 'M-1' },
      requestId: ctx.requestId, source: 'service',
    })
    t.ok(Math.abs(Date.parse(entry.occurredAt) - Date.now()) < 60_000)
  })

  t.test(`${engine}: an erasure can be recorded without before or after`, async (t) => {
    const app = await dbs.app(t, engine)
    await app.services.audit.record(actorCtx(app), { action: 'customers.customer.erased', targetType: 'customer', targetId: 'c1' })
    t.match((await app.services.audit.list(actorCtx(app))).items, [{ action: 'customers.customer.erased', before: null, after: null }])
  })

  t.test(`${engine}: an entry recorded in a rolled-back transaction leaves no row`, async (t) => {
    const app = await dbs.app(t, engine)
    await t.rejects(inTransaction(actorCtx(app), async (tx) => {
      await app.services.audit.record(tx, { action: 'shop.product.deleted', targetType: 'product', targetId: 'p1' })
      t.equal(Number((await tx.db('comptoir_audit_log').count({ n: '*' }))[0].n), 1, 'visible inside the transaction')
      throw new Error('abort')
    }), /abort/)
    t.equal(await rowCount(app), 0)
  })

  t.test(`${engine}: secret-looking fields are redacted, at any depth`, async (t) => {
    const app = await dbs.app(t, engine)
    await app.services.audit.record(actorCtx(app), {
      action: 'shop.gateway.configured',
      after: { name: 'stripe', apiKey: 'sk_live_1', webhook: { signingSecret: 'whsec', url: 'https://x' }, users: [{ email: 'a@b.c', password: 'hunter2' }], monkey: 'ok', key: 'k' },
    })
    const [entry] = (await app.services.audit.list(actorCtx(app))).items
    t.same(entry.after, {
      name: 'stripe', apiKey: '[REDACTED]', webhook: { signingSecret: '[REDACTED]', url: 'https://x' },
      users: [{ email: 'a@b.c', password: '[REDACTED]' }], monkey: 'ok', key: '[REDACTED]',
    })
  })

  t.test(`${engine}: the log is append-only in the database`, async (t) => {
    const app = await dbs.app(t, engine)
    const { id } = await app.services.audit.record(actorCtx(app), { action: 'shop.product.created', targetId: 'p1' })
    const knex = app.comptoir.database.knex
    await t.rejects(knex('comptoir_audit_log').where({ id }).update({ action: 'forged' }), /append-only/)
    await t.rejects(knex('comptoir_audit_log').where({ id }).delete(), /append-only/)
    t.equal(await rowCount(app), 1)
    t.equal((await app.services.audit.list(actorCtx(app))).items[0].action, 'shop.product.created')
  })

  t.test(`${engine}: list filters by actor, action, target and time, newest first`, async (t) => {
    const app = await dbs.app(t, engine)
    const { audit } = app.services
    await audit.record(actorCtx(app, 'alice'), { action: 'shop.product.created', targetType: 'product', targetId: 'p1' })
    await audit.record(actorCtx(app, 'bob'), { action: 'shop.product.updated', targetType: 'product', targetId: 'p1' })
    await audit.record(actorCtx(app, 'key1', 'api-key'), { action: 'shop.order.cancelled', targetType: 'order', targetId: 'o1' })
    const actions = async (filter: Parameters<typeof audit.list>[1]) => (await audit.list(actorCtx(app), filter)).items.map((e) => e.action)
    t.same(await actions({}), ['shop.order.cancelled', 'shop.product.updated', 'shop.product.created'])
    t.same(await actions({ actorId: 'alice' }), ['shop.product.created'])
    t.same(await actions({ actorType: 'api-key' }), ['shop.order.cancelled'])
    t.same(await actions({ action: 'shop.product.updated' }), ['shop.product.updated'])
    t.same(await actions({ targetType: 'product', targetId: 'p1' }), ['shop.product.updated', 'shop.product.created'])
    t.same(await actions({ targetId: 'o1', actorId: 'alice' }), [])
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString()
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString()
    t.equal((await actions({ from: hourAgo, to: inAnHour })).length, 3)
    t.same(await actions({ from: inAnHour }), [])
    t.same(await actions({ to: hourAgo }), [])
  })

  t.test(`${engine}: list pages with a cursor, without gaps or repeats`, async (t) => {
    const app = await dbs.app(t, engine)
    for (let i = 1; i <= 5; i++) await app.services.audit.record(actorCtx(app), { action: `shop.step-${i}` })
    const seen: string[] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const page = await app.services.audit.list(actorCtx(app), { limit: 2, cursor })
      seen.push(...page.items.map((e) => e.action))
      cursor = page.nextCursor ?? undefined
      pages++
    } while (cursor != null)
    t.equal(pages, 3)
    t.same(seen, ['shop.step-5', 'shop.step-4', 'shop.step-3', 'shop.step-2', 'shop.step-1'])
    await t.rejects(app.services.audit.list(actorCtx(app), { cursor: 'bm9wZQ' }), { code: 'CORE_INVALID_CURSOR', status: 400 })
  })

  t.test(`${engine}: record refuses an action that is not a plain name`, async (t) => {
    const app = await dbs.app(t, engine)
    await t.rejects(app.services.audit.record(actorCtx(app), { action: '' }), TypeError)
    await t.rejects(app.services.audit.record(actorCtx(app), { action: 'drop table; --' }), TypeError)
    t.equal(await rowCount(app), 0)
  })
}
