import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { definePlugin, encodeCursor, migrateDown, migrateUp, Type } from '@comptoir/core'
import { createTestDatabases, testEngines } from '@comptoir/core/testing'
import greetings, { type Message } from '@comptoir-fixtures/plugin-greetings'

const dbs = createTestDatabases(t)
const messagesUrl = '/store/greetings/messages'

// A plugin that only this file installs: its one route fails the way a bug would.
const leakyQuery = 'select password_hash from secret_users where email = \'ann@example.com\''
const failing = definePlugin({
  name: 'kernel-probe',
  routes: {
    store: async (app) => {
      app.get('/kernel-probe/failure', {
        schema: { tags: ['kernel-probe'], operationId: 'failOnPurpose', response: { 200: Type.Object({ ok: Type.Boolean() }) } },
      }, async () => { throw new Error(`syntax error at or near "frm" in: ${leakyQuery}`) })
    },
  },
})

async function countMessages (app: FastifyInstance): Promise<number> {
  const [row] = await app.comptoir.database.knex('greetings_messages').count({ n: '*' })
  return Number(row.n)
}

async function createMessage (app: FastifyInstance, payload: Record<string, unknown>): Promise<Message> {
  const res = await app.inject({ method: 'POST', url: messagesUrl, payload })
  if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`)
  return res.json<Message>()
}

for (const engine of testEngines()) {
  t.test(engine, async (t) => {
    t.test('the migration creates greetings_messages, is recorded under the plugin, and rolls back', async (t) => {
      const app = await dbs.app(t, engine, { plugins: [greetings] })
      const { knex } = app.comptoir.database
      t.ok(await knex.schema.hasTable('greetings_messages'))
      const applied = await knex('comptoir_migrations_greetings').pluck('name')
      t.same(applied, ['202611251000_create_greetings_messages'])

      const owners = [{ name: 'greetings', folder: greetings.migrations as URL }]
      await migrateDown(knex, owners)
      t.notOk(await knex.schema.hasTable('greetings_messages'), 'down drops the table')
      await migrateUp(knex, owners)
      t.ok(await knex.schema.hasTable('greetings_messages'), 'up creates it again')
    })

    t.test('a message created over HTTP is found by the service, and one created by the service over HTTP', async (t) => {
      const app = await dbs.app(t, engine, { plugins: [greetings] })
      const ctx = app.comptoir.systemCtx()

      const created = await app.inject({ method: 'POST', url: messagesUrl, payload: { slug: 'welcome', recipient: 'ann' } })
      t.equal(created.statusCode, 201)
      const message = created.json<Message>()
      t.match(message, { slug: 'welcome', recipient: 'ann', text: 'Welcome to Comptoir store!' })
      t.same(await app.services.greetings.get(ctx, message.id), message)

      const direct = await app.services.greetings.create(ctx, { slug: 'farewell', recipient: 'bob', text: 'Bye!' })
      const read = await app.inject({ method: 'GET', url: `${messagesUrl}/${direct.id}` })
      t.equal(read.statusCode, 200)
      t.same(read.json(), direct)
      t.equal(await countMessages(app), 2)
    })

    t.test('the plugin options given in the store config replace the defaults', async (t) => {
      const app = await dbs.app(t, engine, { plugins: [[greetings, { defaultText: 'Hi from {store}' }]], store: { name: 'Le Comptoir' } })
      const message = await createMessage(app, { slug: 'hi', recipient: 'ann' })
      t.equal(message.text, 'Hi from Le Comptoir')
    })

    t.test('invalid input is a 400 problem with a pointer per field, and stores nothing', async (t) => {
      const app = await dbs.app(t, engine, { plugins: [greetings] })
      const res = await app.inject({
        method: 'POST', url: messagesUrl,
        payload: { slug: 'Not A Slug', text: 'x'.repeat(501), admin: true },
      })
      t.equal(res.statusCode, 400)
      t.match(res.headers['content-type'], /^application\/problem\+json/)
      const problem = res.json()
      t.match(problem, { code: 'CORE_VALIDATION', status: 400, type: 'https://comptoir.dev/problems/core-validation', instance: messagesUrl })
      t.same(problem.errors.map((e: { pointer: string }) => e.pointer).sort(), ['/body/admin', '/body/recipient', '/body/slug', '/body/text'])
      t.equal(await countMessages(app), 0)
    })

    t.test('a body that is not JSON is a 400 problem, and stores nothing', async (t) => {
      const app = await dbs.app(t, engine, { plugins: [greetings] })
      const res = await app.inject({ method: 'POST', url: messagesUrl, headers: { 'content-type': 'application/json' }, payload: '{"slug": "a",' })
      t.equal(res.statusCode, 400)
      t.equal(res.json().code, 'CORE_MALFORMED_REQUEST')
      t.equal(await countMessages(app), 0)
    })

    t.test('an id that is not a uuid is a 400 pointing at the path parameter', async (t) => {
      const app = await dbs.app(t, engine, { plugins: [greetings] })
      const res = await app.inject({ method: 'GET', url: `${messagesUrl}/42` })
      t.equal(res.statusCode, 400)
      t.same(res.json().errors, [{ pointer: '/params/messageId', detail: 'must match format "uuid"' }])
    })

    t.test('an unknown message is a 404 problem GREETINGS_MESSAGE_NOT_FOUND naming the id', async (t) => {
      const app = await dbs.app(t, engine, { plugins: [greetings] })
      const id = '00000000-0000-4000-8000-000000000000'
      const res = await app.inject({ method: 'GET', url: `${messagesUrl}/${id}` })
      t.equal(res.statusCode, 404)
      t.match(res.headers['content-type'], /^application\/problem\+json/)
      t.match(res.json(), { code: 'GREETINGS_MESSAGE_NOT_FOUND', title: 'Message not found', messageId: id, requestId: String })
    })

    t.test('a duplicate slug is a 409 problem GREETINGS_SLUG_TAKEN and keeps the first message', async (t) => {
      const app = await dbs.app(t, engine, { plugins: [greetings] })
      const first = await createMessage(app, { slug: 'welcome', recipient: 'ann', text: 'First' })
      const res = await app.inject({ method: 'POST', url: messagesUrl, payload: { slug: 'welcome', recipient: 'bob', text: 'Second' } })
      t.equal(res.statusCode, 409)
      t.match(res.headers['content-type'], /^application\/problem\+json/)
      t.match(res.json(), { code: 'GREETINGS_SLUG_TAKEN', status: 409, slug: 'welcome', type: 'https://comptoir.dev/problems/greetings-slug-taken' })
      t.notMatch(res.body, /greetings_messages|duplicate key|23505/, 'the database error stays inside')
      t.equal(await countMessages(app), 1)
      t.same(await app.services.greetings.get(app.comptoir.systemCtx(), first.id), first)
    })

    t.test('concurrent creates of one slug: exactly one wins, the others get 409', async (t) => {
      const app = await dbs.app(t, engine, { plugins: [greetings] })
      const results = await Promise.all(Array.from({ length: 12 }, async (_, i) =>
        await app.inject({ method: 'POST', url: messagesUrl, payload: { slug: 'race', recipient: `r${i}` } })))
      t.same(results.map((r) => r.statusCode).sort(), [201, ...Array<number>(11).fill(409)])
      t.equal(await countMessages(app), 1)
    })

    t.test('an unknown route is a 404 problem CORE_ROUTE_NOT_FOUND', async (t) => {
      const app = await dbs.app(t, engine, { plugins: [greetings] })
      const res = await app.inject({ method: 'DELETE', url: `${messagesUrl}?x=1` })
      t.equal(res.statusCode, 404)
      t.match(res.headers['content-type'], /^application\/problem\+json/)
      t.match(res.json(), { code: 'CORE_ROUTE_NOT_FOUND', status: 404, instance: messagesUrl, requestId: String })
    })

    t.test('a raw Error from a handler is a 500 CORE_INTERNAL without message, stack or SQL, logged with the request id', async (t) => {
      const lines: string[] = []
      const app = await dbs.app(t, engine, { plugins: [greetings, failing] }, {
        logger: { level: 'info', stream: { write: (line: string) => { lines.push(line) } } },
      })
      const res = await app.inject({ method: 'GET', url: '/store/kernel-probe/failure' })
      t.equal(res.statusCode, 500)
      t.match(res.headers['content-type'], /^application\/problem\+json/)
      const problem = res.json()
      t.same(Object.keys(problem).sort(), ['code', 'detail', 'instance', 'requestId', 'status', 'title', 'type'])
      t.match(problem, { code: 'CORE_INTERNAL', title: 'Internal error', status: 500 })
      t.notMatch(res.body, /secret_users|password|syntax error|frm|stack|\.ts:\d+/)

      // The operator, unlike the client, gets the whole error, tied to the request by its id.
      const logged = lines.map((l) => JSON.parse(l) as { level: number, reqId?: string, err?: { message: string, stack: string } })
        .find((entry) => entry.level === 50)
      t.equal(logged?.reqId, problem.requestId)
      t.match(logged?.err?.message, leakyQuery)
      t.match(logged?.err?.stack, /third-party-plugin\.test\.ts/)
    })

    t.test('cursor pagination walks every message once, in (recipient, id) order', async (t) => {
      const app = await dbs.app(t, engine, { plugins: [greetings] })
      const recipients = ['cyd', 'ann', 'bob']
      const created: Message[] = []
      // Several messages per recipient, so pages split inside a run of equal first keys.
      for (let i = 0; i < 23; i++) created.push(await createMessage(app, { slug: `m-${i}`, recipient: recipients[i % 3] }))

      const seen: Message[] = []
      let cursor: string | null = null
      let pages = 0
      do {
        const query: Record<string, string> = { limit: '5', ...(cursor != null ? { cursor } : {}) }
        const res = await app.inject({ method: 'GET', url: messagesUrl, query })
        t.equal(res.statusCode, 200)
        const page = res.json<{ items: Message[], nextCursor: string | null }>()
        t.ok(page.items.length <= 5)
        seen.push(...page.items)
        cursor = page.nextCursor
        pages++
      } while (cursor != null && pages < 10)

      t.equal(pages, 5)
      t.equal(new Set(seen.map((m) => m.id)).size, 23, 'no duplicates')
      const expected = [...created].sort((a, b) => a.recipient === b.recipient ? (a.id < b.id ? -1 : 1) : (a.recipient < b.recipient ? -1 : 1))
      t.same(seen.map((m) => m.id), expected.map((m) => m.id))
    })

    t.test('a tampered or foreign cursor is a 400 problem', async (t) => {
      const app = await dbs.app(t, engine, { plugins: [greetings] })
      for (let i = 0; i < 3; i++) await createMessage(app, { slug: `m-${i}`, recipient: 'ann' })
      const first = await app.inject({ method: 'GET', url: messagesUrl, query: { limit: '1' } })
      const cursor = first.json<{ nextCursor: string }>().nextCursor
      t.type(cursor, 'string')

      const tampered = [
        cursor.slice(0, -3),                                 // truncated: no longer JSON
        encodeCursor('catalog.products', ['ann', '00000000-0000-4000-8000-000000000000']), // another list's
        encodeCursor('greetings.messages', ['ann']),        // wrong arity
        Buffer.from('not json at all').toString('base64url'),
      ]
      for (const bad of tampered) {
        const res = await app.inject({ method: 'GET', url: messagesUrl, query: { limit: '1', cursor: bad } })
        t.equal(res.statusCode, 400, bad)
        t.equal(res.json().code, 'CORE_INVALID_CURSOR', bad)
      }
      const garbage = await app.inject({ method: 'GET', url: messagesUrl, query: { cursor: 'a+b/c=' } })
      t.equal(garbage.statusCode, 400)
      t.same(garbage.json().errors.map((e: { pointer: string }) => e.pointer), ['/query/cursor'])
    })

    // Cursors are unsigned base64 JSON, so a client can forge one whose values pass decodeCursor
    // but fail in SQL (22P02 on a uuid column); keysetPage turns that into a 400.
    t.test('a forged cursor whose values have the wrong type is a 400, not a 500', async (t) => {
      const app = await dbs.app(t, engine, { plugins: [greetings] })
      await createMessage(app, { slug: 'm', recipient: 'ann' })
      const forged = encodeCursor('greetings.messages', ['ann', 'not-a-uuid'])
      const res = await app.inject({ method: 'GET', url: messagesUrl, query: { cursor: forged } })
      t.equal(res.statusCode, 400)
      t.equal(res.json().code, 'CORE_INVALID_CURSOR')
    })
  })
}
