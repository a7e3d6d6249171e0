import { definePlugin, systemActor, Type, type Ctx, type PluginManifest } from '@comptoir/core'
import { createTestDatabases, testEngines, uniqueName, type TestLike } from '@comptoir/core/testing'
import catalog from '@comptoir/plugin-catalog'
import customers from '@comptoir/plugin-customers'
import inventory from '@comptoir/plugin-inventory'
import type { Test as TapTest } from 'tap'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import orders from '../src/index.js'
import type { AuthorizePaymentResult, PaymentProvider } from '../src/payments/provider.js'

export { testEngines, uniqueName }
export type Databases = ReturnType<typeof createTestDatabases>
export type Engine = 'embedded' | 'postgres'
export type Headers = Record<string, string>

/** A payment provider driven by the test: counts calls and answers what `next` says. */
export interface TestProvider extends PaymentProvider {
  calls: { authorize: number, capture: number, cancel: number, refund: number }
  next: { authorize: AuthorizePaymentResult['status'], gatewayDown?: boolean }
}

export function createTestProvider (id = 'test-pay', manualSettlement = false): TestProvider {
  const provider: TestProvider = {
    id, title: 'Test gateway', manualSettlement,
    dataSchema: Type.Object({ token: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false }),
    calls: { authorize: 0, capture: 0, cancel: 0, refund: 0 },
    next: { authorize: 'authorized' },
    async authorize (_ctx, input) {
      provider.calls.authorize++
      const status = provider.next.authorize
      if (status === 'failed') return { status, reference: `pi_${input.paymentId}`, failureCode: 'card_declined', failureMessage: 'Your card was declined.' }
      return { status, reference: `pi_${input.paymentId}`, amount: input.amount, clientSecret: status === 'requires_action' ? 'secret_123' : null }
    },
    async capture (_ctx, input) { provider.calls.capture++; return { status: 'captured', amountCaptured: input.amount } },
    async cancel () {
      provider.calls.cancel++
      if (provider.next.gatewayDown === true) throw new Error('connect ECONNREFUSED')
    },
    async refund (_ctx, input) { provider.calls.refund++; return { status: 'succeeded', reference: `re_${input.refundId}` } },
  }
  return provider
}

/** A plugin that registers test providers from onBoot, as a payment plugin would. */
export function testPaymentsPlugin (providers: PaymentProvider[]): PluginManifest {
  return definePlugin({
    name: 'test-payments',
    dependsOn: { orders: '*' },
    onBoot (services) { for (const p of providers) services.ordersPaymentProviders.register(p) },
  })
}

export interface Shop { app: FastifyInstance, admin: Headers, ctx: Ctx, locationId: string, shippingOptionId: string }

/** catalog + customers + inventory + orders (+ test providers), an owner API key, one location, one shipping option for FR. */
export async function openShop (dbs: Databases, t: TestLike, engine: Engine, providers: PaymentProvider[] = [], ordersOptions: Record<string, unknown> = {}): Promise<Shop> {
  const plugins: Array<[PluginManifest, Record<string, unknown>]> = [[catalog, {}], [customers, {}], [inventory, {}], [orders, ordersOptions]]
  if (providers.length > 0) plugins.push([testPaymentsPlugin(providers), {}])
  const app = await dbs.app(t, engine, { plugins })
  const ctx = app.comptoir.systemCtx(systemActor)
  const { secret } = await app.services.auth.createApiKey(ctx, { name: 'test owner', roles: ['owner'] })
  const admin = { authorization: `Bearer ${secret}` }
  const locationId = (await app.services.inventoryLocations.create(ctx, { name: 'Main warehouse', priority: 1 })).id
  const zone = await app.inject({ method: 'POST', url: '/admin/shipping-zones', headers: admin, payload: { name: 'France', countries: ['FR'] } })
  if (zone.statusCode !== 201 && zone.statusCode !== 200) throw new Error(`zone: ${zone.body}`)
  const option = await app.inject({ method: 'POST', url: '/admin/shipping-options', headers: admin, payload: { zoneId: zone.json().id, name: 'Colissimo', currency: 'EUR', rateType: 'flat', flatAmount: 500 } })
  if (option.statusCode !== 201 && option.statusCode !== 200) throw new Error(`option: ${option.body}`)
  return { app, admin, ctx, locationId, shippingOptionId: option.json().id }
}

let productSeq = 0

