import t, { type Test } from 'tap'
import { randomUUID } from 'node:crypto'
import { ConflictError, definePlugin, inTransaction, systemActor, Type, type AuditEntry } from '@comptoir/core'
import { createTestDatabases, testEngines, uniqueName } from '@comptoir/core/testing'
import type { FastifyInstance } from 'fastify'

const dbs = createTestDatabases(t)

class WidgetLockedError extends ConflictError {
  readonly code = 'SHOP_WIDGET_LOCKED'
  readonly title = 'The widget is locked'
}

const Widget = Type.Object({ id: Type.String(), name: Type.String() })
const WidgetInput = Type.Object({
  name: Type.String({ maxLength: 50 }),
  apiToken: Type.Optional(Type.String({ maxLength: 50 })),
  owner: Type.Optional(Type.Object({ email: Type.String({ maxLength: 50 }), password: Type.String({ maxLength: 50 }) }, { additionalProperties: false })),
}, { additionalProperties: false })
const WidgetParams = Type.Object({ widgetId: Type.String({ maxLength: 50 }) }, { additionalProperties: false })
const write = { permission: 'shop:write' }
const schema = (operationId: string, extra: Record<string, unknown> = {}) => ({ tags: ['shop'], operationId, summary: operationId, ...extra })

/** A plugin whose admin routes write nothing: they exist to be audited. */
const shop = definePlugin({
  name: 'shop',
  version: '1.0.0',
  permissions: ['shop:write'],
  routes: {
    admin: async (app) => {
      app.get('/widgets', { config: write, schema: schema('listWidgets', { response: { 200: Type.Array(Widget) } }) }, async () => [])
      app.post<{ Body: { name: string } }>('/widgets', { config: write, schema: schema('createWidget', { body: WidgetInput, response: { 201: Widget } }) },
        async (request, reply) => await reply.code(201).send({ id: randomUUID(), name: request.body.name }))
      app.put<{ Params: { widgetId: string }, Body: { name: string } }>('/widgets/:widgetId', { config: write, schema: schema('renameWidget', { params: WidgetParams, body: WidgetInput, response: { 200: Widget } }) },
        async (request) => ({ id: request.params.widgetId, name: request.body.name }))
      app.delete<{ Params: { widgetId: string } }>('/widgets/:widgetId', { config: write, schema: schema('deleteWidget', { params: WidgetParams, response: { 204: Type.Null() } }) },
        async (_request, reply) => await reply.code(204).send())
      app.post<{ Params: { widgetId: string } }>('/widgets/:widgetId/publish', { config: write, schema: schema('publishWidget', { params: WidgetParams, response: { 200: Widget } }) },
        async (request) => await inTransaction(request.ctx, async (tx) => {
          await app.services.audit.record(tx, { action: 'shop.widget.published', targetType: 'widget', targetId: request.params.widgetId, before: { published: false }, after: { published: true } })
          return { id: request.params.widgetId, name: 'w' }
        }))
      app.post('/widgets/:widgetId/lock', { config: write, schema: schema('lockWidget', { params: WidgetParams, response: { 200: Widget } }) },
        async () => { throw new WidgetLockedError('locked') })
      app.post('/widgets/refresh', { config: { ...write, audit: false }, schema: schema('refreshWidgets', { response: { 200: Type.Object({ ok: Type.Boolean() }) } }) },
        async () => ({ ok: true }))
      app.post<{ Body: { name: string } }>('/contacts', { config: { ...write, audit: { body: false } }, schema: schema('createContact', { body: WidgetInput, response: { 201: Widget } }) },
        async (request, reply) => await reply.code(201).send({ id: 'c1', name: request.body.name }))
    },
  },
})

/** An owner's bearer token when auth is installed; no header before it is. */
async function adminHeaders (app: FastifyInstance): Promise<{ headers: Record<string, string>, actorId: string | null }> {
  if (!app.container.hasRegistration('auth')) return { headers: {}, actorId: null }
  const ctx = app.comptoir.systemCtx(systemActor)
  const credentials = { email: `${uniqueName('owner')}@example.com`, password: 'correct horse battery staple' }
  const user = await app.services.auth.createAdminUser(ctx, { ...credentials, roles: ['owner'] })
  const session = await app.services.auth.login(ctx, credentials)
  return { headers: { authorization: `Bearer ${session.token}` }, actorId: user.id }
}

async function setup (t: Test, engine: 'embedded' | 'postgres') {
  const app = await dbs.app(t, engine, { plugins: [shop] })
  const { headers, actorId } = await adminHeaders(app)
  const entries = async (filter: Record<string, string> = {}): Promise<AuditEntry[]> =>
    (await app.services.audit.list(app.comptoir.systemCtx(), { ...filter, limit: 100 })).items
  return { app, headers, actorId, entries }
}

