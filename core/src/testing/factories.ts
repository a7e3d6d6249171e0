import { randomBytes } from 'node:crypto'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { Ctx } from '../context.js'

/** Request headers a factory hands back (a bearer token, a cart token). */
export type Headers = Record<string, string>

// Factories reach plugins through their registered services and their HTTP routes only: core
// imports no plugin, so these are typed loosely and fail with a message naming the plugin.
type Loose = Record<string, any>

function seq (): string {
  return randomBytes(4).toString('hex')
}

function need (app: FastifyInstance, service: string, plugin: string, factory: string): Loose {
  const services = app.services as unknown as Loose
  const found = app.container.hasRegistration(service) ? services[service] : undefined
  if (found == null) throw new Error(`${factory}() needs the ${plugin} plugin: add it to the test app's plugins`)
  return found as Loose
}

async function ok (response: Promise<LightMyRequestResponse>, what: string): Promise<any> {
  const res = await response
  if (res.statusCode >= 300) throw new Error(`${what}: HTTP ${res.statusCode} ${res.body}`)
  return res.body === '' ? null : res.json()
}

/** An admin API key with exactly `permissions` (a role made for it); `['*']` by default. */
export async function createAdminSession (app: FastifyInstance, ctx: Ctx, permissions: readonly string[] = ['*']): Promise<{ headers: Headers, apiKeyId: string, role: string }> {
  const role = `test-${seq()}`
  await app.services.auth.createRole(ctx, { name: role, permissions: [...permissions] })
  const key = await app.services.auth.createApiKey(ctx, { name: `test admin ${role}`, roles: [role] })
  return { headers: { authorization: `Bearer ${key.secret}` }, apiKeyId: key.apiKey.id, role }
}

