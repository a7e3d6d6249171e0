import { randomUUID } from 'node:crypto'
import { systemActor, type Cradle, type Ctx, type DatabaseEngine } from '@comptoir/core'
import { createTestDatabases, testEngines, uniqueName, type TestLike } from '@comptoir/core/testing'
import catalog from '@comptoir/plugin-catalog'
import customers from '@comptoir/plugin-customers'
import inventory from '@comptoir/plugin-inventory'
import orders from '@comptoir/plugin-orders'
import type { FastifyInstance } from 'fastify'
import analytics from '../src/index.js'

export { randomUUID, testEngines, uniqueName }
export type Databases = ReturnType<typeof createTestDatabases>
export type Headers = Record<string, string>

export interface Shop {
  app: FastifyInstance
  ctx: Ctx
  admin: Headers
  /** A new session id (what a storefront keeps in the comptoir_sid cookie). */
  session: () => string
  /** POST /store/events for `session`, with extra headers (a customer's bearer). */
  send: (session: string, events: unknown[], extra?: { headers?: Headers, sentAt?: string }) => Promise<{ status: number, body: Record<string, unknown> }>
  /** A registered customer, with analytics consent when asked; their bearer headers. */
  customer: (consent: boolean) => Promise<{ customerId: string, headers: Headers }>
  /** Delivers an event straight to analytics' subscriber, as the kernel would (same id = a redelivery). */
  deliver: (name: string, payload: Record<string, unknown>, options?: { id?: string, occurredAt?: string }) => Promise<string>
}

/** catalog + customers + inventory + orders + analytics, an owner API key. */
export async function analyticsApp (dbs: Databases, t: TestLike, engine: DatabaseEngine, options: Record<string, unknown> = {}): Promise<Shop> {
  const app = await dbs.app(t, engine, { plugins: [catalog, customers, inventory, [orders, { manualProvider: true }], [analytics, options]] })
  const ctx = app.comptoir.systemCtx(systemActor)
  const { secret } = await app.services.auth.createApiKey(ctx, { name: 'test owner', roles: ['owner'] })
  const services = app.services as unknown as Cradle
  return {
    app, ctx, admin: { authorization: `Bearer ${secret}` },
    session: () => uniqueName('sid').replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64),
    async send (session, events, extra = {}) {
      const res = await app.inject({
        method: 'POST', url: '/store/events', headers: { 'x-session-id': session, ...extra.headers },
        payload: { events, ...(extra.sentAt != null ? { sentAt: extra.sentAt } : {}) },
      })
      return { status: res.statusCode, body: res.json() }
    },
    async customer (consent) {
      const { customerId } = await app.services.customersAccounts.register(ctx, { email: `${uniqueName('shopper')}@example.com`, password: 'correct horse battery staple' })
      if (consent) await app.services.customersConsents.record(ctx, customerId, [{ purpose: 'analytics', granted: true }], 'storefront')
      const { token } = await app.services.sessions.issue(ctx, { subjectType: 'customer', subjectId: customerId, ttlSeconds: 600 })
      return { customerId, headers: { authorization: `Bearer ${token}` } }
    },
    async deliver (name, payload, options = {}) {
      const id = options.id ?? randomUUID()
      const handler = analytics.subscribers?.[name]
      if (handler == null) throw new Error(`analytics does not subscribe to ${name}`)
      await handler(ctx, { id, name, payload, occurredAt: options.occurredAt ?? new Date().toISOString() }, { services })
      return id
    },
  }
}

/** Polls until `check` returns a value. */
export async function eventually<T> (check: () => Promise<T | null | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await check()
    if (value != null) return value
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`timed out waiting for ${what}`)
}

/** YYYY-MM-DD of today (UTC) shifted by `days`. */
export function day (days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)
}
