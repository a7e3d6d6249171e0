// The admin dashboard in a real browser (Debian's chromium through playwright-core), against the
// demo store on the embedded database: sign in, create and publish a product, fulfil, ship and
// refund an order placed through the store API, import Shopify's sample CSV, a plugin's page;
// axe-core on the main pages; 1280 and 390 px wide. Screenshots: test-artifacts/admin-screenshots/.
import { randomUUID } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import type { Page } from 'playwright-core'
import { api, demoAdmin, launchBrowser, screenshot, seriousViolations, startDemoStore, watchConsole } from './browser-harness.js'

// Most of the time goes to booting and seeding the demo store (every plugin's migrations on PGlite):
// 63-124 s of a 159-240 s run on a 2-core machine at load average 15-18. The runner's 240 s is too
// short for that on a busy machine.
t.setTimeout(420_000)
const started = Date.now()
const { app, base } = await startDemoStore(t)
t.comment(`demo store seeded and listening in ${Date.now() - started} ms`)
const browser = await launchBrowser(t)
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' })
const page = await context.newPage()
page.setDefaultTimeout(15_000)
page.on('dialog', (dialog) => { void dialog.accept() })
const consoleErrors = watchConsole(page)
const shopifyCsv = fileURLToPath(new URL('../../plugins/catalog/test/fixtures/shopify-products.csv', import.meta.url))

async function open (path: string, heading: string | RegExp): Promise<void> {
  await page.goto(`${base}/app${path}`)
  await page.getByRole('heading', { level: 1, name: heading }).waitFor()
}

/** axe-core finds no serious or critical violation; the screenshot is saved either way. */
async function checkPage (name: string): Promise<void> {
  await page.waitForLoadState('networkidle')
  await screenshot(page, `${name}-1280`)
  const violations = await seriousViolations(page)
  t.same(violations, [], `${name}: no serious or critical accessibility violation`)
}

const admin = { authorization: '' }

// A failing step leaves a screenshot of where it stopped: test-artifacts/admin-screenshots/failed-*.png.
t.afterEach(async (t) => {
  if (!t.passing()) await screenshot(page, `failed-${t.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`).catch(() => {})
})

