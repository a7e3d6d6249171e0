import t from 'tap'
import { definePlugin } from '@comptoir/core'
import { createTestDatabases, testEngines } from '@comptoir/core/testing'
import { isDatabaseUnavailable } from '../../core/src/http/unavailable.js'

// Issue #24: while PostgreSQL is down a request answers 503 CORE_UNAVAILABLE (retry), not a 500.
const dbs = createTestDatabases(t)

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })
const failures: Record<string, () => Error> = {
  refused: () => refused,
  terminated: () => new Error('Connection terminated unexpectedly'),
  shutdown: () => Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
  starting: () => Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
  pool: () => Object.assign(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'), { name: 'KnexTimeoutError' }),
  wrapped: () => new Error('could not load the cart', { cause: new AggregateError([refused]) }),
  bug: () => new TypeError("Cannot read properties of undefined (reading 'id')"),
}

const flaky = definePlugin({
  name: 'flaky',
  routes: {
    store: async (app) => {
      app.get('/flaky/:kind', { schema: { tags: ['flaky'], operationId: 'flaky', params: { type: 'object', properties: { kind: { type: 'string' } } } } }, async (request) => {
        throw failures[(request.params as { kind: string }).kind]?.() ?? new Error('unknown')
      })
    },
  },
})

t.test('isDatabaseUnavailable names connection failures, not bugs', async (t) => {
  for (const kind of ['refused', 'terminated', 'shutdown', 'starting', 'pool', 'wrapped']) t.ok(isDatabaseUnavailable(failures[kind]?.()), kind)
  t.notOk(isDatabaseUnavailable(failures.bug?.()))
  t.notOk(isDatabaseUnavailable(Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' })))
})

t.test('an unreachable database answers 503 problem+json with Retry-After; a bug stays a 500', async (t) => {
  const app = await dbs.app(t, testEngines()[0], { plugins: [flaky] })
  for (const kind of ['refused', 'terminated', 'shutdown', 'pool', 'wrapped']) {
    const res = await app.inject({ method: 'GET', url: `/store/flaky/${kind}` })
    t.equal(res.statusCode, 503, kind)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    t.equal(res.headers['retry-after'], '5')
    const problem = res.json<Record<string, unknown>>()
    t.match(problem, { code: 'CORE_UNAVAILABLE', status: 503, type: 'https://comptoir.dev/problems/core-unavailable', requestId: String })
    t.notMatch(String(problem.detail), /ECONNREFUSED|terminated|administrator|Knex/, 'the driver message is not sent')
  }
  const bug = await app.inject({ method: 'GET', url: '/store/flaky/bug' })
  t.equal(bug.statusCode, 500)
  t.equal(bug.json<{ code: string }>().code, 'CORE_INTERNAL')
})
