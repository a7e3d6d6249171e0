// The browser tests' store and browser: the demo store config on the embedded database (PGlite),
// seeded, listening on an ephemeral port, and Debian's chromium driven by playwright-core.
import { mkdir, readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { runSeed } from '@comptoir/core'
import { createTestDatabases, type TestLike } from '@comptoir/core/testing'
import type { FastifyInstance } from 'fastify'
import { chromium, type Browser, type Page } from 'playwright-core'
import demo from '../../comptoir.config.js'

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
/** Where each page's screenshot goes (gitignored; CI keeps it as an artefact). */
export const screenshotDir = fileURLToPath(new URL('../../test-artifacts/admin-screenshots/', import.meta.url))
export const demoAdmin = { email: demo.demo?.adminEmail ?? 'admin@comptoir.test', password: demo.demo?.adminPassword ?? 'comptoir-demo-admin' }

export interface Store { app: FastifyInstance, base: string }

/** The demo store, seeded, on an ephemeral port; closed when `t` ends. */
export async function startDemoStore (t: TestLike): Promise<Store> {
  const started = Date.now()
  const dbs = createTestDatabases(t)
  const { log: _pretty, ...config } = demo
  // One browser loads many files from 127.0.0.1: the per-IP limit is not what is under test.
  const app = await dbs.app(t, 'embedded', { ...config, http: { rateLimit: { max: 100_000 } } })
  const booted = Date.now()
  let last = booted
  const timings: string[] = []
  await runSeed(app, { progress: (message) => { const now = Date.now(); timings.push(`${message} (+${now - last} ms)`); last = now } })
  if (process.env.COMPTOIR_TEST_TIMINGS != null) console.error(`booted in ${booted - started} ms; ${timings.join(', ')}; done +${Date.now() - last} ms`)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  if (address == null || typeof address === 'string') throw new Error('the store is not listening on TCP')
  return { app, base: `http://127.0.0.1:${address.port}` }
}

/** Chromium, headless, closed when `t` ends. */
export async function launchBrowser (t: TestLike): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] })
  t.teardown(async () => { await browser.close() })
  return browser
}

/** Console errors and CSP violations of a page: a page that runs cleanly has none. */
export function watchConsole (page: Page): string[] {
  const errors: string[] = []
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()) })
  page.on('pageerror', (error) => { errors.push(error.message) })
  return errors
}

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

export interface AxeViolation { id: string, impact: string | null, help: string, nodes: number, targets: string[] }

/**
 * Runs axe-core on the page as it is (evaluated through the DevTools protocol, which the page's
 * CSP does not govern) and returns the serious and critical violations.
 */
export async function seriousViolations (page: Page): Promise<AxeViolation[]> {
  await page.evaluate(await axeSource)
  return await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: Array<{ id: string, impact: string | null, help: string, nodes: Array<{ target: string[] }> }> }> } }).axe
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, { resultTypes: ['violations'] })
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }))
  })
}

/** Saves a full-page screenshot as test-artifacts/admin-screenshots/<name>.png. */
export async function screenshot (page: Page, name: string): Promise<void> {
  await mkdir(screenshotDir, { recursive: true })
  await page.screenshot({ path: `${screenshotDir}${name}.png`, fullPage: true })
}

/** JSON over HTTP against the running store, as a storefront or an integration would call it. */
export async function api<T = any> (base: string, method: string, path: string, options: { body?: unknown, headers?: Record<string, string> } = {}): Promise<{ status: number, body: T }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  })
  const text = await res.text()
  return { status: res.status, body: (text === '' ? null : JSON.parse(text)) as T }
}