/** A registered customer (customers plugin) and their session's bearer headers. */
export async function createCustomerSession (app: FastifyInstance, input: { email?: string, password?: string } = {}): Promise<{ customerId: string, email: string, headers: Headers }> {
  need(app, 'customers', 'customers', 'customerSession')
  const email = input.email ?? `customer-${seq()}@example.com`
  // Each registration from its own address: the customers plugin rate-limits sign-ups per IP.
  const remoteAddress = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`
  const body = await ok(app.inject({ method: 'POST', url: '/store/customers', remoteAddress, payload: { email, password: input.password ?? 'correct horse battery staple' } }), 'customerSession')
  return { customerId: body.customerId, email, headers: { authorization: `Bearer ${body.token}` } }
}

/** What `product()` takes: prices per variant in minor units, stock on hand per variant (inventory plugin). */
export interface ProductInput {
  title?: string
  currency?: string
  /** One entry per variant: its price and, with inventory installed, its units on hand. */
  variants?: Array<{ amount: number, stock?: number }>
}

/** A published product (catalog plugin), its variants priced, and stocked when inventory is installed. */
export async function createProduct (app: FastifyInstance, ctx: Ctx, input: ProductInput = {}, locationId?: string): Promise<{ productId: string, variantIds: string[], currency: string }> {
  const catalog = need(app, 'catalog', 'catalog', 'product')
  const n = seq()
  const currency = input.currency ?? 'EUR'
  const variants = input.variants ?? [{ amount: 2000, stock: 10 }]
  const product = await catalog.create(ctx, {
    title: input.title ?? `Product ${n}`,
    handle: `product-${n}`,
    status: 'published',
    options: [{ name: 'Size', values: variants.map((_, i) => `S${i + 1}`) }],
    variants: variants.map((v, i) => ({ sku: `SKU-${n}-${i + 1}`.toUpperCase(), options: { Size: `S${i + 1}` }, prices: [{ currency, amount: v.amount }] })),
  })
  const variantIds = (product.variants as Array<{ id: string }>).map((v) => v.id)
  if (app.container.hasRegistration('inventoryLevels')) {
    const location = locationId ?? await createTestLocation(app, ctx)
    for (const [i, variantId] of variantIds.entries()) await setStock(app, ctx, variantId, variants[i]?.stock ?? 0, location)
  }
  return { productId: product.id, variantIds, currency }
}

/** A stock location for test stock (inventory plugin): its id. */
export async function createTestLocation (app: FastifyInstance, ctx: Ctx): Promise<string> {
  return (await need(app, 'inventoryLocations', 'inventory', 'stock').create(ctx, { name: `Test warehouse ${seq()}`, priority: 1 })).id as string
}

/** Puts `units` on hand for a variant at the test warehouse (inventory plugin). */
export async function setStock (app: FastifyInstance, ctx: Ctx, variantId: string, units: number, locationId?: string): Promise<void> {
  const levels = need(app, 'inventoryLevels', 'inventory', 'stock')
  const location = locationId ?? await createTestLocation(app, ctx)
  const { level } = await levels.create(ctx, { variantId, locationId: location })
  if (units > 0) await levels.receive(ctx, level.id, { quantity: units })
}

/** A shipping zone for FR and a flat 5.00 EUR option in it (orders plugin): the option's id. */
export async function createTestShippingOption (app: FastifyInstance, admin: Headers): Promise<string> {
  const zone = await ok(app.inject({ method: 'POST', url: '/admin/shipping-zones', headers: admin, payload: { name: `Test zone ${seq()}`, countries: ['FR'] } }), 'cart: shipping zone')
  return (await ok(app.inject({ method: 'POST', url: '/admin/shipping-options', headers: admin, payload: { zoneId: zone.id, name: 'Test delivery', currency: 'EUR', rateType: 'flat', flatAmount: 500 } }), 'cart: shipping option')).id as string
}

/** A French shipping address, as carts take it. */
export const testAddress = { firstName: 'Ada', lastName: 'Lovelace', line1: '1 rue de la Paix', city: 'Paris', postalCode: '75002', country: 'FR', phone: '+33100000000' }

/** A cart ready for checkout (orders plugin): lines, email, address, a flat EUR shipping option to FR. */
export async function createCart (app: FastifyInstance, admin: Headers, input: { lines: Array<{ variantId: string, quantity: number }>, customer?: Headers, currency?: string, shippingOptionId?: string }): Promise<{ cartId: string, headers: Headers }> {
  need(app, 'orders', 'orders', 'cart')
  const created = await ok(app.inject({ method: 'POST', url: '/store/carts', headers: input.customer ?? {}, payload: { currency: input.currency ?? 'EUR', email: `buyer-${seq()}@example.com` } }), 'cart')
  const headers: Headers = { ...(input.customer ?? {}), ...(created.cartToken != null ? { 'x-cart-token': created.cartToken } : {}) }
  const cartId = created.cart.id as string
  for (const line of input.lines) await ok(app.inject({ method: 'POST', url: `/store/carts/${cartId}/lines`, headers, payload: line }), 'cart: line')
  await ok(app.inject({ method: 'PATCH', url: `/store/carts/${cartId}`, headers, payload: { shippingAddress: testAddress } }), 'cart: address')
  await ok(app.inject({ method: 'PUT', url: `/store/carts/${cartId}/shipping-option`, headers, payload: { shippingOptionId: input.shippingOptionId ?? await createTestShippingOption(app, admin) } }), 'cart: shipping option')
  return { cartId, headers }
}

/** Completes a cart's checkout (orders' `manual` provider unless given) and answers the response. */
export async function checkoutCart (app: FastifyInstance, cart: { cartId: string, headers: Headers }, input: { provider?: string, payload?: Record<string, unknown> } = {}): Promise<LightMyRequestResponse> {
  return await app.inject({
    method: 'POST', url: `/store/carts/${cart.cartId}/complete`,
    headers: { ...cart.headers, 'idempotency-key': `test-${seq()}` },
    payload: { payment: { provider: input.provider ?? 'manual' }, ...input.payload },
  })
}
