import { definePlugin, systemActor, Type, type Ctx, type PluginManifest } from '@comptoir/core'
import { createTestDatabases, uniqueName, type TestLike } from '@comptoir/core/testing'
import catalog from '@comptoir/plugin-catalog'
import customers from '@comptoir/plugin-customers'
import inventory from '@comptoir/plugin-inventory'
import orders, { type PaymentProvider } from '@comptoir/plugin-orders'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import fraud from '../src/index.js'

export { uniqueName }
export type Databases = ReturnType<typeof createTestDatabases>
export type Engine = 'embedded' | 'postgres'
export type Headers = Record<string, string>

/** A gateway driven by `payment.data`: `decline` fails the payment, `risk` is what Radar would say. */
export interface TestGateway extends PaymentProvider { calls: { authorize: number, capture: number, cancel: number, refund: number } }

export function createGateway (): TestGateway {
  const gateway: TestGateway = {
    id: 'test-pay', title: 'Test gateway',
    dataSchema: Type.Object({
      decline: Type.Optional(Type.Boolean()),
      risk: Type.Optional(Type.Object({ level: Type.Optional(Type.String()), outcome: Type.Optional(Type.String()), cardFingerprint: Type.Optional(Type.String()), cardCountry: Type.Optional(Type.String()) })),
    }),
    calls: { authorize: 0, capture: 0, cancel: 0, refund: 0 },
    async authorize (_ctx, input) {
      gateway.calls.authorize++
      const data = input.data as { decline?: boolean, risk?: Record<string, string> }
      if (data.decline === true) return { status: 'failed', reference: `pi_${input.paymentId}`, failureCode: 'card_declined' }
      return { status: 'authorized', reference: `pi_${input.paymentId}`, amount: input.amount, ...(data.risk != null ? { risk: data.risk } : {}) }
    },
    async capture (_ctx, input) { gateway.calls.capture++; return { status: 'captured', amountCaptured: input.amount } },
    async cancel () { gateway.calls.cancel++ },
    async refund (_ctx, input) { gateway.calls.refund++; return { status: 'succeeded', reference: `re_${input.refundId}` } },
  }
  return gateway
}

function gatewayPlugin (gateway: PaymentProvider): PluginManifest {
  return definePlugin({ name: 'test-payments', dependsOn: { orders: '*' }, onBoot (services) { services.ordersPaymentProviders.register(gateway) } })
}

export interface Shop { app: FastifyInstance, admin: Headers, ctx: Ctx, locationId: string, shippingOptionId: string, gateway: TestGateway }

/** catalog + customers + inventory + orders + a test gateway + fraud, an owner API key, a location, shipping to FR and DE. */
export async function openShop (dbs: Databases, t: TestLike, engine: Engine, withFraud = true): Promise<Shop> {
  const gateway = createGateway()
  const plugins: Array<[PluginManifest, Record<string, unknown>]> = [[catalog, {}], [customers, {}], [inventory, {}], [orders, {}], [gatewayPlugin(gateway), {}]]
  if (withFraud) plugins.push([fraud, { hashSecret: 'test-secret-key' }])
  const app = await dbs.app(t, engine, { plugins })
  const ctx = app.comptoir.systemCtx(systemActor)
  const { secret } = await app.services.auth.createApiKey(ctx, { name: 'owner', roles: ['owner'] })
  const admin = { authorization: `Bearer ${secret}` }
  const locationId = (await app.services.inventoryLocations.create(ctx, { name: 'Main', priority: 1 })).id
  const zone = await app.inject({ method: 'POST', url: '/admin/shipping-zones', headers: admin, payload: { name: 'Europe', countries: ['FR', 'DE'] } })
  const option = await app.inject({ method: 'POST', url: '/admin/shipping-options', headers: admin, payload: { zoneId: zone.json().id, name: 'Post', currency: 'EUR', rateType: 'flat', flatAmount: 500 } })
  return { app, admin, ctx, locationId, shippingOptionId: option.json().id, gateway }
}

let seq = 0

