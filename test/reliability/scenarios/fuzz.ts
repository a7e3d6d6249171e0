// A schema-driven fuzzer over the served /openapi.json: every operation, as a stranger, a customer
// and an admin, with valid, boundary and hostile values, malformed JSON, wrong content types and
// oversized bodies. No 5xx, every error a problem+json with a code, nothing internal leaked.
import { randomUUID } from 'node:crypto'
import { call, isProblem, must, pool, type Reply } from '../harness/http.js'
import { eventually, type Checker, type Scenario } from '../harness/scenario.js'
import { adminToken, registerCustomer } from '../harness/shop.js'
import { badCursors, hostileValue, pick, seededRandom, urlText, validValue, type Random, type Schema } from '../harness/values.js'

interface Operation { method: string, path: string, id: string, parameters: Array<{ name: string, in: string, required?: boolean, schema?: Schema }>, body?: Schema }

const casesPerOperation = Number(process.env.RELIABILITY_FUZZ_CASES ?? 5)
// What an error body must never carry: stack frames, source paths, SQL and driver messages.
const leaks = [/\bat [\w.<>]+ \(/, /\.(?:ts|js):\d+/, /node_modules/, /\/work\//, /\bselect\b.+\bfrom\b/i, /\binsert into\b/i, /\bviolates\b/i, /\bsyntax error at\b/i, /\brelation "/i, /\bknex\b/i, /ECONNREFUSED/, /\bTypeError\b/, /\bReferenceError\b/]

export function fuzzSeed (): number {
  return process.env.RELIABILITY_SEED != null ? Number(process.env.RELIABILITY_SEED) : Math.floor(Math.random() * 2 ** 31)
}

function operationsOf (doc: any): Operation[] {
  const out: Operation[] = []
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue
      out.push({ method: method.toUpperCase(), path, id: op.operationId ?? `${method} ${path}`, parameters: op.parameters ?? [], body: op.requestBody?.content?.['application/json']?.schema })
    }
  }
  return out
}

/** Real ids for path parameters: the first items of each admin list (`/admin/products` → `{productId}`). */
async function knownIds (api: string, admin: Record<string, string>, operations: Operation[]): Promise<Map<string, string[]>> {
  const ids = new Map<string, string[]>()
  for (const op of operations) {
    const match = /^(.*)\/\{(\w+)\}$/.exec(op.path)
    if (match == null || match[1]?.includes('{') === true) continue
    const res = await call(api, 'GET', match[1] as string, { headers: admin })
    const items = Array.isArray(res.body) ? res.body : res.body?.items
    if (Array.isArray(items)) {
      const found = items.map((i: any) => i?.id).filter((id: unknown): id is string => typeof id === 'string').slice(0, 3)
      if (found.length > 0) ids.set(match[2] as string, found)
    }
  }
  return ids
}

interface Case { method: string, url: string, headers: Record<string, string>, json?: unknown, raw?: string | Buffer, label: string }

function buildCase (op: Operation, random: Random, ids: Map<string, string[]>, auth: Record<string, string>, n: number): Case {
  const hostile = n > 0 && random() < 0.6
  let url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const param = op.parameters.find((p) => p.in === 'path' && p.name === name)
    // Real ids only where a hit cannot lock the suite out (its own admin, key and roles) or delete data.
    const real = op.method === 'DELETE' || /^\/admin\/(admin-users|api-keys|roles|auth)/.test(op.path) ? undefined : ids.get(name)
    if (!hostile && real != null && random() < 0.7) return pick(random, real)
    return urlText(hostile && random() < 0.7 ? hostileValue(param?.schema, random) : validValue(param?.schema, random))
  })
  const query: string[] = []
  const headers: Record<string, string> = { ...auth }
  for (const p of op.parameters) {
    if (p.in === 'query' && (p.required === true || random() < 0.5)) {
      const value = p.name === 'cursor' ? pick(random, badCursors) : hostile && random() < 0.5 ? hostileValue(p.schema, random) : validValue(p.schema, random)
      query.push(`${encodeURIComponent(p.name)}=${urlText(value)}`)
    }
    if (p.in === 'header') {
      if (p.name === 'idempotency-key') headers[p.name] = random() < 0.8 ? randomUUID() : pick(random, ['', ' ', 'x'.repeat(300), 'é'])
      else if (random() < 0.5) headers[p.name] = pick(random, ['garbage', 'x'.repeat(500), randomUUID()])
    }
  }
  if (random() < 0.05) query.push(`${pick(random, ['limit', 'q', 'unknown'])}=1&limit=2&limit=3`)
  if (query.length > 0) url += `?${query.join('&')}`
  const label = `${op.method} ${op.path} #${n}`
  if (op.body == null) return { method: op.method, url, headers, label }
  const special = random()
  if (n > 0 && special < 0.06) return { method: op.method, url, headers: { ...headers, 'content-type': 'application/json' }, raw: pick(random, ['{', '{"a":', '[1,2', 'nul', '{"__proto__":{"admin":true}}', '\u0000', '{"a":1}{"b":2}', '"\\ud800"']), label: `${label} malformed JSON` }
  if (n > 0 && special < 0.1) return { method: op.method, url, headers: { ...headers, 'content-type': pick(random, ['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/json; charset=latin-9']) }, raw: 'a=1&b=2', label: `${label} wrong content type` }
  if (n > 0 && special < 0.12) return { method: op.method, url, headers: { ...headers, 'content-type': 'application/json' }, raw: Buffer.from(`{"a":"${'x'.repeat(1_100_000)}"}`), label: `${label} oversized body` }
  if (n > 0 && special < 0.15) return { method: op.method, url, headers, json: JSON.parse(`${'['.repeat(200)}${']'.repeat(200)}`), label: `${label} deep nesting` }
  const body = validValue(op.body, random) as Record<string, unknown>
  if (hostile && body != null && typeof body === 'object' && !Array.isArray(body)) {
    const keys = Object.keys(op.body.properties ?? {})
    const key = keys.length > 0 && random() < 0.85 ? pick(random, keys) : `unknown${Math.floor(random() * 10)}`
    body[key] = hostileValue(op.body.properties?.[key], random)
  }
  return { method: op.method, url, headers, json: hostile && random() < 0.08 ? pick(random, [[], 'string', 42, null, true]) : body, label }
}

