import { Writable } from 'node:stream'
import { systemActor, type PluginManifest } from '@comptoir/core'
import { createTestDatabases, uniqueName } from '@comptoir/core/testing'
import type { FastifyInstance } from 'fastify'
import Stripe from 'stripe'
import paymentsStripe from '../src/index.js'
import type { StripeObject } from './fake-stripe/objects.js'
import type { FakeStripe } from './fake-stripe/server.js'
import { ordersStandIn } from './support/orders-stand-in.js'

export type Dbs = ReturnType<typeof createTestDatabases>
export type Engine = 'embedded' | 'postgres'
export interface TestLike { teardown: (fn: () => unknown) => void }

export const webhookSecret = 'whsec_test_comptoir_5f1d2c3b4a'

/** The plugin's options pointing the real SDK at the fake server. */
export function stripeOptions (fake: FakeStripe, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { secretKey: fake.secretKey, webhookSecret, apiHost: '127.0.0.1', apiPort: fake.port, apiProtocol: 'http', maxNetworkRetries: 0, ...extra }
}

/** Every log line the app writes, for leak checks. */
export interface LogSink { lines: string[], text: () => string }

export function logSink (): { sink: LogSink, logger: { level: string, stream: Writable } } {
  const lines: string[] = []
  const stream = new Writable({ write (chunk: Buffer, _enc, done) { lines.push(chunk.toString('utf8')); done() } })
  return { sink: { lines, text: () => lines.join('') }, logger: { level: 'trace', stream } }
}

export interface Setup { app: FastifyInstance, admin: Record<string, string>, logs: LogSink }

/** An app with payments-stripe and `orders` (the stand-in unless given), an owner admin, logs captured. */
export async function setup (dbs: Dbs, t: TestLike, engine: Engine, fake: FakeStripe, options: { stripe?: Record<string, unknown>, plugins?: Array<PluginManifest | readonly [PluginManifest, Record<string, unknown>]> } = {}): Promise<Setup> {
  const { sink, logger } = logSink()
  const plugins = options.plugins ?? [ordersStandIn]
  const app = await dbs.app(t, engine, { plugins: [...plugins, [paymentsStripe, stripeOptions(fake, options.stripe)]] }, { logger })
  const ctx = app.comptoir.systemCtx(systemActor)
  const credentials = { email: `${uniqueName('owner')}@example.com`, password: 'correct horse battery staple' }
  await app.services.auth.createAdminUser(ctx, { ...credentials, roles: ['owner'] })
  const session = await app.services.auth.login(ctx, credentials)
  return { app, admin: { authorization: `Bearer ${session.token}` }, logs: sink }
}

/** Posts a Stripe event to /hooks/stripe signed with the SDK's own test helper. */
export async function deliver (app: FastifyInstance, event: StripeObject | Record<string, unknown>, secret = webhookSecret, timestamp?: number) {
  const payload = JSON.stringify(event)
  const header = Stripe.webhooks.generateTestHeaderString({ payload, secret, ...(timestamp != null ? { timestamp } : {}) })
  return await app.inject({ method: 'POST', url: '/hooks/stripe', headers: { 'content-type': 'application/json', 'stripe-signature': header }, payload })
}

/** Polls until `check` returns a value (jobs and the outbox relay run in the background). */
export async function eventually<T> (check: () => Promise<T | null | undefined | false>, timeoutMs = 15000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value != null && value !== false) return value
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Waits until every stored webhook event is processed. */
export async function webhooksSettled (app: FastifyInstance): Promise<void> {
  await eventually(async () => {
    const row = await app.comptoir.database.knex('payments_stripe_webhook_events').whereNull('processed_at').count({ n: '*' }).first() as { n: string | number }
    return Number(row.n) === 0
  })
}

export function systemCtx (app: FastifyInstance) {
  return app.comptoir.systemCtx(systemActor)
}
