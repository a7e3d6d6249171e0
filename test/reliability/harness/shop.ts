// Store-level steps over HTTP: an admin token, a product with stock, ready carts, checkouts.
import { randomUUID } from 'node:crypto'
import { call, must } from './http.js'

export const demoAdmin = { email: 'admin@comptoir.test', password: 'comptoir-demo-admin' }
export const address = { firstName: 'Ada', lastName: 'Lovelace', line1: '1 rue de la Paix', city: 'Paris', postalCode: '75002', country: 'FR', phone: '+33100000000' }

export interface Shop {
  apis: string[]
  admin: Record<string, string>
  locationId: string
}

export async function adminToken (api: string, credentials = demoAdmin): Promise<Record<string, string>> {
  const res = must(await call(api, 'POST', '/admin/auth/sessions', { json: credentials }), 'admin login', 200, 201)
  return { authorization: `Bearer ${res.body.token as string}` }
}

export async function openShop (apis: string[]): Promise<Shop> {
  const admin = await adminToken(apis[0] as string)
  const location = must(await call(apis[0] as string, 'POST', '/admin/stock-locations', { headers: admin, json: { name: `Reliability ${randomUUID().slice(0, 8)}`, priority: 1_000_000 } }), 'location')
  return { apis, admin, locationId: location.body.id }
}

/** A published product with one variant at 2000 EUR cents and `units` on hand at the shop's location. */
export async function stockedVariant (shop: Shop, units: number): Promise<{ variantId: string, levelId: string }> {
  const api = shop.apis[0] as string
  const tag = randomUUID().slice(0, 8)
  const product = must(await call(api, 'POST', '/admin/products', {
    headers: shop.admin,
    json: { title: `Last units ${tag}`, status: 'published', variants: [{ sku: `REL-${tag}`.toUpperCase(), prices: [{ currency: 'EUR', amount: 2000 }] }] },
  }), 'product')
  const variantId = product.body.variants[0].id as string
  const level = must(await call(api, 'POST', '/admin/stock-levels', { headers: shop.admin, json: { variantId, locationId: shop.locationId } }), 'stock level')
  const levelId = (level.body.id ?? level.body.level?.id) as string
  if (units > 0) must(await call(api, 'POST', `/admin/stock-levels/${levelId}/receipts`, { headers: shop.admin, json: { quantity: units } }), 'receipt')
  return { variantId, levelId }
}

export interface ReadyCart { cartId: string, headers: Record<string, string>, api: string }

/** A guest cart ready to complete (line, email, address, the first shipping option), on `api`. */
export async function readyCart (api: string, variantId: string, quantity = 1, customer?: Record<string, string>): Promise<ReadyCart> {
  const created = must(await call(api, 'POST', '/store/carts', { headers: customer ?? {}, json: { currency: 'EUR', email: `buyer-${randomUUID().slice(0, 12)}@example.com` } }), 'cart')
  const headers: Record<string, string> = { ...(customer ?? {}), ...(created.body.cartToken != null ? { 'x-cart-token': created.body.cartToken } : {}) }
  const cartId = created.body.cart.id as string
  must(await call(api, 'POST', `/store/carts/${cartId}/lines`, { headers, json: { variantId, quantity } }), 'line')
  must(await call(api, 'PATCH', `/store/carts/${cartId}`, { headers, json: { shippingAddress: address } }), 'address')
  const options = must(await call(api, 'GET', `/store/carts/${cartId}/shipping-options`, { headers }), 'shipping options')
  const list = (Array.isArray(options.body) ? options.body : options.body.items ?? options.body.options) as Array<{ id: string }>
  if (list.length === 0) throw new Error('no shipping option for FR in the seeded store')
  must(await call(api, 'PUT', `/store/carts/${cartId}/shipping-option`, { headers, json: { shippingOptionId: list[0]?.id } }), 'shipping option')
  return { cartId, headers, api }
}

/** POST …/complete with the manual provider and an Idempotency-Key (a fresh one unless given). */
export async function checkout (cart: ReadyCart, api = cart.api, key: string = randomUUID()): Promise<ReturnType<typeof call>> {
  return call(api, 'POST', `/store/carts/${cart.cartId}/complete`, { headers: { ...cart.headers, 'idempotency-key': key }, json: { payment: { provider: 'manual' } } })
}

/** A registered customer's bearer headers and id. */
export async function registerCustomer (api: string): Promise<{ customerId: string, email: string, headers: Record<string, string> }> {
  const email = `shopper-${randomUUID().slice(0, 12)}@example.com`
  const res = must(await call(api, 'POST', '/store/customers', { json: { email, password: 'correct horse battery staple' } }), 'register', 201)
  return { customerId: res.body.customerId, email, headers: { authorization: `Bearer ${res.body.token as string}` } }
}
