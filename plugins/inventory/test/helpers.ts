import type { FastifyInstance } from 'fastify'
import { systemActor, type Ctx } from '@comptoir/core'
import { createTestDatabases, testEngines, type TestLike } from '@comptoir/core/testing'
import catalog from '@comptoir/plugin-catalog'
import inventory, { type InventoryConfig } from '@comptoir/plugin-inventory'

export { testEngines }
export type Databases = ReturnType<typeof createTestDatabases>
export type Headers = Record<string, string>
export type Engine = 'embedded' | 'postgres'

/** Bearer headers of a new API key holding `permissions` (a role is created for them). */
export async function adminHeaders (app: FastifyInstance, permissions: readonly string[] = ['*']): Promise<Headers> {
  const ctx = app.comptoir.systemCtx(systemActor)
  const { auth } = app.services
  let role = 'owner'
  if (!permissions.includes('*')) {
    role = `test-${Math.random().toString(36).slice(2, 10)}`
    await auth.createRole(ctx, { name: role, permissions: [...permissions] })
  }
  const { secret } = await auth.createApiKey(ctx, { name: `test ${role}`, roles: [role] })
  return { authorization: `Bearer ${secret}` }
}

export interface InventoryTestApp { app: FastifyInstance, admin: Headers, ctx: Ctx }

/** An app with catalog + inventory on a fresh schema of `engine`, an owner's headers and a system ctx. */
export async function inventoryApp (dbs: Databases, t: TestLike, engine: Engine, options: Partial<InventoryConfig> = {}): Promise<InventoryTestApp> {
  const app = await dbs.app(t, engine, { plugins: [[catalog, {}], [inventory, options]] })
  return { app, admin: await adminHeaders(app), ctx: app.comptoir.systemCtx(systemActor) }
}

let productSeq = 0

/** Creates a published product with `count` variants through the catalog service; returns the variant ids. */
export async function createVariants (app: FastifyInstance, count: number, prefix = 'SKU'): Promise<string[]> {
  const ctx = app.comptoir.systemCtx(systemActor)
  const n = ++productSeq
  const values = Array.from({ length: count }, (_, i) => `v${i}`)
  const product = await app.services.catalog.create(ctx, {
    title: `Product ${prefix} ${n}`,
    handle: `product-${prefix.toLowerCase()}-${n}-${Math.random().toString(36).slice(2, 8)}`,
    status: 'published',
    options: [{ name: 'Variant', values }],
    variants: values.map((v) => ({ sku: `${prefix}-${n}-${v}`.toUpperCase(), options: { Variant: v }, prices: [{ currency: 'EUR', amount: 1000 }] })),
  })
  return product.variants.map((v) => v.id)
}

/** Creates a location through the service. */
export async function createLocation (app: FastifyInstance, name: string, priority: number, extra: { ships?: boolean, active?: boolean } = {}): Promise<string> {
  const ctx = app.comptoir.systemCtx(systemActor)
  return (await app.services.inventoryLocations.create(ctx, { name, priority, ...extra })).id
}

/** Puts `units` on hand for a variant at a location (ledger `received`); returns the level id. */
export async function stock (app: FastifyInstance, variantId: string, locationId: string, units: number, threshold?: number): Promise<string> {
  const ctx = app.comptoir.systemCtx(systemActor)
  const { level } = await app.services.inventoryLevels.create(ctx, { variantId, locationId, ...(threshold != null ? { lowStockThreshold: threshold } : {}) })
  if (units > 0) await app.services.inventoryLevels.receive(ctx, level.id, { quantity: units })
  return level.id
}

/** A level's numbers straight from the table. */
export async function levelRow (app: FastifyInstance, levelId: string): Promise<{ on_hand: number, reserved: number, incoming: number }> {
  return await app.comptoir.database.knex('inventory_levels').select('on_hand', 'reserved', 'incoming').where({ id: levelId }).first() as { on_hand: number, reserved: number, incoming: number }
}

/** Levels whose numbers differ from the sum of their ledger rows (must be empty). */
export async function ledgerMismatches (app: FastifyInstance): Promise<unknown[]> {
  const { rows } = await app.comptoir.database.knex.raw(`
    select l.id, l.on_hand, l.reserved, coalesce(m.on_hand, 0)::int as ledger_on_hand, coalesce(m.reserved, 0)::int as ledger_reserved
    from inventory_levels l
    left join (select level_id, sum(on_hand_delta) as on_hand, sum(reserved_delta) as reserved from inventory_movements group by level_id) m on m.level_id = l.id
    where l.on_hand <> coalesce(m.on_hand, 0) or l.reserved <> coalesce(m.reserved, 0)`) as { rows: unknown[] }
  return rows
}

/** Names of the events in the outbox, oldest first. */
export async function outboxNames (app: FastifyInstance, prefix = 'inventory.'): Promise<string[]> {
  return await app.comptoir.database.knex('comptoir_outbox').where('name', 'like', `${prefix}%`).orderBy(['occurred_at', 'id']).pluck('name') as string[]
}
