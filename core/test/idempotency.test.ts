import { randomUUID } from 'node:crypto'
import t, { type Test } from 'tap'
import type { FastifyContextConfig, FastifyRequest } from 'fastify'
import { ConflictError, definePlugin, inTransaction, systemActor, Type } from '@comptoir/core'
import { createTestDatabases, testEngines } from '@comptoir/core/testing'
import { purgeExpiredIdempotencyKeys } from '../src/http/idempotency-store.js'

const dbs = createTestDatabases(t)

class RejectedError extends ConflictError {
  readonly code = 'FIXTURE_REJECTED'
  readonly title = 'Rejected'
}

const Order = Type.Object({ id: Type.String(), note: Type.String() })
const OrderInput = Type.Object({ note: Type.String({ maxLength: 100 }), reject: Type.Optional(Type.Boolean()) }, { additionalProperties: false })
const required: FastifyContextConfig = { idempotent: 'required' }

/** Store routes that insert a row per run (into comptoir_state), so tests count handler runs. */
const fixture = definePlugin({
  name: 'fixture',
  version: '1.0.0',
  routes: {
    store: async (app) => {
      const schema = { tags: ['fixture'], body: OrderInput, response: { 201: Order } }
      const place = async (request: FastifyRequest) => {
        const body = request.body as { note: string, reject?: boolean }
        // Slow enough that concurrent duplicates overlap.
        await new Promise((resolve) => setTimeout(resolve, 50))
        if (request.headers['x-fail'] === 'yes') throw new Error('boom')
        if (body.reject === true) throw new RejectedError('rejected on purpose')
        const id = randomUUID()
        await request.ctx.db('comptoir_state').insert({ key: `fixture:${id}`, value: JSON.stringify(body) })
        return { id, note: body.note }
      }
      app.post('/fixture/orders', { config: { idempotent: true }, schema: { ...schema, operationId: 'placeFixtureOrder' } },
        async (request, reply) => await reply.code(201).send(await place(request)))
      app.post('/fixture/checkout', { config: required, schema: { ...schema, operationId: 'fixtureCheckout' } },
        async (request, reply) => await reply.code(201).send(await place(request)))
      // Claims in its first transaction, stores its response in its last (as checkout does).
      app.post('/fixture/two-steps', { config: { ...required, idempotencyInTransaction: true }, schema: { ...schema, operationId: 'fixtureTwoSteps' } }, async (request, reply) => {
        const body = request.body as { note: string, reject?: boolean }
        if (request.headers['x-fail'] === 'yes') throw new Error('boom')
        reply.code(201)
        const id = randomUUID()
        await inTransaction(request.ctx, async (tx) => {
          await tx.idempotency?.claim(tx)
          await tx.db('comptoir_state').insert({ key: `fixture:${id}`, value: JSON.stringify(body) })
          if (body.reject === true) throw new RejectedError('rejected on purpose') // rolls the claim back too
        })
        await new Promise((resolve) => setTimeout(resolve, 50))
        return await inTransaction(request.ctx, async (tx) => {
          await tx.db('comptoir_state').insert({ key: `fixture-done:${id}`, value: '{}' })
          const order = { id, note: body.note, extra: 'not in the schema' }
          await tx.idempotency?.complete(tx, order)
          return order
        })
      })
      app.post('/fixture/plain', { schema: { ...schema, operationId: 'fixturePlain' } },
        async (request, reply) => await reply.code(201).send(await place(request)))
    },
  },
})

async function setup (t: Test, engine: 'embedded' | 'postgres') {
  const app = await dbs.app(t, engine, { plugins: [fixture] })
  const db = app.comptoir.database.knex
  const runs = async (): Promise<number> => Number((await db('comptoir_state').where('key', 'like', 'fixture:%').count({ n: '*' }))[0].n)
  const post = async (url: string, payload: object, headers: Record<string, string> = {}) =>
    await app.inject({ method: 'POST', url, payload, headers })
  return { app, db, runs, post }
}