function judge (reply: Reply, c: Case, check: Checker, seen: Set<string>): void {
  const fail = (why: string): void => {
    const key = `${c.label.replace(/ #\d+.*/, '')} ${why}`
    if (seen.has(key)) return
    seen.add(key)
    check.ok(false, `${c.label}: ${why} (${c.method} ${c.url.slice(0, 160)}) -> ${reply.status} ${reply.text.slice(0, 300)}`)
  }
  if (reply.status === 0) { fail('no answer'); return }
  // A feature the store has not been given credentials for says so (typed 503 `*_NOT_CONFIGURED`).
  const notConfigured = reply.status === 503 && isProblem(reply) && String(reply.body.code).endsWith('_NOT_CONFIGURED')
  if (reply.status >= 500 && !notConfigured) fail(`answered ${reply.status}`)
  if (reply.status >= 400) {
    if (!isProblem(reply)) fail('the error is not problem+json with a code')
    for (const leak of leaks) if (leak.test(reply.text)) { fail(`the error leaks ${String(leak)}`); break }
  }
}

export const fuzz: Scenario = {
  name: 'hostile input: a schema-driven fuzzer over /openapi.json',
  async run (stack, check) {
    const seed = fuzzSeed()
    check.figure('seed', `${seed} (replay with RELIABILITY_SEED=${seed})`)
    const api = stack.apis[0] as string
    const doc = must(await call(api, 'GET', '/openapi.json'), 'openapi').body
    const operations = operationsOf(doc)
    const admin = await adminToken(api)
    const key = must(await call(api, 'POST', '/admin/api-keys', { headers: admin, json: { name: 'fuzzer', roles: ['owner'] } }), 'api key')
    const adminKey = { authorization: `Bearer ${key.body.secret as string}` }
    const customer = (await registerCustomer(api)).headers
    const ids = await knownIds(api, adminKey, operations)
    const random = seededRandom(seed)
    const identities: Array<[string, Record<string, string>]> = [['stranger', {}], ['customer', customer], ['admin', adminKey]]
    const cases: Array<Case & { api: string }> = []
    for (const op of operations) {
      for (const [who, auth] of identities) {
        // A customer session means something on /store only, an admin key everywhere else.
        if (who === 'customer' && !op.path.startsWith('/store')) continue
        if (who === 'admin' && op.path.startsWith('/store')) continue
        for (let n = 0; n < casesPerOperation; n++) cases.push({ ...buildCase(op, random, ids, auth, n), label: `${who} ${op.method} ${op.path} #${n}`, api: stack.apis[cases.length % 2] as string })
      }
    }
    // Cases that may end the fuzzer's own sessions (log out, password or email change, erasure) go last.
    const endsSession = (c: Case): boolean => /\/sessions\/current|\/me\/(password|email-change|erasure-request)|\/customers\/[^/]+\/(erase|disable)/.test(c.url)
    cases.sort((x, y) => Number(endsSession(x)) - Number(endsSession(y)))
    const seen = new Set<string>()
    const started = performance.now()
    const statuses = new Map<number, number>()
    const signedOut = new Map<string, number>()
    await pool(cases, 6, async (c) => {
      const reply = await call(c.api, c.method, c.url, { headers: c.headers, ...(c.raw !== undefined ? { raw: c.raw } : c.json !== undefined ? { json: c.json } : {}) })
      statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1)
      if (reply.status === 401 && !c.label.startsWith('stranger')) signedOut.set(c.label.split(' ')[0] as string, (signedOut.get(c.label.split(' ')[0] as string) ?? 0) + 1)
      judge(reply, c, check, seen)
    })
    check.figure('requests', `${cases.length} over ${operations.length} operations in ${Math.round((performance.now() - started) / 1000)} s`)
    check.figure('statuses', [...statuses.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' '))
    check.figure('401 to a signed-in identity', [...signedOut.entries()].map(([who, n]) => `${who} ${n}`).join(', ') || 'none')
    if (check.failures.length > 0) check.figure('replay', `RELIABILITY_SEED=${seed} npm run test:reliability`)
    // The store is healthy afterwards: ready, browsable, and the admin can still log in.
    const healthy = await eventually(async () => (await Promise.all(stack.apis.map(async (a) => (await call(a, 'GET', '/health/ready')).status))).every((s) => s === 200), 10_000)
    check.ok(healthy, 'both APIs ready after the fuzzing')
    check.equal((await call(api, 'GET', '/store/products?limit=3')).status, 200, 'the catalog still answers')
    check.equal((await call(api, 'GET', '/admin/auth/me', { headers: admin })).status, 200, 'the admin session still works')
  },
}
