// Access control over HTTP: customer B, signed in with B's own session and cart, tries every
// customer, cart and order route with customer A's ids; every /admin route refuses a stranger (401)
// and an admin whose role grants nothing (403).
import { randomUUID } from 'node:crypto'
import { call, isProblem, must, pool } from '../harness/http.js'
import type { Scenario } from '../harness/scenario.js'
import { adminToken, checkout, openShop, readyCart, registerCustomer, stockedVariant } from '../harness/shop.js'
import { seededRandom, validValue } from '../harness/values.js'

// Admin routes any signed-in admin may call: their own identity and session.
const selfService = new Set(['GET /admin/auth/me', 'DELETE /admin/auth/sessions/current'])

export const access: Scenario = {
  name: 'access control: no cross-customer reads or writes, admin routes need a credential and a permission',
  async run (stack, check) {
    const [api1, api2] = stack.apis as [string, string]
    const doc = must(await call(api1, 'GET', '/openapi.json'), 'openapi').body
    const shop = await openShop(stack.apis)
    const { variantId } = await stockedVariant(shop, 100)
    // Customer A: an address, a saved payment method, an open cart and an order.
    const a = await registerCustomer(api1)
    const address = must(await call(api1, 'POST', '/store/customers/me/addresses', { headers: a.headers, json: { line1: '1 rue A', city: 'Paris', countryCode: 'FR' } }), 'address').body
    const method = await call(api1, 'POST', '/store/customers/me/payment-methods', { headers: a.headers, json: { gateway: 'manual', gatewayMethodId: `pm_${randomUUID()}`, brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030 } })
    const ordered = await readyCart(api1, variantId, 1, a.headers)
    const order = must(await checkout(ordered), 'A\'s order').body.order
    const openCart = await readyCart(api1, variantId, 2, a.headers)
    const cartView = must(await call(api1, 'GET', `/store/carts/${openCart.cartId}`, { headers: openCart.headers }), 'A\'s cart').body
    const aIds: Record<string, string> = {
      addressId: address.id, paymentMethodId: method.body?.id ?? randomUUID(), cartId: openCart.cartId, orderId: order.id,
      lineId: (cartView.cart ?? cartView).lines[0].id, code: 'WELCOME10',
    }
    const secrets = [a.email, a.customerId, address.id, order.id, order.number, openCart.cartId, ...(method.body?.id != null ? [method.body.id] : [])]
    // Customer B with B's own session and B's own cart token.
    const b = await registerCustomer(api2)
    const bCart = must(await call(api2, 'POST', '/store/carts', { headers: b.headers, json: { currency: 'EUR' } }), 'B\'s cart').body
    const bHeaders = { ...b.headers, ...(bCart.cartToken != null ? { 'x-cart-token': bCart.cartToken } : {}) }
    const random = seededRandom(24)
    let tried = 0
    const byRoute: string[] = []
    const statuses = new Map<string, number>()
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      if (!/^\/store\/(customers\/me|carts|orders)/.test(path)) continue
      for (const [m, op] of Object.entries<any>(item)) {
        const methodName = m.toUpperCase()
        const url = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(aIds[name] ?? randomUUID()))
        const body = op.requestBody?.content?.['application/json']?.schema
        const reply = await call(api2, methodName, url, { headers: { ...bHeaders, ...(path.endsWith('/complete') ? { 'idempotency-key': randomUUID() } : {}) }, ...(body != null ? { json: validValue(body, random) } : {}) })
        tried++
        statuses.set(`${reply.status}`, (statuses.get(`${reply.status}`) ?? 0) + 1)
        if (reply.status !== 404) byRoute.push(`${methodName} ${path} ${reply.status}`)
        // A refusal may echo the id B sent (in `instance`, `detail` or an extension): not A's data.
        const leaked = secrets.filter((s) => reply.text.includes(String(s)) && !url.includes(encodeURIComponent(String(s))))
        check.ok(leaked.length === 0, `${methodName} ${path} as B shows none of A's data (${reply.status}, found ${leaked.join(', ')})`)
        if (path.includes('{')) {
          const refused = reply.status === 404 || (reply.status === 400 && methodName !== 'GET')
          check.ok(refused && isProblem(reply), `${methodName} ${path} with A's ids as B is refused as not found (got ${reply.status} ${String(reply.body?.code)})`)
        }
      }
    }
    check.figure('customer routes tried as B', `${tried}, statuses ${[...statuses.entries()].map(([s, n]) => `${s}×${n}`).join(' ')} (not 404: ${byRoute.join('; ')})`)
    // A's things are untouched by B's attempts.
    check.equal((await call(api1, 'GET', `/store/customers/me/addresses/${address.id as string}`, { headers: a.headers })).status, 200, 'A\'s address is still there')
    const after = must(await call(api1, 'GET', `/store/carts/${openCart.cartId}`, { headers: openCart.headers }), 'A\'s cart after').body
    check.equal((after.cart ?? after).lines.map((l: any) => l.quantity), [2], 'A\'s cart lines are unchanged')
    check.equal((await call(api1, 'GET', `/store/customers/me/orders/${order.id as string}`, { headers: a.headers })).status, 200, 'A still sees A\'s order')

    // Admin routes: a stranger gets 401, an admin with an empty role 403.
    const admin = await adminToken(api1)
    const role = `nobody-${randomUUID().slice(0, 8)}`
    must(await call(api1, 'POST', '/admin/roles', { headers: admin, json: { name: role, permissions: [] } }), 'role')
    const nobody = { email: `nobody-${randomUUID().slice(0, 8)}@example.com`, password: 'a long enough password' }
    must(await call(api1, 'POST', '/admin/admin-users', { headers: admin, json: { ...nobody, roles: [role] } }), 'admin user')
    const weak = await adminToken(api2, nobody)
    const adminOps: Array<[string, string, any]> = []
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      if (!path.startsWith('/admin')) continue
      for (const [m, op] of Object.entries<any>(item)) if ((op.security ?? []).length > 0) adminOps.push([m.toUpperCase(), path, op])
    }
    const allowed: string[] = []
    // Logging out ends the weak admin's session: that one goes last.
    adminOps.sort((x, y) => Number(x[1] === '/admin/auth/sessions/current') - Number(y[1] === '/admin/auth/sessions/current'))
    const last = adminOps.pop() as [string, string, any]
    const probe = async ([methodName, path, op]: [string, string, any]): Promise<void> => {
      const url = path.replace(/\{(\w+)\}/g, () => randomUUID())
      const body = op.requestBody?.content?.['application/json']?.schema != null ? {} : undefined
      const api = stack.apis[adminOps.length % 2] as string
      const anonymous = await call(api, methodName, url, body !== undefined ? { json: body } : {})
      check.ok(anonymous.status === 401 && isProblem(anonymous), `${methodName} ${path} without a credential: 401 (got ${anonymous.status})`)
      const denied = await call(api, methodName, url, { headers: weak, ...(body !== undefined ? { json: body } : {}) })
      if (denied.status !== 403) allowed.push(`${methodName} ${path}`)
      else check.ok(isProblem(denied) && denied.body.code === 'CORE_FORBIDDEN', `${methodName} ${path}: the 403 is problem+json`)
    }
    await pool(adminOps, 6, probe)
    await probe(last)
    adminOps.push(last)
    const unexpected = allowed.filter((op) => !selfService.has(op))
    check.figure('admin operations', `${adminOps.length} refuse strangers; ${adminOps.length - allowed.length} refuse an empty role, ${allowed.length} self-service (${allowed.join(', ')})`)
    check.equal(unexpected, [], 'every admin operation but self-service ones refuses an admin without the permission')
  },
}