for (const engine of testEngines()) {
  t.test(`${engine}: a retry with the same key replays status and body; the handler ran once`, async (t) => {
    const { runs, post } = await setup(t, engine)
    const headers = { 'idempotency-key': randomUUID() }
    const first = await post('/store/fixture/orders', { note: 'hello' }, headers)
    t.equal(first.statusCode, 201)
    t.notOk(first.headers['idempotency-replayed'])
    const again = await post('/store/fixture/orders', { note: 'hello' }, headers)
    t.equal(again.statusCode, 201)
    t.equal(again.headers['idempotency-replayed'], 'true')
    t.equal(again.body, first.body)
    t.match(again.headers['content-type'], /^application\/json/)
    t.equal(await runs(), 1)
  })

  t.test(`${engine}: the same key with another body is a 422 and runs nothing`, async (t) => {
    const { runs, post } = await setup(t, engine)
    const headers = { 'idempotency-key': 'order-1' }
    t.equal((await post('/store/fixture/orders', { note: 'a' }, headers)).statusCode, 201)
    const reused = await post('/store/fixture/orders', { note: 'b' }, headers)
    t.equal(reused.statusCode, 422)
    t.equal(reused.json().code, 'CORE_IDEMPOTENCY_KEY_REUSED')
    t.equal(await runs(), 1)
  })

  t.test(`${engine}: concurrent duplicates run the handler exactly once`, async (t) => {
    const { runs, post } = await setup(t, engine)
    const headers = { 'idempotency-key': randomUUID() }
    const answers = await Promise.all([1, 2, 3].map(async () => await post('/store/fixture/orders', { note: 'race' }, headers)))
    const created = answers.filter((r) => r.statusCode === 201 && r.headers['idempotency-replayed'] == null)
    t.equal(created.length, 1, 'one request ran the handler')
    for (const other of answers.filter((r) => r !== created[0])) {
      if (other.statusCode === 409) t.equal(other.json().code, 'CORE_IDEMPOTENCY_IN_PROGRESS')
      else t.same([other.statusCode, other.body], [201, created[0].body], 'or got the replay')
    }
    t.equal(await runs(), 1)
  })

  t.test(`${engine}: a 5xx releases the key so a retry runs; a 4xx is stored and replayed`, async (t) => {
    const { runs, post } = await setup(t, engine)
    const headers = { 'idempotency-key': randomUUID() }
    t.equal((await post('/store/fixture/orders', { note: 'x' }, { ...headers, 'x-fail': 'yes' })).statusCode, 500)
    const retry = await post('/store/fixture/orders', { note: 'x' }, headers)
    t.equal(retry.statusCode, 201)
    t.notOk(retry.headers['idempotency-replayed'])
    t.equal(await runs(), 1)

    const rejectKey = { 'idempotency-key': randomUUID() }
    const rejected = await post('/store/fixture/orders', { note: 'y', reject: true }, rejectKey)
    t.equal(rejected.statusCode, 409)
    const replayed = await post('/store/fixture/orders', { note: 'y', reject: true }, rejectKey)
    t.equal(replayed.statusCode, 409)
    t.equal(replayed.headers['idempotency-replayed'], 'true')
    t.equal(replayed.body, rejected.body)
    t.match(replayed.headers['content-type'], /^application\/problem\+json/)
  })

  t.test(`${engine}: keys are scoped per actor: another customer's same key runs anew`, async (t) => {
    const { app, runs, post } = await setup(t, engine)
    const ctx = app.comptoir.systemCtx(systemActor)
    const alice = await app.services.sessions.issue(ctx, { subjectType: 'customer', subjectId: 'alice', ttlSeconds: 600 })
    const bob = await app.services.sessions.issue(ctx, { subjectType: 'customer', subjectId: 'bob', ttlSeconds: 600 })
    const key = 'shared-key'
    const a = await post('/store/fixture/orders', { note: 'same' }, { 'idempotency-key': key, authorization: `Bearer ${alice.token}` })
    const b = await post('/store/fixture/orders', { note: 'same' }, { 'idempotency-key': key, authorization: `Bearer ${bob.token}` })
    t.equal(a.statusCode, 201)
    t.equal(b.statusCode, 201)
    t.notOk(b.headers['idempotency-replayed'], 'bob does not read alice\'s response')
    t.not(a.json().id, b.json().id)
    t.equal(await runs(), 2)
  })

  t.test(`${engine}: 'required' routes reject a missing key; bad keys are 400; routes without the option ignore it`, async (t) => {
    const { runs, post } = await setup(t, engine)
    const missing = await post('/store/fixture/checkout', { note: 'c' })
    t.equal(missing.statusCode, 400)
    t.equal(missing.json().code, 'CORE_IDEMPOTENCY_KEY_REQUIRED')
    const tooLong = await post('/store/fixture/orders', { note: 'c' }, { 'idempotency-key': 'k'.repeat(256) })
    t.equal(tooLong.statusCode, 400)
    t.equal(await runs(), 0)
    t.equal((await post('/store/fixture/checkout', { note: 'c' }, { 'idempotency-key': 'c-1' })).statusCode, 201)
    t.equal((await post('/store/fixture/orders', { note: 'o' })).statusCode, 201, 'optional: no key, no idempotency')
    const plainKey = { 'idempotency-key': 'p-1' }
    await post('/store/fixture/plain', { note: 'p' }, plainKey)
    await post('/store/fixture/plain', { note: 'p' }, plainKey)
    t.equal(await runs(), 4, 'a route without `idempotent` ignores the header')
  })

  t.test(`${engine}: an expired key is forgotten, and purge deletes expired rows`, async (t) => {
    const { app, db, runs, post } = await setup(t, engine)
    const headers = { 'idempotency-key': 'old-key' }
    t.equal((await post('/store/fixture/orders', { note: 'one' }, headers)).statusCode, 201)
    await db('comptoir_idempotency_keys').update({ expires_at: db.raw("now() - interval '1 second'") })
    const after = await post('/store/fixture/orders', { note: 'two' }, headers)
    t.equal(after.statusCode, 201, 'an expired key may be used for a new request')
    t.equal(await runs(), 2)
    await db('comptoir_idempotency_keys').update({ expires_at: db.raw("now() - interval '1 second'") })
    t.equal(await purgeExpiredIdempotencyKeys(app.comptoir.systemCtx()), 1)
    t.equal(Number((await db('comptoir_idempotency_keys').count({ n: '*' }))[0].n), 0)
  })

  t.test(`${engine}: a route claiming in its own transactions replays, runs once under concurrency and stores the response in its last transaction`, async (t) => {
    const { db, runs, post } = await setup(t, engine)
    const url = '/store/fixture/two-steps'
    const headers = { 'idempotency-key': randomUUID() }
    const first = await post(url, { note: 'hello' }, headers)
    t.equal(first.statusCode, 201)
    t.same(first.json(), { id: first.json().id, note: 'hello' }, 'the route\'s serializer shaped it')
    const again = await post(url, { note: 'hello' }, headers)
    t.same([again.statusCode, again.headers['idempotency-replayed'], again.body], [201, 'true', first.body])
    t.equal(await runs(), 1)
    // The stored response was written by the route's last transaction: same transaction id as its row.
    const { rows: [same] } = await db.raw(`select (select xmin::text from comptoir_idempotency_keys where key = ?) = (select xmin::text from comptoir_state where key = ?) as same`,
      [headers['idempotency-key'], `fixture-done:${first.json().id as string}`]) as { rows: Array<{ same: boolean }> }
    t.equal(same?.same, true, 'no commit of its own for the key')

    const raceKey = { 'idempotency-key': randomUUID() }
    const answers = await Promise.all([1, 2, 3].map(async () => await post(url, { note: 'race' }, raceKey)))
    const created = answers.filter((r) => r.statusCode === 201 && r.headers['idempotency-replayed'] == null)
    t.equal(created.length, 1, 'one request ran the handler')
    for (const other of answers.filter((r) => r !== created[0])) {
      if (other.statusCode === 409) t.equal(other.json().code, 'CORE_IDEMPOTENCY_IN_PROGRESS')
      else t.same([other.statusCode, other.body], [201, created[0]?.body], 'or got the replay')
    }
    t.equal(await runs(), 2)

    const rejectKey = { 'idempotency-key': randomUUID() }
    const rejected = await post(url, { note: 'no', reject: true }, rejectKey)
    t.equal(rejected.statusCode, 409)
    const replayed = await post(url, { note: 'no', reject: true }, rejectKey)
    t.same([replayed.statusCode, replayed.headers['idempotency-replayed'], replayed.body], [409, 'true', rejected.body], 'a rolled-back claim still stores the 4xx')
    t.equal(await runs(), 2)

    const failKey = { 'idempotency-key': randomUUID() }
    t.equal((await post(url, { note: 'x' }, { ...failKey, 'x-fail': 'yes' })).statusCode, 500)
    const retry = await post(url, { note: 'x' }, failKey)
    t.same([retry.statusCode, retry.headers['idempotency-replayed']], [201, undefined], 'a 5xx leaves the key free')
    t.equal(await runs(), 3)
    t.equal((await post(url, { note: 'other' }, headers)).statusCode, 422, 'the same key with another body')
  })

  t.test(`${engine}: OpenAPI documents the Idempotency-Key header`, async (t) => {
    const { app } = await setup(t, engine)
    const spec = (await app.inject({ method: 'GET', url: '/openapi.json' })).json()
    const parameters = spec.paths['/store/fixture/orders'].post.parameters as Array<{ name: string, in: string }>
    t.ok(parameters.some((p) => p.in === 'header' && p.name === 'idempotency-key'))
  })
}