for (const engine of testEngines()) {
  t.test(`${engine}: a successful admin write is recorded automatically, secrets redacted`, async (t) => {
    const { app, headers, actorId, entries } = await setup(t, engine)
    const res = await app.inject({
      method: 'POST', url: '/admin/widgets', headers,
      payload: { name: 'Blue', apiToken: 'tok_123', owner: { email: 'o@example.com', password: 'hunter2' } },
    })
    t.equal(res.statusCode, 201)
    const [entry] = await entries({ action: 'createWidget' })
    t.same(entry, {
      id: entry.id, occurredAt: entry.occurredAt, actor: actorId == null ? null : { type: 'admin', id: actorId },
      action: 'createWidget', targetType: 'widgets', targetId: res.json().id, before: null,
      after: { name: 'Blue', apiToken: '[REDACTED]', owner: { email: 'o@example.com', password: '[REDACTED]' } },
      requestId: res.headers['x-request-id'], source: 'request',
    })
  })

  t.test(`${engine}: the target comes from the route params on PUT and DELETE`, async (t) => {
    const { app, headers, entries } = await setup(t, engine)
    t.equal((await app.inject({ method: 'PUT', url: '/admin/widgets/w-7', headers, payload: { name: 'Red' } })).statusCode, 200)
    t.equal((await app.inject({ method: 'DELETE', url: '/admin/widgets/w-7', headers })).statusCode, 204)
    t.match(await entries({ targetId: 'w-7' }), [
      { action: 'deleteWidget', targetType: 'widgets', targetId: 'w-7', after: null },
      { action: 'renameWidget', targetType: 'widgets', targetId: 'w-7', after: { name: 'Red' } },
    ])
  })

  t.test(`${engine}: a handler that records its own entry is not recorded twice`, async (t) => {
    const { app, headers, entries } = await setup(t, engine)
    const res = await app.inject({ method: 'POST', url: '/admin/widgets/w-1/publish', headers })
    t.equal(res.statusCode, 200)
    const all = await entries()
    t.equal(all.length, 1)
    t.match(all[0], { action: 'shop.widget.published', targetId: 'w-1', source: 'service', requestId: res.headers['x-request-id'], before: { published: false } })
  })

  t.test(`${engine}: failed writes, reads and opted-out routes are not recorded`, async (t) => {
    const { app, headers, entries } = await setup(t, engine)
    t.equal((await app.inject({ method: 'POST', url: '/admin/widgets/w-1/lock', headers })).statusCode, 409)
    t.equal((await app.inject({ method: 'POST', url: '/admin/widgets', headers, payload: { name: 1 } })).statusCode, 400)
    t.equal((await app.inject({ method: 'GET', url: '/admin/widgets', headers })).statusCode, 200)
    t.equal((await app.inject({ method: 'POST', url: '/admin/widgets/refresh', headers })).statusCode, 200)
    t.same(await entries(), [])
  })

  t.test(`${engine}: a route can keep its body out of the log`, async (t) => {
    const { app, headers, entries } = await setup(t, engine)
    t.equal((await app.inject({ method: 'POST', url: '/admin/contacts', headers, payload: { name: 'Jane Doe' } })).statusCode, 201)
    t.match(await entries(), [{ action: 'createContact', targetType: 'contacts', targetId: 'c1', after: null }])
  })

  t.test(`${engine}: GET /admin/audit-log filters and pages`, async (t) => {
    const { app, headers } = await setup(t, engine)
    for (const id of ['a', 'b', 'c']) await app.inject({ method: 'PUT', url: `/admin/widgets/${id}`, headers, payload: { name: id } })
    await app.inject({ method: 'DELETE', url: '/admin/widgets/b', headers })
    const list = async (query: string) => await app.inject({ method: 'GET', url: `/admin/audit-log?${query}`, headers })
    const page1 = await list('action=renameWidget&limit=2')
    t.equal(page1.statusCode, 200)
    t.same(page1.json().items.map((e: AuditEntry) => e.targetId), ['c', 'b'])
    const page2 = (await list(`action=renameWidget&limit=2&cursor=${page1.json().nextCursor as string}`)).json()
    t.same(page2.items.map((e: AuditEntry) => e.targetId), ['a'])
    t.equal(page2.nextCursor, null)
    t.same((await list('targetType=widgets&targetId=b')).json().items.map((e: AuditEntry) => e.action), ['deleteWidget', 'renameWidget'])
    t.same((await list(`from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).json().items, [])
    t.equal((await list('from=yesterday')).statusCode, 400)
    t.equal((await list('cursor=bm9wZQ')).statusCode, 400)
    t.equal((await list('colour=red')).statusCode, 400, 'unknown filters are rejected')
  })

  t.test(`${engine}: the audit log cannot be changed through the API`, async (t) => {
    const { app, headers } = await setup(t, engine)
    t.equal((await app.inject({ method: 'DELETE', url: '/admin/audit-log', headers })).statusCode, 404)
    t.equal((await app.inject({ method: 'PUT', url: '/admin/audit-log', headers, payload: {} })).statusCode, 404)
    if (app.container.hasRegistration('auth')) t.equal((await app.inject({ method: 'GET', url: '/admin/audit-log' })).statusCode, 401)
  })
}
