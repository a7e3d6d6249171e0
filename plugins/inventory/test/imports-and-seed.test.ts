import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { runSeed } from '@comptoir/core'
import { createTestDatabases } from '@comptoir/core/testing'
import { generateCatalog } from '@comptoir/plugin-catalog'
import type { StockImport, StockLevel, StockLocation } from '@comptoir/plugin-inventory'
import { ensureItemsOfCreatedVariants } from '../src/subscribers/ensure-items-of-created-variants.js'
import { createVariants, inventoryApp, ledgerMismatches, testEngines, type Headers } from './helpers.js'

const dbs = createTestDatabases(t)

/** Polls until `check` returns a value (jobs and subscribers run in the app's in-process engine). */
async function eventually<T> (check: () => Promise<T | null | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await check()
    if (value != null) return value
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`timed out waiting for ${what}`)
}

async function upload (app: FastifyInstance, admin: Headers, csv: string, contentType = 'text/csv') {
  return await app.inject({ method: 'POST', url: '/admin/stock-imports?filename=stock.csv', headers: { ...admin, 'content-type': contentType }, payload: csv })
}

for (const engine of testEngines()) {
  t.test(engine, async (t) => {
    const { app, admin, ctx } = await inventoryApp(dbs, t, engine)
    const knex = app.comptoir.database.knex
    const paris = (await app.inject({ method: 'POST', url: '/admin/stock-locations', headers: admin, payload: { name: 'Paris warehouse', code: 'PAR', priority: 10 } })).json<StockLocation>()

    t.test('a stock CSV imports as a job: good rows set levels, bad rows are reported by row and column', async (t) => {
      const [a, b] = await createVariants(app, 2, 'IMP') as [string, string]
      const skuA = (await app.services.catalogVariants.get(ctx, a)).sku as string
      const csv = [
        'sku,variant_id,location,on_hand,low_stock_threshold',
        `${skuA},,Paris warehouse,25,4`,
        `,${b},PAR,7,`,
        `${skuA},,Nowhere,3,`,
        `${skuA},,Paris warehouse,ten,`,
        'NO-SUCH-SKU,,Paris warehouse,1,',
        ',,Paris warehouse,1,',
        `,00000000-0000-4000-8000-00000000000f,Paris warehouse,1,`,
      ].join('\n')
      const res = await upload(app, admin, csv)
      t.equal(res.statusCode, 202)
      const queued = res.json<StockImport>()
      t.match(queued, { filename: 'stock.csv', rowsTotal: 7 })
      const done = await eventually(async () => {
        const current = (await app.inject({ url: `/admin/stock-imports/${queued.id}`, headers: admin })).json<StockImport>()
        return current.status === 'completed' || current.status === 'failed' ? current : null
      }, 'the import')
      t.match(done, { status: 'completed', progress: 100, rowsProcessed: 2, rowsFailed: 5 })
      // Analysed before it reported done (reltuples is -1 on a table never analysed).
      const [{ count: levelCount }] = await knex('inventory_levels').count({ count: '*' }) as Array<{ count: string | number }>
      const levelStats = (await knex.raw("select reltuples from pg_class where oid = to_regclass('inventory_levels')")).rows[0] as { reltuples: number }
      t.equal(Number(levelStats.reltuples), Number(levelCount), 'inventory_levels has fresh planner statistics')
      const errors = (await app.inject({ url: `/admin/stock-imports/${queued.id}/errors`, headers: admin })).json<{ items: Array<{ row: number, column: string | null }> }>()
      t.same(errors.items.map((e) => [e.row, e.column]), [[4, 'location'], [5, 'on_hand'], [6, 'sku'], [7, 'sku'], [8, null]])
      const levels = (await app.inject({ url: `/admin/stock-levels?locationId=${paris.id}`, headers: admin })).json<{ items: StockLevel[] }>().items
      t.match(levels.find((l) => l.variantId === a), { onHand: 25, lowStockThreshold: 4 })
      t.match(levels.find((l) => l.variantId === b), { onHand: 7 })
      t.same(await knex('inventory_movements').where({ variant_id: a }).pluck('kind'), ['imported'])
      t.match(await knex('comptoir_outbox').where({ name: 'inventory.import.finished' }).pluck('payload'), [{ importId: queued.id, rowsProcessed: 2, rowsFailed: 5 }])

      const again = await upload(app, admin, `sku,location,on_hand\n${skuA},Paris warehouse,25\n`)
      const second = await eventually(async () => {
        const current = (await app.inject({ url: `/admin/stock-imports/${again.json<StockImport>().id}`, headers: admin })).json<StockImport>()
        return current.status === 'completed' ? current : null
      }, 'the second import')
      t.equal(second.rowsProcessed, 1)
      t.same(await knex('inventory_movements').where({ variant_id: a }).pluck('kind'), ['imported'], 'the same count again moves nothing')
      t.same(await ledgerMismatches(app), [])
    })

    t.test('uploads that are not a stock CSV are refused before any job', async (t) => {
      const header = await upload(app, admin, 'handle,title\nx,y\n')
      t.equal(header.statusCode, 422)
      t.equal(header.json().code, 'INVENTORY_IMPORT_HEADER')
      const json = await app.inject({ method: 'POST', url: '/admin/stock-imports', headers: admin, payload: { sku: 'x' } })
      t.equal(json.statusCode, 400)
      t.equal(json.json().code, 'INVENTORY_IMPORT_NOT_CSV')
      t.equal((await app.inject({ url: '/admin/stock-imports/00000000-0000-4000-8000-000000000000', headers: admin })).json().code, 'INVENTORY_IMPORT_NOT_FOUND')
    })

    t.test('deleting a variant in the catalog drops its item, levels and reservations; the ledger stays', async (t) => {
      const [v] = await createVariants(app, 2, 'DEL') as [string]
      const level = (await app.inject({ method: 'POST', url: '/admin/stock-levels', headers: admin, payload: { variantId: v, locationId: paris.id } })).json<StockLevel>()
      await app.services.inventoryLevels.receive(ctx, level.id, { quantity: 5 })
      await app.services.inventory.reserve(ctx, { owner: { type: 'cart', id: 'del-cart' }, lines: [{ variantId: v, quantity: 2 }] })
      await app.services.catalogVariants.delete(ctx, v)
      await eventually(async () => (await knex('inventory_items').where({ variant_id: v }).first()) == null ? true : null, 'the subscriber')
      t.equal((await knex('inventory_levels').where({ variant_id: v })).length, 0)
      t.equal((await knex('inventory_reservations').where({ variant_id: v })).length, 0)
      t.equal((await knex('inventory_movements').where({ variant_id: v })).length, 2)
    })

    t.test('a catalog batch event gives every new variant one item, exactly once on redelivery', async (t) => {
      const before = Number((await knex('inventory_items').count({ n: '*' }))[0]?.n)
      const generated = await generateCatalog(ctx, app.services, { products: 40, seed: 11 })
      const events = await knex('comptoir_outbox').where({ name: 'catalog.variants.created' }).select('id', 'name', 'payload', 'occurred_at') as Array<{ id: string, name: string, payload: { variants: Array<{ variantId: string }> }, occurred_at: Date }>
      const ids = events.flatMap((e) => e.payload.variants.map((v) => v.variantId))
      t.equal(ids.length, generated.variants, 'the batch event carries every generated variant')
      await eventually(async () => Number((await knex('inventory_items').whereIn('variant_id', ids).count({ n: '*' }))[0]?.n) === ids.length ? true : null, 'the batch subscriber')
      for (const e of events) {
        await ensureItemsOfCreatedVariants(ctx, { id: e.id, name: e.name, payload: e.payload as never, occurredAt: new Date(e.occurred_at).toISOString() }, { services: app.services })
      }
      t.equal(Number((await knex('inventory_items').count({ n: '*' }))[0]?.n), before + ids.length, 'a redelivery adds none')
      const { rows } = await knex.raw('select count(*)::int as n from (select variant_id from inventory_items group by 1 having count(*) > 1) d') as { rows: Array<{ n: number }> }
      t.equal(rows[0]?.n, 0)
    })

    t.test('the demo seed stocks every catalog variant in two warehouses', async (t) => {
      await runSeed(app)
      const locations = await knex('inventory_locations').whereIn('name', ['Paris warehouse', 'Lyon warehouse']).orderBy('priority', 'desc').select('name', 'priority', 'ships') as Array<{ name: string, priority: number, ships: boolean }>
      t.same(locations, [{ name: 'Paris warehouse', priority: 10, ships: true }, { name: 'Lyon warehouse', priority: 5, ships: true }])
      const { rows } = await knex.raw(`select count(distinct variant_id)::int as n from inventory_items`) as { rows: Array<{ n: number }> }
      t.ok((rows[0]?.n ?? 0) >= 10, 'the demo variants have items')
      const statuses = new Set([...(await app.services.inventory.availabilityOf(ctx, await knex('inventory_items').pluck('variant_id') as string[])).values()].map((a) => a.status))
      t.ok(statuses.has('in_stock'), 'some variants are in stock')
      t.same(await ledgerMismatches(app), [])
      const missing = await knex.raw(`select count(*)::int as n from catalog_variants v where not exists (select 1 from inventory_items i where i.variant_id = v.id)
        or (select count(*) from inventory_levels l where l.variant_id = v.id) <> 2`) as { rows: Array<{ n: number }> }
      t.equal(missing.rows[0]?.n, 0, 'every variant has one item and a level in each warehouse')
    })
  })
}
