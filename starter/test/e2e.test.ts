// End to end: scaffold a store with the real bin, run it against this workspace's packages (no
// network, no npm install), and shop through HTTP only, as a storefront and an admin would.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { readFile, realpath, symlink } from 'node:fs/promises'
import path from 'node:path'
import pg from 'pg'
import t, { type Test } from 'tap'
import { runCli, tempDir, workspaceRoot, type TestLike } from './helpers.js'

interface Store { base: string, stdout: () => string, stop: () => Promise<number | null> }

/** The project's own `npm start` command line, run directly (npm would hide the exit code). */
async function startStore (t: TestLike, project: string, dataDir: string, extraEnv: Record<string, string> = {}): Promise<Store> {
  const pkg = JSON.parse(await readFile(path.join(project, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  const [command, ...args] = (pkg.scripts.start as string).split(' ')
  const bin = await realpath(path.join(project, 'node_modules', '.bin', command as string))
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    COMPTOIR_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    LOG_PRETTY: 'false',
    // The workspace's packages export their TypeScript sources under this condition (no dist/ yet).
    NODE_OPTIONS: '--conditions=comptoir-source',
  }
  // Unset, so the project's .env supplies them as it would on a merchant's machine.
  for (const name of ['DATABASE_URL', 'DATABASE_SCHEMA', 'COMPTOIR_AUTO_MIGRATE', 'REDIS_URL', 'NODE_ENV', 'COMPTOIR_ADMIN_PASSWORD', 'COMPTOIR_ADMIN_EMAIL']) delete env[name]
  Object.assign(env, extraEnv)
  const started = Date.now()
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [bin, ...args], { cwd: project, env, stdio: 'pipe' })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
  let running = true
  const exited = new Promise<number | null>((resolve) => { child.on('exit', (code) => { running = false; resolve(code) }) })
  let stopped = false
  const stop = async (): Promise<number | null> => {
    if (!stopped) {
      stopped = true
      child.kill('SIGTERM')
      // A store that does not drain within 20 s is a failure, but must not hang the test run.
      setTimeout(() => { if (running) child.kill('SIGKILL') }, 20_000).unref()
    }
    return await exited
  }
  t.teardown(stop)
  const base = await Promise.race([
    new Promise<string>((resolve) => {
      const look = (): void => {
        const match = /API\s+(http:\/\/[^\s/]+)\/store/.exec(stdout)
        if (match != null) resolve(match[1] as string)
        else if (running) setTimeout(look, 100)
      }
      look()
    }),
    exited.then((code) => { throw new Error(`the store exited with ${String(code)} before listening:\n${stdout}\n${stderr}`) }),
    new Promise<never>((_resolve, reject) => setTimeout(() => { reject(new Error(`the store did not start within 150 s:\n${stdout}\n${stderr}`)) }, 150_000).unref()),
  ])
  t.comment(`store listening ${Date.now() - started} ms after spawn (boot ${/up in (\d+) ms/.exec(stdout)?.[1] ?? '?'} ms once the code was loaded)`)
  return { base, stdout: () => stdout, stop }
}

/** The few response fields the test reads (the routes' full schemas are in /openapi.json). */
interface Money { amount: number, currency: string }
interface ProductPage { items: Array<{ handle: string, thumbnail: { url: string } | null, price: { min: Money } | null }> }
interface Product { variants: Array<{ id: string, price: Money | null, availability?: { status: string } }> }
interface Cart { id: string, lines: Array<{ id: string }> }
interface Order {
  id: string, number: string, email: string, currency: string, status: string, paymentStatus: string
  totals: { total: number }, lines: Array<{ quantity: number }>, payments: Array<{ id: string, provider: string }>
  shippingAddress: { city: string } | null
}
interface Checkout { order: Order, payment: { provider: string } }
interface Items<T> { items: T[] }

interface Reply<T> { status: number, body: T }

async function http<T = unknown> (base: string, method: string, url: string, options: { body?: unknown, headers?: Record<string, string> } = {}): Promise<Reply<T>> {
  const res = await fetch(base + url, {
    method,
    headers: { ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  })
  const text = await res.text()
  return { status: res.status, body: (text === '' ? null : JSON.parse(text)) as T }
}

/** Scaffolds a store with every plugin (payments-stripe brings the others; it boots without keys). */
async function scaffold (t: TestLike, args: readonly string[]): Promise<{ dir: string, project: string, adminPassword: string }> {
  const dir = await tempDir(t, 'create-comptoir-e2e-')
  const created = await runCli(['e2e-store', '--yes', '--name', 'E2E Store', '--plugins', 'payments-stripe', ...args], { cwd: dir })
  if (created.code !== 0) throw new Error(`create-comptoir failed: ${created.stderr}`)
  const project = path.join(dir, 'e2e-store')
  // The workspace's node_modules stand in for `npm install`: instant, offline, and every
  // @comptoir/* package resolves to this checkout.
  await symlink(path.join(workspaceRoot, 'node_modules'), path.join(project, 'node_modules'), 'dir')
  const env = await readFile(path.join(project, '.env'), 'utf8')
  const adminPassword = (/^COMPTOIR_ADMIN_PASSWORD=(.+)$/m.exec(env) as RegExpExecArray)[1] as string
  return { dir, project, adminPassword }
}

/** Through HTTP only: browse, cart, check out with the manual provider, then the admin side. */
async function shop (t: Test, base: string, adminPassword: string): Promise<void> {
  // The storefront: the demo catalog, with images and EUR prices.
  const products = await http<ProductPage>(base, 'GET', '/store/products?limit=50')
  t.equal(products.status, 200)
  t.ok(products.body.items.length >= 5, `${products.body.items.length} products listed`)
  t.ok(products.body.items.every((p) => p.thumbnail?.url != null && p.price?.min.currency === 'EUR'), 'with images and EUR prices')
  const tee = await http<Product>(base, 'GET', '/store/products/organic-cotton-t-shirt')
  t.equal(tee.status, 200)
  t.ok(tee.body.variants.length > 1, 'a product with variants')
  const variant = tee.body.variants.find((v) => v.availability == null || v.availability.status === 'in_stock') ?? tee.body.variants[0]
  if (variant == null) throw new Error('the demo t-shirt has no variant')
  t.equal(variant.price?.currency, 'EUR')

  const providers = await http<Array<{ id: string }>>(base, 'GET', '/store/payment-providers')
  t.same(providers.body.map((p) => p.id).sort(), ['manual', 'stripe'], 'manual and Stripe payment providers')

  // A guest cart: line, email, address, shipping option.
  const cart = await http<{ cart: Cart, cartToken: string }>(base, 'POST', '/store/carts', { body: {} })
  t.equal(cart.status, 201, JSON.stringify(cart.body))
  const cartId = cart.body.cart.id
  const guest = { 'x-cart-token': cart.body.cartToken }
  const line = await http<Cart>(base, 'POST', `/store/carts/${cartId}/lines`, { headers: guest, body: { variantId: variant.id, quantity: 2 } })
  t.equal(line.status, 200, JSON.stringify(line.body))
  t.equal(line.body.lines.length, 1)
  const address = { firstName: 'Ada', lastName: 'Lovelace', line1: '12 rue de la Paix', city: 'Paris', postalCode: '75002', country: 'FR' }
  const patched = await http(base, 'PATCH', `/store/carts/${cartId}`, { headers: guest, body: { email: 'ada@example.com', shippingAddress: address } })
  t.equal(patched.status, 200, JSON.stringify(patched.body))
  const options = await http<Items<{ id: string }>>(base, 'GET', `/store/carts/${cartId}/shipping-options`, { headers: guest })
  t.equal(options.status, 200)
  t.ok(options.body.items.length > 0, 'the seeded shipping options serve France')
  const shipping = await http(base, 'PUT', `/store/carts/${cartId}/shipping-option`, { headers: guest, body: { shippingOptionId: options.body.items[0]?.id } })
  t.equal(shipping.status, 200, JSON.stringify(shipping.body))

  // Checkout with the manual provider; a retry with the same key replays the same order.
  const key = randomUUID()
  const checkout = await http<Checkout>(base, 'POST', `/store/carts/${cartId}/complete`, { headers: { ...guest, 'idempotency-key': key }, body: { payment: { provider: 'manual' } } })
  t.equal(checkout.status, 201, JSON.stringify(checkout.body))
  const order = checkout.body.order
  t.equal(order.email, 'ada@example.com')
  t.equal(order.currency, 'EUR')
  t.equal(order.lines[0]?.quantity, 2)
  t.ok(order.totals.total > 0)
  t.equal(checkout.body.payment.provider, 'manual')
  const replay = await http<Checkout>(base, 'POST', `/store/carts/${cartId}/complete`, { headers: { ...guest, 'idempotency-key': key }, body: { payment: { provider: 'manual' } } })
  t.equal(replay.status, 201)
  t.equal(replay.body.order.id, order.id, 'the retry replays the same order')

  // The back office: log in as the seeded admin, find the order.
  const anonymous = await http(base, 'GET', '/admin/orders')
  t.equal(anonymous.status, 401)
  const login = await http<{ token: string }>(base, 'POST', '/admin/auth/sessions', { body: { email: 'admin@example.com', password: adminPassword } })
  t.equal(login.status, 201, JSON.stringify(login.body))
  const admin = { authorization: `Bearer ${login.body.token}` }
  const list = await http<Items<Order>>(base, 'GET', '/admin/orders', { headers: admin })
  t.equal(list.status, 200, JSON.stringify(list.body))
  t.same(list.body.items.map((o) => o.id), [order.id], 'the one order is listed')
  const detail = await http<Order>(base, 'GET', `/admin/orders/${order.id}`, { headers: admin })
  t.equal(detail.status, 200)
  t.equal(detail.body.number, order.number)
  t.equal(detail.body.totals.total, order.totals.total)
  t.equal(detail.body.payments[0]?.provider, 'manual')
  t.equal(detail.body.shippingAddress?.city, 'Paris')

  // The manual payment is marked received: the order is paid.
  const capture = await http<Order>(base, 'POST', `/admin/orders/${order.id}/payments/${detail.body.payments[0]?.id ?? ''}/capture`, {
    headers: { ...admin, 'idempotency-key': randomUUID() }, body: {},
  })
  t.equal(capture.status, 200, JSON.stringify(capture.body))
  t.equal(capture.body.paymentStatus, 'captured')
  t.equal(capture.body.status, 'paid')

  // The rest of the demo data the plugins seeded: two warehouses, shipping, taxes.
  const locations = await http<Items<{ name: string }>>(base, 'GET', '/admin/stock-locations', { headers: admin })
  t.same(locations.body.items.map((l) => l.name).sort(), ['Lyon warehouse', 'Paris warehouse'])
  const zones = await http<Items<{ options: unknown[] }>>(base, 'GET', '/admin/shipping-zones', { headers: admin })
  t.ok(zones.body.items.some((z) => z.options.length > 0), 'shipping options')
  const taxes = await http<Items<{ country: string }>>(base, 'GET', '/admin/tax-rates', { headers: admin })
  t.ok(taxes.body.items.some((r) => r.country === 'FR'), 'tax rates')

}

t.test('embedded database: a scaffolded store boots on the workspace packages and takes an order over HTTP', async (t) => {
  const { dir, project, adminPassword } = await scaffold(t, [])
  const store = await startStore(t, project, path.join(dir, 'data'))
  t.match(store.stdout(), 'on the embedded database')
  t.match(store.stdout(), 'Seeded demo data (first run).')
  t.match(store.stdout(), `Admin    admin@example.com / ${adminPassword}`, 'prints the demo admin from .env')
  await shop(t, store.base, adminPassword)
  t.equal(await store.stop(), 0, 'SIGTERM shuts the store down cleanly')
})

t.test('PostgreSQL (--database-url): migrations at start from .env, the same order over HTTP', async (t) => {
  const url = process.env.COMPTOIR_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
  const schema = `starter_e2e_${randomUUID().slice(0, 8)}`
  const { dir, project, adminPassword } = await scaffold(t, ['--database-url', url])
  const pool = new pg.Pool({ connectionString: url, max: 1 })
  t.teardown(async () => {
    await pool.query(`drop schema if exists "${schema}" cascade`)
    await pool.end()
  })
  const store = await startStore(t, project, path.join(dir, 'data'), { DATABASE_SCHEMA: schema })
  t.match(store.stdout(), 'on PostgreSQL')
  t.match(store.stdout(), 'Seeded demo data (first run).')
  await shop(t, store.base, adminPassword)
  t.equal(await store.stop(), 0, 'SIGTERM shuts the store down cleanly')
  const { rows } = await pool.query<{ count: string }>(`select count(*) from "${schema}".orders_orders`)
  t.equal(rows[0]?.count, '1', 'the order is in the store\'s schema')
})