/** A published product with one variant at `amount` EUR cents and `units` on hand at the shop's location. */
export async function createVariant (shop: Shop, units: number, amount = 2000): Promise<string> {
  const { app, ctx } = shop
  const n = ++productSeq
  const product = await app.services.catalog.create(ctx, {
    title: `Mug ${n}`,
    handle: `mug-${n}-${Math.random().toString(36).slice(2, 8)}`,
    status: 'published',
    options: [{ name: 'Size', values: ['M'] }],
    variants: [{ sku: `MUG-${n}-${Math.random().toString(36).slice(2, 6)}`.toUpperCase(), options: { Size: 'M' }, prices: [{ currency: 'EUR', amount }] }],
  })
  const variantId = product.variants[0]!.id
  const { level } = await app.services.inventoryLevels.create(ctx, { variantId, locationId: shop.locationId })
  if (units > 0) await app.services.inventoryLevels.receive(ctx, level.id, { quantity: units })
  return variantId
}

export const address = { firstName: 'Ada', lastName: 'Lovelace', line1: '1 rue de la Paix', city: 'Paris', postalCode: '75002', country: 'FR', phone: '+33100000000' }

export interface ReadyCart { cartId: string, headers: Headers }

/** A cart ready for checkout: lines, email, address, shipping option. Guest (cart token) unless `customer` headers are given. */
export async function readyCart (shop: Shop, lines: Array<{ variantId: string, quantity: number }>, customer?: Headers): Promise<ReadyCart> {
  const { app } = shop
  const created = await app.inject({ method: 'POST', url: '/store/carts', headers: customer ?? {}, payload: { currency: 'EUR', email: `${uniqueName('buyer')}@example.com` } })
  if (created.statusCode >= 300) throw new Error(`cart: ${created.statusCode} ${created.body}`)
  const body = created.json() as { cart: { id: string }, cartToken: string | null }
  const headers: Headers = { ...(customer ?? {}), ...(body.cartToken != null ? { 'x-cart-token': body.cartToken } : {}) }
  const cartId = body.cart.id
  for (const line of lines) await must(app.inject({ method: 'POST', url: `/store/carts/${cartId}/lines`, headers, payload: line }), 'line')
  await must(app.inject({ method: 'PATCH', url: `/store/carts/${cartId}`, headers, payload: { shippingAddress: address } }), 'address')
  await must(app.inject({ method: 'PUT', url: `/store/carts/${cartId}/shipping-option`, headers, payload: { shippingOptionId: shop.shippingOptionId } }), 'shipping')
  return { cartId, headers }
}

async function must (res: Promise<LightMyRequestResponse>, what: string): Promise<LightMyRequestResponse> {
  const r = await res
  if (r.statusCode >= 300) throw new Error(`${what}: ${r.statusCode} ${r.body}`)
  return r
}

/** POST /store/carts/:cartId/complete with an Idempotency-Key. */
export async function checkout (shop: Shop, cart: ReadyCart, provider = 'manual', key = uniqueName('idem')): Promise<LightMyRequestResponse> {
  return await shop.app.inject({ method: 'POST', url: `/store/carts/${cart.cartId}/complete`, headers: { ...cart.headers, 'idempotency-key': key }, payload: { payment: { provider } } })
}

/** A registered customer's bearer headers. */
export async function registerCustomer (shop: Shop): Promise<{ customerId: string, headers: Headers }> {
  const email = `${uniqueName('shopper')}@example.com`
  const ip = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`
  const res = await shop.app.inject({ method: 'POST', url: '/store/customers', remoteAddress: ip, payload: { email, password: 'correct horse battery staple' } })
  if (res.statusCode !== 201) throw new Error(`register: ${res.statusCode} ${res.body}`)
  const body = res.json() as { token: string, customerId: string }
  return { customerId: body.customerId, headers: { authorization: `Bearer ${body.token}` } }
}

/** A stock level's numbers straight from the table. */
export async function levelOf (shop: Shop, variantId: string): Promise<{ on_hand: number, reserved: number }> {
  return await shop.app.comptoir.database.knex('inventory_levels').where({ variant_id: variantId, location_id: shop.locationId }).first('on_hand', 'reserved') as { on_hand: number, reserved: number }
}

/** Names of orders.* events in the outbox, oldest first. */
export async function outboxNames (shop: Shop, prefix = 'orders.order.'): Promise<string[]> {
  return await shop.app.comptoir.database.knex('comptoir_outbox').where('name', 'like', `${prefix}%`).orderBy(['occurred_at', 'id']).pluck('name') as string[]
}

/** Asserts a response status, printing the body only when it differs. */
export function expectStatus (t: TapTest, res: LightMyRequestResponse, status: number, what = `${res.statusCode === status ? 'status' : res.body}`): void {
  t.equal(res.statusCode, status, `HTTP ${status}${res.statusCode === status ? '' : `: ${what}`}`)
}
