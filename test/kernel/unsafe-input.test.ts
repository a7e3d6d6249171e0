import t from 'tap'
import { randomUUID } from 'node:crypto'
import { Writable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { systemActor } from '@comptoir/core'
import { createTestDatabases, testEngines } from '@comptoir/core/testing'
import demo from '../../comptoir.config.js'

// Issue #25 items 4 and 6, on the demo store's own plugins and its served /openapi.json.
const dbs = createTestDatabases(t)

interface Schema { $ref?: string, type?: string | string[], format?: string, properties?: Record<string, Schema>, items?: Schema, anyOf?: Schema[], oneOf?: Schema[] }
interface Parameter { in: string, name: string, schema?: Schema }
interface Operation { parameters?: Parameter[], requestBody?: { content?: Record<string, { schema?: Schema }> } }
interface OpenApi { paths: Record<string, Record<string, Operation>>, components?: { schemas?: Record<string, Schema> } }
interface Case { method: string, url: string, payload?: string, pointer: string }

const uuid = '00000000-0000-4000-8000-000000000000'
// The check runs before any route touches the database: one engine (the faster) is enough for the sweep.
const sweepEngine = testEngines().includes('postgres') ? 'postgres' : testEngines()[0]

function isString (schema: Schema): boolean {
  return schema.type === 'string' || (Array.isArray(schema.type) && schema.type.includes('string'))
}

function isDate (schema: Schema): boolean {
  return isString(schema) && (schema.format === 'date-time' || schema.format === 'date')
}

/** Every path to a string (or to what `wanted` picks) in a body schema (nested objects and array items too). */
function stringPaths (doc: OpenApi, schema: Schema | undefined, at: string[] = [], depth = 0, wanted = isString): string[][] {
  const s = schema?.$ref != null ? doc.components?.schemas?.[schema.$ref.split('/').pop() ?? ''] : schema
  if (s == null || depth > 5) return []
  const found: string[][] = wanted(s) ? [at] : []
  for (const branch of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) found.push(...stringPaths(doc, branch, at, depth + 1, wanted))
  for (const [name, property] of Object.entries(s.properties ?? {})) found.push(...stringPaths(doc, property, [...at, name], depth + 1, wanted))
  if (s.items != null) found.push(...stringPaths(doc, s.items, [...at, '0'], depth + 1, wanted))
  return found.filter((path, i) => found.findIndex((p) => p.join('/') === path.join('/')) === i)
}

/** A JSON body holding `raw` (already JSON-escaped) at `path`, and nothing else. */
function bodyWith (path: string[], raw: string): string {
  let json = raw
  for (let i = path.length - 1; i >= 0; i--) json = /^\d+$/.test(path[i]) ? `[${json}]` : `{${JSON.stringify(path[i])}:${json}}`
  return json
}

/** One request per string input of every operation: NUL in params, query and bodies; a lone surrogate in bodies. */
function unsafeCases (doc: OpenApi): Case[] {
  const cases: Case[] = []
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const url = (over: Record<string, string> = {}): string => path.replace(/\{(\w+)\}/g, (_, name: string) => over[name] ?? uuid)
      for (const p of operation.parameters ?? []) {
        if (p.in === 'path') cases.push({ method, url: url({ [p.name]: '%00' }), pointer: `/params/${p.name}` })
        if (p.in === 'query' && p.schema != null && isString(p.schema)) cases.push({ method, url: `${url()}?${p.name}=a%00b`, pointer: `/query/${p.name}` })
      }
      // NUL in every body string; a lone surrogate in the first (the same check catches both).
      stringPaths(doc, operation.requestBody?.content?.['application/json']?.schema).forEach((field, i) => {
        const pointer = `/body/${field.join('/')}`
        cases.push({ method, url: url(), payload: bodyWith(field, '"a\\u0000b"'), pointer })
        if (i === 0) cases.push({ method, url: url(), payload: bodyWith(field, '"a\\ud800b"'), pointer })
      })
    }
  }
  return cases
}

/** One request per date input: year 0000 looks like a date, and PostgreSQL has no year 0. */
function yearZeroCases (doc: OpenApi): Case[] {
  const cases: Case[] = []
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const url = path.replace(/\{(\w+)\}/g, uuid)
      for (const p of operation.parameters ?? []) {
        if (p.in === 'query' && p.schema != null && isDate(p.schema)) {
          cases.push({ method, url: `${url}?${p.name}=${p.schema.format === 'date' ? '0000-01-01' : '0000-01-01T00:00:00Z'}`, pointer: `/query/${p.name}` })
        }
      }
      for (const field of stringPaths(doc, operation.requestBody?.content?.['application/json']?.schema, [], 0, isDate)) {
        cases.push({ method, url, payload: bodyWith(field, '"0000-01-01T00:00:00Z"'), pointer: `/body/${field.join('/')}` })
      }
    }
  }
  return cases
}

