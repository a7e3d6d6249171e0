import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { definePlugin, systemActor, type Ctx } from '@comptoir/core'
import { createTestDatabases, uniqueName, type TestLike } from '@comptoir/core/testing'
import catalog, { type Product } from '@comptoir/plugin-catalog'
import customers from '@comptoir/plugin-customers'
import {
  cartAdminRoutes, cartEvents, cartJobs, cartPersonalData, cartServices, cartSettings, cartStoreRoutes, seedPricing,
} from '../src/carts/index.js'
import { OrdersConfig } from '../src/config.js'

export type Databases = ReturnType<typeof createTestDatabases>
export type Engine = 'embedded' | 'postgres'
export type Headers = Record<string, string>

/**
 * The carts half of the orders plugin as a manifest of its own (no inventory, no checkout), so
 * these suites test carts and pricing through their public surface alone.
 */
export const cartsPlugin = definePlugin({
  name: 'orders',
  version: '0.1.0',
  dependsOn: { catalog: '^0.1.0' },
  config: OrdersConfig,
  services: cartServices,
  routes: { store: cartStoreRoutes, admin: cartAdminRoutes },
  migrations: new URL('../src/migrations/', import.meta.url),
  events: cartEvents,
  settings: cartSettings,
  jobs: cartJobs,
  permissions: ['orders:read', 'orders:write'],
  personalData: cartPersonalData,
  seed: async (ctx, app) => { await seedPricing(ctx, app) },
})

export interface CartsTestApp {
  app: FastifyInstance
  ctx: Ctx
  admin: Headers
  /** A published product with one variant per entry (amount in each currency, weight). */
  product: (variants: Array<{ prices: Record<string, number>, weightGrams?: number }>, status?: 'published' | 'draft') => Promise<{ product: Product, variantIds: string[] }>
  /** A new guest cart: its id, token and headers. */
  guest: (payload?: Record<string, unknown>) => Promise<{ cartId: string, token: string, headers: Headers }>
  /** A registered, signed-in customer. */
  customer: () => Promise<{ customerId: string, email: string, headers: Headers }>
  call: (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, headers: Headers, payload?: unknown) => Promise<LightMyRequestResponse>
  setTaxInclusive: (value: boolean) => Promise<void>
}

let ipCounter = 1
const password = 'correct horse battery staple'

export async function cartsApp (dbs: Databases, t: TestLike, engine: Engine, options: Partial<OrdersConfig> = {}): Promise<CartsTestApp> {
  const app = await dbs.app(t, engine, { plugins: [[catalog, { currencies: ['EUR', 'USD', 'JPY'] }], customers, [cartsPlugin, options]] })
  const ctx = app.comptoir.systemCtx(systemActor)
  const { secret } = await app.services.auth.createApiKey(ctx, { name: 'owner', roles: ['owner'] })
  const admin = { authorization: `Bearer ${secret}` }
  const call: CartsTestApp['call'] = async (method, url, headers, payload) =>
    await app.inject({ method, url, headers, remoteAddress: `10.9.${Math.floor(ipCounter / 250) % 250}.${(ipCounter++ % 250) + 1}`, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) })
  return {
    app, ctx, admin, call,
    async product (variants, status = 'published') {
      const sku = uniqueName('P').toUpperCase()
      const res = await call('POST', '/admin/products', admin, {
        title: `Product ${sku}`, status,
        options: variants.length > 1 ? [{ name: 'Size', values: variants.map((_, i) => `S${i}`) }] : [],
        variants: variants.map((v, i) => ({
          sku: `${sku}-${i}`, ...(variants.length > 1 ? { options: { Size: `S${i}` } } : {}), weightGrams: v.weightGrams ?? null,
          prices: Object.entries(v.prices).map(([currency, amount]) => ({ currency, amount })),
        })),
      })
      if (res.statusCode !== 201) throw new Error(`product: ${res.statusCode} ${res.body}`)
      const product = res.json<Product>()
      return { product, variantIds: (product as unknown as { variants: Array<{ id: string }> }).variants.map((v) => v.id) }
    },
    async guest (payload = {}) {
      const res = await call('POST', '/store/carts', {}, payload)
      if (res.statusCode !== 201) throw new Error(`guest cart: ${res.statusCode} ${res.body}`)
      const body = res.json<{ cart: { id: string }, cartToken: string }>()
      return { cartId: body.cart.id, token: body.cartToken, headers: { 'x-cart-token': body.cartToken } }
    },
    async customer () {
      const email = `${uniqueName('buyer')}@example.com`
      const res = await call('POST', '/store/customers', {}, { email, password })
      if (res.statusCode !== 201) throw new Error(`register: ${res.statusCode} ${res.body}`)
      const body = res.json<{ token: string, customerId: string }>()
      return { customerId: body.customerId, email, headers: { authorization: `Bearer ${body.token}` } }
    },
    async setTaxInclusive (value) {
      await app.services.settings.set(ctx, 'orders', 'pricesIncludeTax', value)
    },
  }
}

/** A valid cart address in `country`. */
export function address (country: string, region?: string): Record<string, unknown> {
  return { firstName: 'Ada', lastName: 'Lovelace', line1: '1 Rue de la Paix', city: 'Paris', postalCode: '75002', country, ...(region == null ? {} : { region }) }
}

/** Names of the outbox events, oldest first. */
export async function outboxNames (app: FastifyInstance): Promise<string[]> {
  return await app.comptoir.database.knex('comptoir_outbox').orderBy(['occurred_at', 'id']).pluck('name') as string[]
}
