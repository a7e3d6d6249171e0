import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { definePlugin, systemActor, Type, type Ctx, type DatabaseEngine } from '@comptoir/core'
import { createTestDatabases, testEngines, uniqueName, type TestLike } from '@comptoir/core/testing'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import webhooks from '../src/index.js'

export { testEngines, uniqueName }
export type Databases = ReturnType<typeof createTestDatabases>
export type Headers = Record<string, string>
type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE'

/** A store plugin that declares a few events for the endpoints to subscribe to. */
export const shop = definePlugin({
  name: 'shop',
  version: '1.0.0',
  events: {
    'shop.order.placed': Type.Object({ orderId: Type.String(), customerId: Type.Optional(Type.String()) }),
    'shop.order.cancelled': Type.Object({ orderId: Type.String() }),
    'shop.customer.created': Type.Object({ customerId: Type.String() }),
  },
})

/** Fast retries so the suite stays quick; loopback receivers allowed (the test's HTTP server). */
export const testConfig = { allowLoopback: true, backoffBaseMs: 20, backoffMaxMs: 3000, timeoutMs: 2500, maxAttempts: 5, disableAfterMs: 1500, maxResponseBytes: 64, maxInFlightPerEndpoint: 2 }

/** A request the receiver got. */
export interface Received { path: string, headers: IncomingHttpHeaders, body: string, at: number }
/** What the receiver answers at a path: a status and headers, or `hang` (never answers). */
export type Answer = { status: number, headers?: Record<string, string>, body?: string, delayMs?: number } | 'hang'

/** A real HTTP receiver on 127.0.0.1: per path, a script of answers (the last one repeats). */
export async function startReceiver (t: TestLike): Promise<{ url: (path: string) => string, script: (path: string, answers: Answer[]) => void, received: (path: string) => Received[], maxInFlight: (path: string) => number }> {
  const scripts = new Map<string, Answer[]>()
  const log: Received[] = []
  const inFlight = new Map<string, { now: number, max: number }>()
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const path = req.url ?? '/'
      log.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() })
      const answers = scripts.get(path) ?? [{ status: 200 }]
      const answer = (answers.length > 1 ? answers.shift() : answers[0]) as Answer
      if (answer === 'hang') return
      const count = inFlight.get(path) ?? { now: 0, max: 0 }
      inFlight.set(path, count)
      count.now += 1
      count.max = Math.max(count.max, count.now)
      setTimeout(() => { count.now -= 1; res.writeHead(answer.status, answer.headers ?? {}).end(answer.body ?? 'ok') }, answer.delayMs ?? 0)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(async () => { server.closeAllConnections(); await new Promise((resolve) => server.close(resolve)) })
  const port = (server.address() as AddressInfo).port
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    script: (path, answers) => { scripts.set(path, [...answers]) },
    received: (path) => log.filter((r) => r.path === path),
    maxInFlight: (path) => inFlight.get(path)?.max ?? 0,
  }
}

export interface WebhooksTestApp {
  app: FastifyInstance
  ctx: Ctx
  admin: Headers
  call: (method: Method, url: string, payload?: unknown, headers?: Headers) => Promise<LightMyRequestResponse>
  /** Creates an endpoint through the API (deleted when `t` ends, if given); returns its id and secret. */
  endpoint: (url: string, events?: string[], t?: TestLike) => Promise<{ id: string, secret: string }>
}

/** Bearer headers of a new API key holding `permissions`. */
export async function keyHeaders (app: FastifyInstance, permissions: readonly string[]): Promise<Headers> {
  const ctx = app.comptoir.systemCtx(systemActor)
  const role = uniqueName('role')
  await app.services.auth.createRole(ctx, { name: role, permissions: [...permissions] })
  const { secret } = await app.services.auth.createApiKey(ctx, { name: `test ${role}`, roles: [role] })
  return { authorization: `Bearer ${secret}` }
}

/** shop + webhooks on a fresh schema, with an owner key. */
export async function webhooksApp (dbs: Databases, t: TestLike, engine: DatabaseEngine, config: Record<string, unknown> = testConfig): Promise<WebhooksTestApp> {
  const app = await dbs.app(t, engine, { plugins: [shop, [webhooks, config]] })
  const ctx = app.comptoir.systemCtx(systemActor)
  const admin = await keyHeaders(app, ['webhooks:read', 'webhooks:write'])
  const call: WebhooksTestApp['call'] = async (method, url, payload, headers = admin) =>
    await app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) })
  return {
    app, ctx, admin, call,
    async endpoint (url, events = ['shop.*'], t) {
      const res = await call('POST', '/admin/webhook-endpoints', { url, events })
      if (res.statusCode !== 201) throw new Error(`endpoint: ${res.statusCode} ${res.body}`)
      const body = res.json() as { endpoint: { id: string }, secret: string }
      // Later tests' events would otherwise reach it too.
      t?.teardown(async () => { await call('DELETE', `/admin/webhook-endpoints/${body.endpoint.id}`) })
      return { id: body.endpoint.id, secret: body.secret }
    },
  }
}

/** Polls until `check` returns a value. */
export async function eventually<T> (what: string, check: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    const value = await check()
    if (value != null && value !== false) return value
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`timed out waiting for ${what}`)
}

export const pause = async (ms: number): Promise<void> => { await new Promise((resolve) => setTimeout(resolve, ms)) }
