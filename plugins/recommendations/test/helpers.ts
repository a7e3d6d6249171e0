import { randomUUID } from 'node:crypto'
import { systemActor, type Ctx, type DatabaseEngine, type PluginManifest } from '@comptoir/core'
import { createTestDatabases, testEngines, uniqueName, type TestLike } from '@comptoir/core/testing'
import catalog from '@comptoir/plugin-catalog'
import customers from '@comptoir/plugin-customers'
import inventory from '@comptoir/plugin-inventory'
import orders from '@comptoir/plugin-orders'
import type { FastifyInstance } from 'fastify'

type PluginEntry = PluginManifest | [PluginManifest, Record<string, unknown>]
import recommendations, { type ModelName, type Recommendations } from '../src/index.js'

export { randomUUID, testEngines, uniqueName }
export type Databases = ReturnType<typeof createTestDatabases>
export type Headers = Record<string, string>

export interface ProductSpec {
  status?: 'draft' | 'published' | 'archived'
  categoryIds?: string[]
  tags?: string[]
  productType?: string | null
  vendor?: string | null
  amount?: number | null
}

export interface Shop {
  app: FastifyInstance
  ctx: Ctx
  admin: Headers
  /** A unique kebab-case name. */
  name: (prefix: string) => string
  category: () => Promise<string>
  /** A product through the catalog service, projected at once (the catalog's events would do it a moment later). */
  product: (spec?: ProductSpec) => Promise<{ id: string, handle: string }>
  /** A hand-made order of these products, `daysAgo` days back. */
  buy: (customerId: string | null, productIds: string[], daysAgo?: number) => Promise<string>
  rebuild: (...models: ModelName[]) => Promise<void>
  /** GET a storefront recommendation URL: the status and body. */
  picks: (url: string, headers?: Headers) => Promise<{ status: number, body: Recommendations & { code?: string } }>
  /** A registered customer, with profiling consent when asked; their bearer headers. */
  customer: (profiling: boolean) => Promise<{ customerId: string, headers: Headers }>
}

/** catalog + customers + inventory + orders (+ `extra`, e.g. analytics) + recommendations, an owner API key. */
export async function recommendationsApp (dbs: Databases, t: TestLike, engine: DatabaseEngine, options: Record<string, unknown> = {}, extra: PluginEntry[] = []): Promise<Shop> {
  const app = await dbs.app(t, engine, { plugins: [catalog, customers, inventory, [orders, { manualProvider: true }], ...extra, [recommendations, options]] })
  const ctx = app.comptoir.systemCtx(systemActor)
  const { secret } = await app.services.auth.createApiKey(ctx, { name: 'test owner', roles: ['owner'] })
  // Orders of the same `daysAgo` get the same time, so their decay is equal however slowly a loaded machine makes them.
  const startedAt = Date.now()
  const name = (prefix: string): string => uniqueName(prefix).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
  return {
    app, ctx, admin: { authorization: `Bearer ${secret}` }, name,
    async category () {
      const handle = name('cat')
      return (await app.services.catalogCategories.create(ctx, { name: handle, handle })).id
    },
    async product (spec = {}) {
      const handle = name('p')
      const product = await app.services.catalog.create(ctx, {
        title: handle, handle, status: spec.status ?? 'published', categoryIds: spec.categoryIds ?? [], tags: spec.tags ?? [],
        productType: spec.productType ?? null, vendor: spec.vendor ?? null,
        variants: [{ sku: handle.toUpperCase(), prices: spec.amount === null ? [] : [{ currency: 'EUR', amount: spec.amount ?? 2000 }] }],
      })
      await app.services.recommendationsSignals.syncProducts(ctx, [product.id])
      return { id: product.id, handle }
    },
    async buy (customerId, productIds, daysAgo = 1) {
      const orderId = randomUUID()
      await app.services.recommendationsSignals.recordPurchase(ctx, {
        orderId, customerId, occurredAt: new Date(startedAt - daysAgo * 86_400_000).toISOString(), lines: productIds.map((productId) => ({ productId, quantity: 1 })),
      })
      return orderId
    },
    async rebuild (...models) {
      for (const model of models) await app.services.recommendationsModels.rebuild(ctx, model)
    },
    async picks (url, headers = {}) {
      const res = await app.inject({ method: 'GET', url, headers })
      return { status: res.statusCode, body: res.json() }
    },
    async customer (profiling) {
      const { customerId } = await app.services.customersAccounts.register(ctx, { email: `${name('shopper')}@example.com`, password: 'correct horse battery staple' })
      if (profiling) {
        await app.services.customersConsents.record(ctx, customerId, [{ purpose: 'profiling', granted: true }], 'storefront')
        await app.services.recommendationsSignals.setConsent(ctx, customerId, true) // what the consent event does, a moment later
      }
      const { token } = await app.services.sessions.issue(ctx, { subjectType: 'customer', subjectId: customerId, ttlSeconds: 600 })
      return { customerId, headers: { authorization: `Bearer ${token}` } }
    },
  }
}

/** Polls until `check` returns a value (subscribers and jobs run in the app's in-process engine). */
export async function eventually<T> (check: () => Promise<T | null | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await check()
    if (value != null) return value
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`timed out waiting for ${what}`)
}
