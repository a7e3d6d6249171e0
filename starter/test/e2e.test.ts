// End to end: scaffold a store with the real bin and shop through HTTP only, as a storefront and an
// admin would. On the embedded database the store is what a merchant gets from this checkout: its
// own `npm install` with the registry unreachable, `npm run typecheck`, `npm start`. On PostgreSQL
// it runs on the workspace's packages (node_modules linked, TypeScript sources).
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { readFile, readdir, realpath, symlink } from 'node:fs/promises'
import path from 'node:path'
import pg from 'pg'
import t, { type Test } from 'tap'
import { runCli, tempDir, workspaceRoot, type TestLike } from './helpers.js'

interface Store { base: string, stdout: () => string, stop: () => Promise<number | null> }

/** How the store runs: its installed packages through `npm start`, or the workspace's sources. */
type Install = 'npm' | 'linked'

/**
 * The environment of a merchant's shell: none of the variables npm and tap set for this test
 * (npm_config_local_prefix would point npm at the workspace, NODE_OPTIONS loads tap's hooks).
 * npm is pointed at an unreachable registry: the store must install from what it ships and the cache.
 */
function merchantEnv (): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(npm_|TAP|_TAPJS|NODE_OPTIONS$)/i.test(name)) env[name] = value
  }
  // Port 9 (discard) refuses connections at once; no retries, so a cache miss fails in milliseconds.
  return { ...env, npm_config_registry: 'http://127.0.0.1:9/', npm_config_fetch_retries: '0' }
}

/** The last process down the first-child chain from `pid` (npm -> sh -> node): the store. */
function leafProcess (pid: number): number {
  for (;;) {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)
    if (children.length === 0) return pid
    pid = Number(children[0])
  }
}

async function run (t: TestLike, command: string, args: readonly string[], cwd: string): Promise<{ code: number, output: string }> {
  const started = Date.now()
  return await new Promise((resolve) => {
    execFile(command, args, { cwd, env: merchantEnv(), maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      t.comment(`${command} ${args.join(' ')}: ${Date.now() - started} ms`)
      resolve({ code: error == null ? 0 : Number(error.code ?? 1), output: `${stdout}${stderr}` })
    })
  })
}

/**
 * Starts the store: `npm start` in its own process group (SIGTERM to the group reaches npm, its
 * shell and the store), or for a linked store the start script's command line run directly.
 */