t.test('sign in', async (t) => {
  await page.goto(`${base}/app/`)
  await page.getByRole('heading', { level: 1, name: 'Sign in to Comptoir' }).waitFor()
  await checkPage('login')
  await page.getByLabel('Email').fill(demoAdmin.email)
  await page.getByLabel('Password').fill('not the password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('alert').waitFor()
  t.match(await page.getByRole('alert').innerText(), /password|credentials|invalid/i, 'a wrong password is said in words')
  await page.getByLabel('Password').fill(demoAdmin.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('heading', { level: 1 }).filter({ hasNotText: 'Sign in' }).waitFor()
  t.notOk(page.url().includes('/login'), `signed in, at ${page.url()}`)
  const stored = await page.evaluate(() => JSON.stringify((globalThis as unknown as { sessionStorage: unknown }).sessionStorage))
  const token = Object.values(JSON.parse(stored) as Record<string, string>).find((v) => v.includes('cps_')) ?? ''
  t.match(token, /cps_/, 'the bearer token is kept in sessionStorage')
  const session = await api(base, 'POST', '/admin/auth/sessions', { body: demoAdmin })
  admin.authorization = `Bearer ${(session.body as { token: string }).token}`
  await checkPage('dashboard')
})

const apronTitle = `Linen apron ${randomUUID().slice(0, 6)}`
let apronHandle = ''

t.test('create a product with two variants priced in EUR and USD, publish it, see it in the storefront API', async (t) => {
  await open('/products', 'Products')
  await checkPage('products')
  await page.getByRole('link', { name: /new product/i }).first().click()
  await page.getByRole('heading', { level: 1, name: 'New product' }).waitFor()
  await page.getByLabel('Title').fill(apronTitle)
  await page.getByLabel('Option 1 name').fill('Colour')
  await page.getByLabel('Option 1 values').fill('Sand, Slate')
  await page.getByRole('button', { name: 'Create product' }).click()
  await page.getByRole('heading', { level: 1, name: apronTitle }).waitFor()

  const addVariant = page.locator('form').filter({ has: page.getByRole('button', { name: 'Add variant' }) })
  for (const [colour, eur, usd] of [['Sand', '24.50', '26.90'], ['Slate', '25.00', '27.50']] as const) {
    await addVariant.getByLabel('Colour').selectOption(colour)
    await addVariant.getByLabel('SKU').fill(`APRON-${colour.toUpperCase()}-${apronTitle.slice(-6)}`)
    await addVariant.getByLabel('Price (EUR)').fill(eur)
    await addVariant.getByLabel('Price (USD)').fill(usd)
    await addVariant.getByRole('button', { name: 'Add variant' }).click()
    await page.getByRole('button', { name: `Edit ${colour}` }).waitFor()
  }
  await checkPage('product-edit')
  await page.getByRole('button', { name: 'Publish' }).click()
  await page.getByRole('button', { name: 'Unpublish' }).waitFor()

  const id = page.url().split('/').at(-1) ?? ''
  const product = await api(base, 'GET', `/admin/products/${id}`, { headers: admin })
  apronHandle = product.body.handle
  t.equal(product.body.status, 'published')
  const eur = await api(base, 'GET', `/store/products/${apronHandle}?currency=EUR`)
  t.equal(eur.status, 200, 'the storefront serves it')
  t.equal(eur.body.title, apronTitle)
  t.same(eur.body.variants.map((v: { title: string, price: { amount: number, currency: string } }) => [v.title, v.price.amount, v.price.currency]).sort(), [['Sand', 2450, 'EUR'], ['Slate', 2500, 'EUR']])
  const usd = await api(base, 'GET', `/store/products/${apronHandle}?currency=USD`)
  t.same(usd.body.variants.map((v: { price: { amount: number, currency: string } }) => [v.price.amount, v.price.currency]).sort(), [[2690, 'USD'], [2750, 'USD']])
})

t.test('an order placed through the store API is captured, fulfilled, shipped and refunded in the UI', async (t) => {
  const tee = await api(base, 'GET', '/store/products/organic-cotton-t-shirt')
  const variant = tee.body.variants.find((v: { availability?: { status: string } }) => v.availability == null || v.availability.status === 'in_stock') ?? tee.body.variants[0]
  const cart = await api(base, 'POST', '/store/carts', { body: {} })
  const guest = { 'x-cart-token': cart.body.cartToken as string }
  const cartId = cart.body.cart.id as string
  t.equal((await api(base, 'POST', `/store/carts/${cartId}/lines`, { headers: guest, body: { variantId: variant.id, quantity: 2 } })).status, 200)
  const address = { firstName: 'Ada', lastName: 'Lovelace', line1: '12 rue de la Paix', city: 'Paris', postalCode: '75002', country: 'FR' }
  t.equal((await api(base, 'PATCH', `/store/carts/${cartId}`, { headers: guest, body: { email: 'ada@example.com', shippingAddress: address } })).status, 200)
  const options = await api(base, 'GET', `/store/carts/${cartId}/shipping-options`, { headers: guest })
  t.equal((await api(base, 'PUT', `/store/carts/${cartId}/shipping-option`, { headers: guest, body: { shippingOptionId: options.body.items[0].id } })).status, 200)
  const checkout = await api(base, 'POST', `/store/carts/${cartId}/complete`, { headers: { ...guest, 'idempotency-key': randomUUID() }, body: { payment: { provider: 'manual' } } })
  t.equal(checkout.status, 201, JSON.stringify(checkout.body))
  const order = checkout.body.order as { id: string, number: string }

  await open('/orders', 'Orders')
  await checkPage('orders')
  await page.getByRole('link', { name: order.number }).first().click()
  await page.getByRole('heading', { level: 1, name: new RegExp(order.number.replace('#', '')) }).waitFor()

  await page.getByRole('button', { name: 'Capture payment' }).click()
  await page.getByRole('button', { name: 'Capture payment' }).waitFor({ state: 'detached' })
  await page.getByLabel(/^Quantity to fulfil of .*, up to 2$/).fill('1')
  await page.getByRole('button', { name: 'Fulfil these items' }).click()
  await page.getByRole('heading', { name: /Fulfilment 1/ }).waitFor()
  await page.getByLabel('Carrier').fill('Colissimo')
  await page.getByLabel('Tracking number').fill('6A12345678901')
  await page.getByRole('button', { name: 'Mark as shipped' }).click()
  await page.getByRole('button', { name: 'Mark as delivered' }).waitFor()
  await page.getByLabel('Refund amount (EUR)').fill('5.00')
  await page.getByLabel('Refund reason').fill('Late delivery')
  await page.getByRole('button', { name: 'Refund', exact: true }).click()
  await page.getByRole('table', { name: 'Refunds' }).waitFor()
  await checkPage('order-detail')

  const after = await api(base, 'GET', `/admin/orders/${order.id}`, { headers: admin })
  t.equal(after.body.paymentStatus === 'captured' || after.body.paymentStatus === 'partially_refunded', true, `payment ${after.body.paymentStatus}`)
  t.equal(after.body.fulfilments.length, 1)
  t.equal(after.body.fulfilments[0].carrier, 'Colissimo')
  t.equal(after.body.fulfilments[0].trackingNumber, '6A12345678901')
  t.ok(after.body.fulfilments[0].shippedAt != null, 'shipped')
  t.same(after.body.refunds.map((r: { amount: number }) => r.amount), [500], 'refunded 5.00 EUR')
  t.equal(after.body.lines.reduce((s: number, l: { fulfilledQuantity: number }) => s + l.fulfilledQuantity, 0), 1, 'one of two fulfilled')
})

t.test("import Shopify's sample CSV and watch its progress", async (t) => {
  await open('/products/import', /import/i)
  await page.getByLabel('CSV file').setInputFiles(shopifyCsv)
  await page.getByRole('button', { name: 'Upload and import' }).click()
  const progress = page.getByRole('progressbar')
  await progress.waitFor()
  await page.getByRole('heading', { name: 'Rejected rows' }).waitFor({ timeout: 30_000 })
  t.equal(await progress.getAttribute('value'), '100', 'the progress bar reaches 100')
  t.match(await page.getByText(/Status:/).innerText(), /completed|succeeded|done|finished/i)
  await checkPage('product-import')
  const imported = await api(base, 'GET', '/admin/products?limit=100', { headers: admin })
  t.ok(imported.body.items.length > 0)
})

t.test('a page a plugin declares in its manifest renders (crm tickets), with its nav entry', async (t) => {
  await open('/', /.+/)
  await page.getByRole('link', { name: 'Tickets' }).first().click()
  await page.getByRole('heading', { level: 1, name: 'Support tickets' }).waitFor()
  t.match(page.url(), /\/app\/x\/crm\/tickets$/)
  await page.getByRole('table').first().waitFor()
  const rows = await page.getByRole('table').first().getByRole('row').count()
  t.ok(rows > 1, `the seeded tickets are listed (${rows - 1} rows)`)
  await checkPage('plugin-crm-tickets')
  await open('/x/suppliers/purchase-orders', 'Purchase orders')
  await checkPage('plugin-suppliers-purchase-orders')
})

t.test("a plugin's module page renders: analytics' reports, from /app/plugins/analytics/reports.js", async (t) => {
  await open('/x/analytics/reports', 'Reports')
  await page.getByRole('table').filter({ has: page.locator('caption', { hasText: /^Sales \d/ }) }).waitFor()
  await page.getByLabel('Report').selectOption('funnel')
  await page.getByRole('button', { name: 'Show report' }).click()
  await page.getByRole('table').filter({ has: page.locator('caption', { hasText: 'Sessions at each step' }) }).waitFor()
  t.pass('the sales and funnel reports render in the page')
  await checkPage('plugin-analytics-reports')
})

t.test('the other main pages pass axe-core', async () => {
  for (const [path, heading, name] of [['/customers', 'Customers', 'customers'], ['/inventory', 'Inventory', 'inventory'], ['/payments', /payments/i, 'payments'], ['/settings', 'Settings', 'settings'], ['/audit', /audit/i, 'audit-log']] as const) {
    await open(path, heading)
    await checkPage(name)
  }
})

t.test('390 px wide: the pages fit the screen and the navigation opens from a button', async (t) => {
  await page.setViewportSize({ width: 390, height: 844 })
  for (const [path, heading, name] of [['/', /.+/, 'dashboard'], ['/products', 'Products', 'products'], ['/orders', 'Orders', 'orders']] as const) {
    await open(path, heading)
    await page.waitForLoadState('networkidle')
    const overflow = await page.evaluate(() => {
      const g = globalThis as unknown as { innerWidth: number, document: { documentElement: { scrollWidth: number } } }
      return g.document.documentElement.scrollWidth - g.innerWidth
    })
    t.ok(overflow <= 1, `${name}: no horizontal scrolling at 390 px (${overflow} px over)`)
    await screenshot(page, `${name}-390`)
    t.same(await seriousViolations(page), [], `${name} at 390 px: no serious or critical accessibility violation`)
  }
  const menu = page.getByRole('button', { name: /menu|navigation/i }).first()
  await menu.click()
  await page.getByRole('link', { name: 'Orders' }).first().waitFor({ state: 'visible' })
  await page.setViewportSize({ width: 1280, height: 900 })
})

t.test('the app ran without console errors or CSP violations', async (t) => {
  t.same(consoleErrors.filter((e) => !/status of 4\d\d/.test(e)), [])
  void app
})
