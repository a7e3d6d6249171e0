import { systemActor, type PluginManifest, type StoreConfig } from '@comptoir/core'
import { createTestDatabases, uniqueName } from '@comptoir/core/testing'
import type { FastifyInstance } from 'fastify'
import customers from '../src/index.js'

export type Dbs = ReturnType<typeof createTestDatabases>
export type Engine = 'embedded' | 'postgres'
export interface TestLike { teardown: (fn: () => unknown) => void }

export const password = 'correct horse battery staple'

/** A fresh client address, so the kernel's per-IP auth rate limit never couples tests. */
export function randomIp (): string {
  return `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`
}

export interface Shopper { customerId: string, token: string, email: string, headers: Record<string, string> }

export interface Setup {
  app: FastifyInstance
  /** An owner admin's bearer header. */
  admin: Record<string, string>
  register: (overrides?: Record<string, unknown>) => Promise<Shopper>
}

/** An app with the customers plugin (and `extra` plugins), an owner admin, and a way to register shoppers. */
export async function setup (dbs: Dbs, t: TestLike, engine: Engine, options: Record<string, unknown> = {}, extra: PluginManifest[] = [], config: StoreConfig = {}): Promise<Setup> {
  const app = await dbs.app(t, engine, { ...config, plugins: [[customers, options], ...extra] })
  const ctx = app.comptoir.systemCtx(systemActor)
  const credentials = { email: `${uniqueName('owner')}@example.com`, password }
  await app.services.auth.createAdminUser(ctx, { ...credentials, roles: ['owner'] })
  const session = await app.services.auth.login(ctx, credentials)
  const admin = { authorization: `Bearer ${session.token}` }
  async function register (overrides: Record<string, unknown> = {}): Promise<Shopper> {
    const email = `${uniqueName('shopper')}@example.com`
    const res = await app.inject({ method: 'POST', url: '/store/customers', remoteAddress: randomIp(), payload: { email, password, ...overrides } })
    if (res.statusCode !== 201) throw new Error(`register failed: ${res.statusCode} ${res.body}`)
    const body = res.json() as { token: string, customerId: string }
    return { customerId: body.customerId, token: body.token, email: (overrides.email as string | undefined) ?? email, headers: { authorization: `Bearer ${body.token}` } }
  }
  return { app, admin, register }
}
