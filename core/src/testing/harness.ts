import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { BuildAppOptions } from '../app.js'
import type { StoreConfig } from '../config.js'
import type { Ctx } from '../context.js'
import type { DatabaseEngine } from '../db/connect.js'
import { systemActor } from '../context.js'
import { drainEvents, emittedEvents, type DrainResult } from './drain.js'
import {
  checkoutCart, createAdminSession, createCart, createCustomerSession, createProduct, createTestLocation, createTestShippingOption, setStock,
  type Headers, type ProductInput,
} from './factories.js'

/** What `createPluginTestApp` needs: the file's test databases (`createTestDatabases(t)`) and the store. */
export interface PluginTestAppOptions {
  databases: { app: (t: PluginTestLike, engine: DatabaseEngine, config?: StoreConfig, options?: Omit<BuildAppOptions, 'config' | 'database'>) => Promise<FastifyInstance> }
  engine: DatabaseEngine
  /** The plugins under test and their dependencies, dependencies first. */
  plugins: NonNullable<StoreConfig['plugins']>
  /** The rest of the store config (store name, http, …). */
  config?: Omit<StoreConfig, 'plugins'>
  app?: Omit<BuildAppOptions, 'config' | 'database'>
}

/** The slice of a tap test the harness uses. */
export interface PluginTestLike { teardown: (fn: () => unknown) => void }

/** A test app with the plugins under test, a system ctx and factories for the common fixtures. */
export interface PluginTestApp {
  app: FastifyInstance
  /** A system ctx on the app's database (actor: the system). */
  ctx: Ctx
  /** Headers of an admin holding every permission (`*`), made on first use. */
  admin: () => Promise<Headers>
  /** An admin API key with exactly these permissions. */
  adminSession: (permissions?: readonly string[]) => Promise<{ headers: Headers, apiKeyId: string, role: string }>
  /** A registered customer with a session (customers plugin). */
  customerSession: (input?: { email?: string, password?: string }) => Promise<{ customerId: string, email: string, headers: Headers }>
  /** A published product with priced variants, stocked when inventory is installed (catalog plugin). */
  product: (input?: ProductInput) => Promise<{ productId: string, variantIds: string[], currency: string }>
  /** Units on hand for a variant at the test warehouse (inventory plugin). */
  stock: (variantId: string, units: number) => Promise<void>
  /** A cart ready for checkout (orders plugin); a guest's unless `customer` headers are given. */
  cart: (input: { lines: Array<{ variantId: string, quantity: number }>, customer?: Headers, currency?: string }) => Promise<{ cartId: string, headers: Headers }>
  /** Completes a cart's checkout and returns the raw response (assert it yourself). */
  checkout: (cart: { cartId: string, headers: Headers }, input?: { provider?: string, payload?: Record<string, unknown> }) => Promise<LightMyRequestResponse>
  /**
   * A placed order: a product (one variant, stocked), a cart of `quantity` and a checkout with
   * the `manual` provider, then events drained. Throws when checkout does not answer 2xx.
   */
  placedOrder: (input?: { amount?: number, quantity?: number, customer?: Headers }) => Promise<{ orderId: string, order: Record<string, unknown>, variantId: string, cartId: string }>
  /** Relays the outbox and runs every due job (subscribers too) until nothing is left. */
  drain: (options?: { timeoutMs?: number, allowFailures?: boolean }) => Promise<DrainResult>
  /** Events emitted so far (name prefix to narrow), oldest first. */
  events: (prefix?: string) => Promise<Array<{ id: string, name: string, payload: unknown }>>
}

/**
 * A test app on a throw-away, migrated database of `engine` (closed with `t`), with the plugins
 * under test and factories that reach the installed plugins through their services and routes.
 */
export async function createPluginTestApp (t: PluginTestLike, options: PluginTestAppOptions): Promise<PluginTestApp> {
  const app = await options.databases.app(t, options.engine, { ...options.config, plugins: options.plugins }, options.app)
  const ctx = app.comptoir.systemCtx(systemActor)
  // Made on first use and kept for this app: the admin key, the test warehouse, the FR shipping option.
  let admin: Promise<Headers> | null = null
  let location: Promise<string> | null = null
  let shipping: Promise<string> | null = null
  const locationId = async (): Promise<string> => await (location ??= createTestLocation(app, ctx))
  const harness: PluginTestApp = {
    app,
    ctx,
    admin: async () => await (admin ??= createAdminSession(app, ctx, ['*']).then((s) => s.headers)),
    adminSession: async (permissions) => await createAdminSession(app, ctx, permissions),
    customerSession: async (input) => await createCustomerSession(app, input),
    product: async (input) => await createProduct(app, ctx, input, app.container.hasRegistration('inventoryLevels') ? await locationId() : undefined),
    stock: async (variantId, units) => { await setStock(app, ctx, variantId, units, await locationId()) },
    async cart (input) {
      const headers = await harness.admin()
      return await createCart(app, headers, { ...input, shippingOptionId: await (shipping ??= createTestShippingOption(app, headers)) })
    },
    checkout: async (cart, input) => await checkoutCart(app, cart, input),
    async placedOrder (input = {}) {
      const quantity = input.quantity ?? 1
      const { variantIds } = await harness.product({ variants: [{ amount: input.amount ?? 2000, stock: quantity + 10 }] })
      const variantId = variantIds[0]!
      const cart = await harness.cart({ lines: [{ variantId, quantity }], customer: input.customer })
      const res = await harness.checkout(cart)
      if (res.statusCode >= 300) throw new Error(`placedOrder: checkout answered HTTP ${res.statusCode} ${res.body}`)
      const body = res.json() as { order: Record<string, unknown> & { id: string } }
      await harness.drain()
      return { orderId: body.order.id, order: body.order, variantId, cartId: cart.cartId }
    },
    drain: async (drainOptions) => await drainEvents(app, drainOptions),
    events: async (prefix) => await emittedEvents(app, { prefix }),
  }
  return harness
}