async function startStore (t: TestLike, project: string, dataDir: string, install: Install, extraEnv: Record<string, string> = {}): Promise<Store> {
  const env: NodeJS.ProcessEnv = {
    ...merchantEnv(),
    PORT: '0',
    HOST: '127.0.0.1',
    COMPTOIR_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    LOG_PRETTY: 'false',
  }
  // Unset, so the project's .env supplies them as it would on a merchant's machine.
  for (const name of ['DATABASE_URL', 'DATABASE_SCHEMA', 'COMPTOIR_AUTO_MIGRATE', 'REDIS_URL', 'NODE_ENV', 'COMPTOIR_ADMIN_PASSWORD', 'COMPTOIR_ADMIN_EMAIL']) delete env[name]
  Object.assign(env, extraEnv)
  const started = Date.now()
  let child: ChildProcessWithoutNullStreams
  if (install === 'npm') {
    child = spawn('npm', ['start'], { cwd: project, env, stdio: 'pipe', detached: true })
  } else {
    const pkg = JSON.parse(await readFile(path.join(project, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    const [command, ...args] = (pkg.scripts.start as string).split(' ')
    const bin = await realpath(path.join(project, 'node_modules', '.bin', command as string))
    // The workspace's packages export their TypeScript sources under this condition.
    child = spawn(process.execPath, [bin, ...args], { cwd: project, env: { ...env, NODE_OPTIONS: '--conditions=comptoir-source' }, stdio: 'pipe' })
  }
  // SIGTERM goes to the store itself, as a process manager would send it; npm (which does not
  // forward it) then exits with the store's code. SIGKILL, the last resort, takes the whole group.
  const signal = (name: NodeJS.Signals): void => {
    if (install !== 'npm') { child.kill(name); return }
    if (name === 'SIGKILL') { process.kill(-(child.pid as number), name); return }
    process.kill(leafProcess(child.pid as number), name)
  }
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
      signal('SIGTERM')
      // A store that does not drain within 20 s is a failure, but must not hang the test run.
      setTimeout(() => { if (running) signal('SIGKILL') }, 20_000).unref()
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
async function scaffold (t: TestLike, args: readonly string[], install: Install): Promise<{ dir: string, project: string, adminPassword: string }> {
  const dir = await tempDir(t, 'create-comptoir-e2e-')
  const started = Date.now()
  const created = await runCli(['e2e-store', '--yes', '--name', 'E2E Store', '--plugins', 'payments-stripe', ...(install === 'linked' ? ['--published'] : []), ...args], { cwd: dir })
  t.comment(`create-comptoir: ${Date.now() - started} ms`)
  if (created.code !== 0) throw new Error(`create-comptoir failed: ${created.stderr}`)
  const project = path.join(dir, 'e2e-store')
  if (install === 'linked') {
    // The workspace's node_modules stand in for `npm install`: instant, and every @comptoir/*
    // package resolves to this checkout.
    await symlink(path.join(workspaceRoot, 'node_modules'), path.join(project, 'node_modules'), 'dir')
  }
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

t.test('embedded database: a store scaffolded from the checkout installs offline, type-checks, starts and takes an order', async (t) => {
  const { dir, project, adminPassword } = await scaffold(t, [], 'npm')
  // 1. What create-comptoir wrote from a checkout: the packed packages and a lockfile for the rest.
  t.same((await readdir(path.join(project, 'vendor'))).sort(), ['admin', 'core', 'plugin-catalog', 'plugin-customers', 'plugin-inventory', 'plugin-orders', 'plugin-payments-stripe'].map((p) => `comptoir-${p}-0.1.0.tgz`))
  const pkg = JSON.parse(await readFile(path.join(project, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }
  t.equal(pkg.dependencies['@comptoir/core'], 'file:vendor/comptoir-core-0.1.0.tgz')
  t.match(await readFile(path.join(project, '.npmrc'), 'utf8'), /^prefer-offline=true$/m)
  t.match(await readFile(path.join(project, 'README.md'), 'utf8'), 'made with `npx create-comptoir` from a Comptoir checkout')

  // 2. The README's commands, as written, with the registry unreachable.
  const install = await run(t, 'npm', ['install'], project)
  t.equal(install.code, 0, `npm install works offline:\n${install.output}`)
  const core = JSON.parse(await readFile(path.join(project, 'node_modules/@comptoir/core/package.json'), 'utf8')) as { name: string }
  t.equal(core.name, '@comptoir/core', 'a real copy of @comptoir/core is installed')
  const typecheck = await run(t, 'npm', ['run', 'typecheck'], project)
  t.equal(typecheck.code, 0, `npm run typecheck passes against the installed packages:\n${typecheck.output}`)

  // 3. npm start: the built packages (no source condition), demo data, an order.
  const store = await startStore(t, project, path.join(dir, 'data'), 'npm')
  const ready = await http<{ status: string }>(store.base, 'GET', '/health/ready')
  t.equal(ready.status, 200, JSON.stringify(ready.body))
  t.equal(ready.body.status, 'ok')
  t.match(store.stdout(), 'on the embedded database')
  t.match(store.stdout(), 'Seeded demo data (first run).')
  t.match(store.stdout(), `Admin    admin@example.com / ${adminPassword}`, 'prints the demo admin from .env')
  await shop(t, store.base, adminPassword)
  t.equal(await store.stop(), 0, 'SIGTERM shuts the store down cleanly')
})

t.test('PostgreSQL (--database-url): migrations at start from .env, the same order over HTTP', async (t) => {
  const url = process.env.COMPTOIR_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
  const schema = `starter_e2e_${randomUUID().slice(0, 8)}`
  const { dir, project, adminPassword } = await scaffold(t, ['--database-url', url], 'linked')
  const pool = new pg.Pool({ connectionString: url, max: 1 })
  t.teardown(async () => {
    await pool.query(`drop schema if exists "${schema}" cascade`)
    await pool.end()
  })
  const store = await startStore(t, project, path.join(dir, 'data'), 'linked', { DATABASE_SCHEMA: schema })
  t.match(store.stdout(), 'on PostgreSQL')
  t.match(store.stdout(), 'Seeded demo data (first run).')
  await shop(t, store.base, adminPassword)
  t.equal(await store.stop(), 0, 'SIGTERM shuts the store down cleanly')
  const { rows } = await pool.query<{ count: string }>(`select count(*) from "${schema}".orders_orders`)
  t.equal(rows[0]?.count, '1', 'the order is in the store\'s schema')
})
