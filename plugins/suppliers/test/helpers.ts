import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { systemActor, type Ctx } from '@comptoir/core'
import { createTestDatabases, testEngines, uniqueName, type TestLike } from '@comptoir/core/testing'
import catalog from '@comptoir/plugin-catalog'
import customers from '@comptoir/plugin-customers'
import inventory from '@comptoir/plugin-inventory'
import orders from '@comptoir/plugin-orders'
import suppliers from '../src/index.js'

export { testEngines, uniqueName }
export type Databases = ReturnType<typeof createTestDatabases>
export type Engine = 'embedded' | 'postgres'
export type Headers = Record<string, string>
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'

export interface SuppliersTestApp {
  app: FastifyInstance
  ctx: Ctx
  admin: Headers
  locationId: string
  call: (method: Method, url: string, payload?: unknown, headers?: Headers) => Promise<LightMyRequestResponse>
}

/** Bearer headers of a new API key holding `permissions` (a role is created for them; '*' is the owner). */
export async function keyHeaders (app: FastifyInstance, permissions: readonly string[]): Promise<Headers> {
  const ctx = app.comptoir.systemCtx(systemActor)
  let role = 'owner'
  if (!permissions.includes('*')) {
    role = uniqueName('role')
    await app.services.auth.createRole(ctx, { name: role, permissions: [...permissions] })
  }
  const { secret } = await app.services.auth.createApiKey(ctx, { name: `test ${role}`, roles: [role] })
  return { authorization: `Bearer ${secret}` }
}

/** catalog + customers + inventory + orders + suppliers on a fresh schema, an owner key and one stock location. */
export async function suppliersApp (dbs: Databases, t: TestLike, engine: Engine): Promise<SuppliersTestApp> {
  const app = await dbs.app(t, engine, { plugins: [catalog, customers, inventory, orders, suppliers] })
  const ctx = app.comptoir.systemCtx(systemActor)
  const admin = await keyHeaders(app, ['*'])
  const locationId = (await app.services.inventoryLocations.create(ctx, { name: 'Main warehouse', priority: 10 })).id
  const call: SuppliersTestApp['call'] = async (method, url, payload, headers = admin) =>
    await app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) })
  return { app, ctx, admin, locationId, call }
}

/** Published variants (one product), priced in EUR; returns their ids. */
export async function createVariants (s: SuppliersTestApp, count: number, amount = 2500, weightGrams: number | null = null): Promise<string[]> {
  const sku = uniqueName('SKU').toUpperCase()
  const values = Array.from({ length: count }, (_, i) => `v${i}`)
  const product = await s.app.services.catalog.create(s.ctx, {
    title: `Product ${sku}`, handle: `p-${Math.random().toString(36).slice(2, 12)}`, status: 'published', options: [{ name: 'Variant', values }],
    variants: values.map((v) => ({ sku: `${sku}-${v}`.toUpperCase(), options: { Variant: v }, weightGrams, prices: [{ currency: 'EUR', amount }] })),
  })
  return product.variants.map((v) => v.id)
}

/** A supplier through the admin API. */
export async function createSupplier (s: SuppliersTestApp, extra: Record<string, unknown> = {}): Promise<{ id: string }> {
  const res = await s.call('POST', '/admin/suppliers', { name: uniqueName('Supplier'), currency: 'EUR', ...extra })
  if (res.statusCode !== 201) throw new Error(`supplier: ${res.statusCode} ${res.body}`)
  return res.json()
}

/** A supplier item through the admin API. */
export async function createItem (s: SuppliersTestApp, supplierId: string, variantId: string, extra: Record<string, unknown> = {}): Promise<{ id: string }> {
  const res = await s.call('POST', '/admin/supplier-items', { supplierId, variantId, supplierSku: uniqueName('SUP'), cost: { amount: 500, currency: 'EUR' }, ...extra })
  if (res.statusCode !== 201) throw new Error(`item: ${res.statusCode} ${res.body}`)
  return res.json()
}

/** The numbers of a variant's level at a location, straight from the table (zeros when there is none). */
export async function level (s: SuppliersTestApp, variantId: string, locationId = s.locationId): Promise<{ on_hand: number, reserved: number, incoming: number }> {
  const row = await s.app.comptoir.database.knex('inventory_levels').where({ variant_id: variantId, location_id: locationId }).first('on_hand', 'reserved', 'incoming') as { on_hand: number, reserved: number, incoming: number } | undefined
  return row ?? { on_hand: 0, reserved: 0, incoming: 0 }
}

/** Levels whose numbers differ from the sum of their ledger rows (must be empty): inventory's own invariant. */
export async function ledgerMismatches (s: SuppliersTestApp): Promise<unknown[]> {
  const { rows } = await s.app.comptoir.database.knex.raw(`
    select l.id from inventory_levels l
    left join (select level_id, sum(on_hand_delta) as on_hand, sum(reserved_delta) as reserved from inventory_movements group by level_id) m on m.level_id = l.id
    where l.on_hand <> coalesce(m.on_hand, 0) or l.reserved <> coalesce(m.reserved, 0)`) as { rows: unknown[] }
  return rows
}

/** Names of the outbox events about one purchase order, oldest first. */
export async function orderEvents (s: SuppliersTestApp, purchaseOrderId: string): Promise<string[]> {
  const rows = await s.app.comptoir.database.knex('comptoir_outbox').where('name', 'like', 'suppliers.%').orderBy(['occurred_at', 'id']).select('name', 'payload') as Array<{ name: string, payload: unknown }>
  return rows.filter((r) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload as { purchaseOrderId?: string }).purchaseOrderId === purchaseOrderId).map((r) => r.name)
}
