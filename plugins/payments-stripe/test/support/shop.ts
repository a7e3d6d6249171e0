import { systemActor, type Ctx } from '@comptoir/core'
import { uniqueName } from '@comptoir/core/testing'
import catalog from '@comptoir/plugin-catalog'
import customers from '@comptoir/plugin-customers'
import inventory from '@comptoir/plugin-inventory'
import orders from '@comptoir/plugin-orders'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import paymentsStripe from '../../src/index.js'
import type { FakeStripe } from '../fake-stripe/server.js'
import { logSink, stripeOptions, type Dbs, type Engine, type LogSink, type TestLike } from '../helpers.js'

export type Headers = Record<string, string>
export interface Shop { app: FastifyInstance, admin: Headers, ctx: Ctx, locationId: string, shippingOptionId: string, logs: LogSink }

async function must (res: Promise<LightMyRequestResponse>, what: string): Promise<LightMyRequestResponse> {
  const r = await res
  if (r.statusCode >= 300) throw new Error(`${what}: ${r.statusCode} ${r.body}`)
  return r
}

/** The real stack: catalog + customers + inventory + orders + payments-stripe, one location, shipping to FR. */
export async function openShop (dbs: Dbs, t: TestLike, engine: Engine, fake: FakeStripe): Promise<Shop> {
  const { sink, logger } = logSink()
  const app = await dbs.app(t, engine, { plugins: [catalog, customers, inventory, [orders, { manualProvider: false }], [paymentsStripe, stripeOptions(fake)]] }, { logger })
  const ctx = app.comptoir.systemCtx(systemActor)
  const { secret } = await app.services.auth.createApiKey(ctx, { name: 'owner', roles: ['owner'] })
  const admin = { authorization: `Bearer ${secret}` }
  const locationId = (await app.services.inventoryLocations.create(ctx, { name: 'Main', priority: 1 })).id
  const zone = await must(app.inject({ method: 'POST', url: '/admin/shipping-zones', headers: admin, payload: { name: 'France', countries: ['FR'] } }), 'zone')
  const option = await must(app.inject({ method: 'POST', url: '/admin/shipping-options', headers: admin, payload: { zoneId: zone.json().id, name: 'Colissimo', currency: 'EUR', rateType: 'flat', flatAmount: 500 } }), 'option')
  return { app, admin, ctx, locationId, shippingOptionId: option.json().id, logs: sink }
}

/** A published variant at `amount` EUR cents with `units` on hand. */
export async function createVariant (shop: Shop, units: number, amount: number): Promise<string> {
  const { app, ctx } = shop
  const tag = uniqueName('mug')
  const product = await app.services.catalog.create(ctx, {
    title: `Mug ${tag}`, handle: tag.replaceAll('_', '-'), status: 'published', options: [{ name: 'Size', values: ['M'] }],
    variants: [{ sku: tag.toUpperCase(), options: { Size: 'M' }, prices: [{ currency: 'EUR', amount }] }],
  })
  const variantId = product.variants[0]?.id as string
  const { level } = await app.services.inventoryLevels.create(ctx, { variantId, locationId: shop.locationId })
  if (units > 0) await app.services.inventoryLevels.receive(ctx, level.id, { quantity: units })
  return variantId
}

/** A guest cart with lines, address and shipping, ready to complete. */
export async function readyCart (shop: Shop, lines: Array<{ variantId: string, quantity: number }>, customer: Headers = {}): Promise<{ cartId: string, headers: Headers }> {
  const { app } = shop
  const created = await must(app.inject({ method: 'POST', url: '/store/carts', headers: customer, payload: { currency: 'EUR', email: `${uniqueName('buyer')}@example.com` } }), 'cart')
  const body = created.json() as { cart: { id: string }, cartToken: string | null }
  const headers: Headers = { ...customer, ...(body.cartToken != null ? { 'x-cart-token': body.cartToken } : {}) }
  const cartId = body.cart.id
  for (const line of lines) await must(app.inject({ method: 'POST', url: `/store/carts/${cartId}/lines`, headers, payload: line }), 'line')
  const address = { firstName: 'Ada', lastName: 'Lovelace', line1: '1 rue de la Paix', city: 'Paris', postalCode: '75002', country: 'FR', phone: '+33100000000' }
  await must(app.inject({ method: 'PATCH', url: `/store/carts/${cartId}`, headers, payload: { shippingAddress: address } }), 'address')
  await must(app.inject({ method: 'PUT', url: `/store/carts/${cartId}/shipping-option`, headers, payload: { shippingOptionId: shop.shippingOptionId } }), 'shipping')
  return { cartId, headers }
}

/** Completes the cart paying by card with `paymentMethod`. */
export async function payByCard (shop: Shop, cart: { cartId: string, headers: Headers }, paymentMethod: string, extra: Record<string, unknown> = {}): Promise<LightMyRequestResponse> {
  return await shop.app.inject({
    method: 'POST', url: `/store/carts/${cart.cartId}/complete`, headers: { ...cart.headers, 'idempotency-key': uniqueName('idem') },
    payload: { payment: { provider: 'stripe', data: { paymentMethod, ...extra } } },
  })
}

export async function levelOf (shop: Shop, variantId: string): Promise<{ on_hand: number, reserved: number }> {
  return await shop.app.comptoir.database.knex('inventory_levels').where({ variant_id: variantId, location_id: shop.locationId }).first('on_hand', 'reserved') as { on_hand: number, reserved: number }
}

export async function registerCustomer (shop: Shop): Promise<{ customerId: string, headers: Headers }> {
  const ip = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`
  const res = await must(shop.app.inject({ method: 'POST', url: '/store/customers', remoteAddress: ip, payload: { email: `${uniqueName('shopper')}@example.com`, password: 'correct horse battery staple' } }), 'register')
  const body = res.json() as { token: string, customerId: string }
  return { customerId: body.customerId, headers: { authorization: `Bearer ${body.token}` } }
}