function captureLogs (): { lines: string[], stream: Writable } {
  const lines: string[] = []
  return { lines, stream: new Writable({ write (chunk: Buffer, _encoding, done) { lines.push(chunk.toString()); done() } }) }
}

async function stockLevel (app: FastifyInstance): Promise<string> {
  const ctx = app.comptoir.systemCtx(systemActor)
  const suffix = Math.random().toString(36).slice(2, 8)
  const product = await app.services.catalog.create(ctx, {
    title: 'Mug', handle: `mug-${suffix}`, status: 'published', options: [{ name: 'Size', values: ['M'] }],
    variants: [{ sku: `MUG-${suffix}`.toUpperCase(), options: { Size: 'M' }, prices: [{ currency: 'EUR', amount: 1000 }] }],
  })
  const location = await app.services.inventoryLocations.create(ctx, { name: `Shop ${suffix}`, priority: 1 })
  const { level } = await app.services.inventoryLevels.create(ctx, { variantId: product.variants[0].id, locationId: location.id })
  await app.services.inventoryLevels.receive(ctx, level.id, { quantity: 10 })
  return level.id
}

for (const engine of testEngines()) {
  t.test(engine, async (t) => {
    const logs = captureLogs()
    const app = await dbs.app(t, engine, { plugins: demo.plugins, http: { rateLimit: { max: 1_000_000, authMax: 1_000_000 } } }, { logger: { level: 'error', stream: logs.stream } })
    const ctx = app.comptoir.systemCtx(systemActor)
    const { secret } = await app.services.auth.createApiKey(ctx, { name: 'unsafe-input test', roles: ['owner'] })
    const admin = { authorization: `Bearer ${secret}` }
    // A customer session without an account (no password hashing): enough to pass authentication.
    const session = await app.services.sessions.issue(ctx, { subjectType: 'customer', subjectId: randomUUID(), ttlSeconds: 3600 })
    const customer = { authorization: `Bearer ${session.token}` }
    const inject = async (c: Omit<Case, 'pointer'>) => await app.inject({
      method: c.method.toUpperCase() as 'GET', url: c.url, payload: c.payload,
      headers: { ...(c.url.startsWith('/admin') ? admin : customer), ...(c.payload != null ? { 'content-type': 'application/json' } : {}) },
    })
    const audited = async (targetId: string): Promise<number> => Number((await app.comptoir.database.knex('comptoir_audit_log').where({ target_id: targetId }).count({ n: '*' }))[0].n)

    if (engine === sweepEngine) t.test('a NUL or a lone surrogate in any string input of any operation is a 400 CORE_VALIDATION naming the field', async (t) => {
      const doc = (await app.inject({ url: '/openapi.json' })).json<OpenApi>()
      const cases = unsafeCases(doc)
      t.ok(cases.length > 300, `${cases.length} requests over ${Object.keys(doc.paths).length} paths`)
      const wrong: string[] = []
      for (const c of cases) {
        const res = await inject(c)
        const problem = res.json<{ code?: string, errors?: Array<{ pointer: string }> }>()
        const named = problem.errors?.some((e) => e.pointer === c.pointer) === true
        if (res.statusCode !== 400 || problem.code !== 'CORE_VALIDATION' || !named) wrong.push(`${c.method} ${c.url} ${c.pointer}: ${res.statusCode} ${res.body.slice(0, 200)}`)
      }
      t.same(wrong, [], 'every case answered 400 naming its pointer')
      t.notMatch(logs.lines.join(''), /invalid byte sequence|unsupported Unicode escape/, 'nothing reached PostgreSQL')
    })

    if (engine === sweepEngine) t.test('a date in year 0000 in any date input is a 400 CORE_VALIDATION naming the field, never the database\'s out-of-range error', async (t) => {
      const doc = (await app.inject({ url: '/openapi.json' })).json<OpenApi>()
      const cases = yearZeroCases(doc)
      t.ok(cases.length >= 5, `${cases.length} date inputs`)
      const wrong: string[] = []
      for (const c of cases) {
        const res = await inject(c)
        const problem = res.json<{ code?: string, errors?: Array<{ pointer: string }> }>()
        const named = problem.errors?.some((e) => e.pointer === c.pointer) === true
        if (res.statusCode !== 400 || problem.code !== 'CORE_VALIDATION' || !named) wrong.push(`${c.method} ${c.url} ${c.pointer}: ${res.statusCode} ${res.body.slice(0, 200)}`)
      }
      t.same(wrong, [], 'every case answered 400 naming its pointer')
      t.notMatch(logs.lines.join(''), /date\/time field value out of range/, 'nothing reached PostgreSQL')
    })

    t.test('a field name with a NUL is refused without echoing it, and JSON nested past 64 levels is refused', async (t) => {
      const key = await inject({ method: 'POST', url: '/admin/stock-locations', payload: '{"name":"a","x\\u0000y":1}' })
      t.equal(key.statusCode, 400)
      t.same(key.json<{ errors: unknown }>().errors, [{ pointer: '/body', detail: 'has a field name with a NUL character or an unpaired UTF-16 surrogate' }])
      const deep = await inject({ method: 'POST', url: '/admin/stock-locations', payload: `{"name":${'['.repeat(100)}${']'.repeat(100)}}` })
      t.equal(deep.statusCode, 400)
      t.match(deep.json(), { code: 'CORE_VALIDATION', errors: [{ detail: 'is nested more than 64 levels deep' }] })
    })

    t.test('a lone surrogate in a stock adjustment reason changes nothing; a surrogate pair (emoji) is stored', async (t) => {
      const levelId = await stockLevel(app)
      const url = `/admin/stock-levels/${levelId}/adjustments`
      const refused = await inject({ method: 'POST', url, payload: '{"delta":-2,"reason":"broken \\ud800"}' })
      t.equal(refused.statusCode, 400)
      t.match(refused.json(), { code: 'CORE_VALIDATION', errors: [{ pointer: '/body/reason' }] })
      t.match((await inject({ method: 'GET', url: `/admin/stock-levels/${levelId}` })).json(), { onHand: 10 }, 'stock unchanged')
      t.equal(await audited(levelId), 0, 'no audit entry')

      const accepted = await inject({ method: 'POST', url, payload: '{"delta":-2,"reason":"broken \\ud83d\\udc94"}' })
      t.equal(accepted.statusCode, 200)
      t.match(accepted.json(), { onHand: 8 })
      const [entry] = await app.comptoir.database.knex('comptoir_audit_log').where({ target_id: levelId })
      t.match(entry, { action: 'adjustStockLevel', after: { reason: 'broken \u{1F494}' } }, 'audited with its reason')
    })

    t.test('an admin write whose audit entry cannot be stored answers 500 and logs the missing entry', async (t) => {
      const levelId = await stockLevel(app)
      const { knex } = app.comptoir.database
      // The database refuses these entries, as it refused lone surrogates before #25.
      await knex.raw('alter table comptoir_audit_log add constraint audit_refuses_test check (action <> \'countStockLevel\')')
      t.teardown(async () => await knex.raw('alter table comptoir_audit_log drop constraint if exists audit_refuses_test'))
      const res = await inject({ method: 'POST', url: `/admin/stock-levels/${levelId}/counts`, payload: '{"counted":11}' })
      t.equal(res.statusCode, 500)
      t.match(res.json(), { code: 'CORE_INTERNAL' })
      t.equal(await audited(levelId), 0)
      t.match(logs.lines.join(''), new RegExp(`"auditTargetId":"${levelId}".*audit entry could not be recorded`))
    })

    t.test('integers in query strings: "20" converts; "1.5", "", "1e1", " 2" and values past 2^53 are 400', async (t) => {
      t.equal((await inject({ method: 'GET', url: '/store/products?limit=20' })).statusCode, 200)
      t.equal((await inject({ method: 'GET', url: '/admin/orders?totalMin=9007199254740991' })).statusCode, 200)
      for (const url of ['/store/products?limit=1.5', '/store/products?limit=', '/store/products?limit=1e1', '/store/products?limit=%202', '/admin/orders?totalMin=99999999999999999999', '/admin/orders?number=2.0']) {
        const res = await inject({ method: 'GET', url })
        t.equal(res.statusCode, 400, url)
        t.match(res.json(), { code: 'CORE_VALIDATION', errors: [{ pointer: /^\/query\/(limit|totalMin|number)$/, detail: 'must be integer' }] }, url)
      }
    })
  })
}
