import { randomUUID } from 'node:crypto'
import { systemActor, type Cradle, type Ctx, type DatabaseEngine } from '@comptoir/core'
import { createTestDatabases, testEngines, uniqueName, type TestLike } from '@comptoir/core/testing'
import catalog from '@comptoir/plugin-catalog'
import customers from '@comptoir/plugin-customers'
import inventory from '@comptoir/plugin-inventory'
import orders from '@comptoir/plugin-orders'
import type { FastifyInstance } from 'fastify'
import crm from '../src/index.js'

export { testEngines, uniqueName }
export type Databases = ReturnType<typeof createTestDatabases>
export type Headers = Record<string, string>

export interface Crm {
  app: FastifyInstance
  ctx: Ctx
  /** An owner admin user's bearer header, and its id. */
  admin: Headers
  adminId: string
  /** A new customer (through the customers service); returns its id. */
  customer: (fields?: { firstName?: string, lastName?: string }) => Promise<{ customerId: string, email: string }>
  /** Delivers an event straight to crm's subscriber, as the kernel would (same id = a redelivery). */
  deliver: (name: string, payload: Record<string, unknown>, options?: { id?: string, occurredAt?: string }) => Promise<string>
  /** Places a projected order for a customer: an orders.order.placed event `daysAgo` days back. */
  order: (customerId: string, amount: number, currency?: string, daysAgo?: number) => Promise<string>
}

/** catalog + customers + inventory + orders + crm, an owner admin signed in. */
export async function crmApp (dbs: Databases, t: TestLike, engine: DatabaseEngine, crmOptions: Record<string, unknown> = {}): Promise<Crm> {
  const app = await dbs.app(t, engine, { plugins: [catalog, customers, inventory, [orders, { manualProvider: true }], [crm, crmOptions]] })
  const ctx = app.comptoir.systemCtx(systemActor)
  const credentials = { email: `${uniqueName('owner')}@example.com`, password: 'correct horse battery staple' }
  const user = await app.services.auth.createAdminUser(ctx, { ...credentials, roles: ['owner'] })
  const session = await app.services.auth.login(ctx, credentials)
  const services = app.services as unknown as Cradle

  async function deliver (name: string, payload: Record<string, unknown>, options: { id?: string, occurredAt?: string } = {}): Promise<string> {
    const id = options.id ?? randomUUID()
    const handler = crm.subscribers?.[name]
    if (handler == null) throw new Error(`crm does not subscribe to ${name}`)
    await handler(ctx, { id, name, payload, occurredAt: options.occurredAt ?? new Date().toISOString() }, { services })
    return id
  }

  let orderNumber = 1000
  return {
    app, ctx, admin: { authorization: `Bearer ${session.token}` }, adminId: user.id,
    async customer (fields = {}) {
      const email = `${uniqueName('shopper')}@example.com`
      const { customerId } = await app.services.customersAccounts.register(ctx, { email, password: 'correct horse battery staple', ...fields })
      return { customerId, email }
    },
    deliver,
    async order (customerId, amount, currency = 'EUR', daysAgo = 1) {
      const orderId = randomUUID()
      await deliver('orders.order.placed', { orderId, number: `#${++orderNumber}`, customerId, amount, currency }, { occurredAt: new Date(Date.now() - daysAgo * 86_400_000).toISOString() })
      return orderId
    },
  }
}

/** Polls until `check` returns a value (subscribers run in the app's in-process engine). */
export async function eventually<T> (check: () => Promise<T | null | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await check()
    if (value != null) return value
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`timed out waiting for ${what}`)
}