/** A published variant at `amount` EUR cents with `units` on hand. */
export async function createVariant (shop: Shop, units: number, amount = 2000): Promise<string> {
  const n = ++seq
  const product = await shop.app.services.catalog.create(shop.ctx, {
    title: `Mug ${n}`, handle: `mug-${n}-${Math.random().toString(36).slice(2, 8)}`, status: 'published', options: [{ name: 'Size', values: ['M'] }],
    variants: [{ sku: `MUG-${n}-${Math.random().toString(36).slice(2, 6)}`.toUpperCase(), options: { Size: 'M' }, prices: [{ currency: 'EUR', amount }] }],
  })
  const variantId = product.variants[0]!.id
  const { level } = await shop.app.services.inventoryLevels.create(shop.ctx, { variantId, locationId: shop.locationId })
  if (units > 0) await shop.app.services.inventoryLevels.receive(shop.ctx, level.id, { quantity: units })
  return variantId
}

export const address = { firstName: 'Ada', lastName: 'Lovelace', line1: '1 rue de la Paix', city: 'Paris', postalCode: '75002', country: 'FR' }

export interface CartSpec { email?: string, quantity?: number, amount?: number, billingCountry?: string, variantId?: string }

/** A guest cart ready for checkout; answers its id and headers. */
export async function readyCart (shop: Shop, spec: CartSpec = {}): Promise<{ cartId: string, headers: Headers, variantId: string }> {
  const { app } = shop
  const variantId = spec.variantId ?? await createVariant(shop, 10, spec.amount ?? 2000)
  const created = await app.inject({ method: 'POST', url: '/store/carts', payload: { currency: 'EUR', email: spec.email ?? `${uniqueName('buyer')}@example.com` } })
  const body = created.json() as { cart: { id: string }, cartToken: string }
  const headers = { 'x-cart-token': body.cartToken }
  const cartId = body.cart.id
  await must(app.inject({ method: 'POST', url: `/store/carts/${cartId}/lines`, headers, payload: { variantId, quantity: spec.quantity ?? 1 } }))
  const billing = spec.billingCountry == null ? {} : { billingAddress: { ...address, line1: '9 Hauptstrasse', city: 'Berlin', postalCode: '10115', country: spec.billingCountry } }
  await must(app.inject({ method: 'PATCH', url: `/store/carts/${cartId}`, headers, payload: { shippingAddress: address, ...billing } }))
  await must(app.inject({ method: 'PUT', url: `/store/carts/${cartId}/shipping-option`, headers, payload: { shippingOptionId: shop.shippingOptionId } }))
  return { cartId, headers, variantId }
}

async function must (res: Promise<LightMyRequestResponse>): Promise<void> {
  const r = await res
  if (r.statusCode >= 300) throw new Error(`${r.statusCode} ${r.body}`)
}

export interface CheckoutSpec { ip?: string, deviceId?: string, data?: Record<string, unknown> }

/** POST /store/carts/:cartId/complete with the test gateway, from `ip` with `deviceId`. */
export async function checkout (shop: Shop, cart: { cartId: string, headers: Headers }, spec: CheckoutSpec = {}): Promise<LightMyRequestResponse> {
  return await shop.app.inject({
    method: 'POST', url: `/store/carts/${cart.cartId}/complete`, remoteAddress: spec.ip ?? randomIp(),
    headers: { ...cart.headers, 'idempotency-key': uniqueName('key'), ...(spec.deviceId != null ? { 'x-device-id': spec.deviceId } : {}) },
    payload: { payment: { provider: 'test-pay', data: spec.data ?? {} } },
  })
}

export function randomIp (): string {
  return `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`
}

/** Delivers an event to fraud's subscriber as the kernel would (same id = a redelivery). */
export async function deliver (shop: Shop, name: string, payload: Record<string, unknown>, id = uniqueName('evt')): Promise<void> {
  const handler = fraud.subscribers?.[name]
  if (handler == null) throw new Error(`fraud does not subscribe to ${name}`)
  await handler(shop.ctx, { id, name, payload, occurredAt: new Date().toISOString() }, { services: shop.app.services } as never)
}
