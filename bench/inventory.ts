/**
 * bench/inventory: reservations per second through the inventory service against a bare pg
 * conditional-UPDATE transaction on the same tables, in the same run.
 *
 *   node --conditions=comptoir-source --import tsx bench/inventory.ts [--reservations 4000] [--clients 200] [--skus 1000] [--rounds 2]
 *
 * On a fresh PostgreSQL schema (COMPTOIR_TEST_DATABASE_URL or the local `test` database), with the
 * same pool size (10) on both sides and `--clients` reservations in flight:
 *   hot    every reservation takes 1 unit of ONE SKU (all clients contend for one row);
 *   spread each takes 1 unit of a random SKU among `--skus`.
 * The bare side runs BEGIN; UPDATE inventory_levels SET reserved = reserved + 1 WHERE id = $1 AND
 * on_hand - reserved >= 1; INSERT the reservation; INSERT the ledger row; COMMIT. Prints both rates,
 * the ratio (goal >= 0.4) and the oversold units after a last-10-units contention run (must be 0).
 */
import { parseArgs } from 'node:util'
import pg from 'pg'
import type { FastifyInstance } from 'fastify'
import { systemActor } from '@comptoir/core'
import { connectionOf, createTestDatabases } from '@comptoir/core/testing'
import catalog from '@comptoir/plugin-catalog'
import inventory from '@comptoir/plugin-inventory'

const { values } = parseArgs({
  options: {
    reservations: { type: 'string', default: '4000' },
    clients: { type: 'string', default: '200' },
    skus: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '2' },
  },
})
const total = Number(values.reservations)
const clients = Number(values.clients)
const skuCount = Number(values.skus)
const rounds = Number(values.rounds)

const teardowns: Array<() => unknown> = []
const dbs = createTestDatabases({ teardown: (fn) => { teardowns.push(fn) } })

/** Runs `count` calls of `fn` with `clients` in flight; resolves to the calls that succeeded. */
async function run (count: number, fn: (i: number) => Promise<boolean>): Promise<number> {
  let next = 0
  let ok = 0
  await Promise.all(Array.from({ length: clients }, async () => {
    while (next < count) { if (await fn(next++)) ok++ }
  }))
  return ok
}

let sequence = 0
/** Creates `count` stocked levels at one location straight in SQL (items, levels, a `received` ledger row each). */
async function stockLevels (app: FastifyInstance, count: number, units: number): Promise<Array<{ levelId: string, variantId: string }>> {
  const knex = app.comptoir.database.knex
  const [location] = await knex('inventory_locations').insert({ name: `Bench ${++sequence}`, priority: 10 }).returning(['id']) as Array<{ id: string }>
  const out: Array<{ levelId: string, variantId: string }> = []
  for (let start = 0; start < count; start += 500) {
    const n = Math.min(500, count - start)
    const items = await knex('inventory_items').insert(Array.from({ length: n }, () => ({ variant_id: knex.raw('gen_random_uuid()'), low_stock_threshold: 0 })))
      .returning(['id', 'variant_id']) as Array<{ id: string, variant_id: string }>
    const levels = await knex('inventory_levels').insert(items.map((i) => ({
      item_id: i.id, variant_id: i.variant_id, location_id: location?.id, on_hand: units, is_low: false, is_out: false,
    }))).returning(['id', 'item_id', 'variant_id', 'location_id']) as Array<{ id: string, item_id: string, variant_id: string, location_id: string }>
    await knex('inventory_movements').insert(levels.map((l) => ({
      level_id: l.id, item_id: l.item_id, variant_id: l.variant_id, location_id: l.location_id, kind: 'received', on_hand_delta: units,
    })))
    out.push(...levels.map((l) => ({ levelId: l.id, variantId: l.variant_id })))
  }
  return out
}

/** The hand-written transaction: the conditional UPDATE, the reservation row, the ledger row. */
async function bareReserve (pool: pg.Pool, levelId: string, owner: string): Promise<boolean> {
  const client = await pool.connect()
  try {
    await client.query('begin')
    const { rows } = await client.query('update inventory_levels set reserved = reserved + 1, updated_at = now() where id = $1 and on_hand - reserved >= 1 returning item_id, location_id, variant_id', [levelId])
    const level = rows[0] as { item_id: string, location_id: string, variant_id: string } | undefined
    if (level == null) { await client.query('rollback'); return false }
    await client.query(`insert into inventory_reservations (level_id, item_id, location_id, variant_id, quantity, owner_type, owner_id)
      values ($1, $2, $3, $4, 1, 'cart', $5)`, [levelId, level.item_id, level.location_id, level.variant_id, owner])
    await client.query(`insert into inventory_movements (level_id, item_id, location_id, variant_id, kind, reserved_delta, reference)
      values ($1, $2, $3, $4, 'reserved', 1, $5)`, [levelId, level.item_id, level.location_id, level.variant_id, `cart:${owner}`])
    await client.query('commit')
    return true
  } catch (error) {
    await client.query('rollback')
    throw error
  } finally {
    client.release()
  }
}

async function main (): Promise<void> {
  const app = await dbs.app({ teardown: (fn) => { teardowns.push(fn) } }, 'postgres', { plugins: [[catalog, {}], [inventory, {}]] }, { runJobs: false })
  const ctx = app.comptoir.systemCtx(systemActor)
  const knex = app.comptoir.database.knex
  const { url, schema } = await connectionOf(knex)
  const pool = new pg.Pool({ connectionString: url, max: 10, options: `-c search_path=${schema},public` })
  const service = async (variantId: string, owner: string): Promise<boolean> => {
    try {
      await app.services.inventory.reserve(ctx, { owner: { type: 'cart', id: owner }, lines: [{ variantId, quantity: 1 }] })
      return true
    } catch (error) {
      if ((error as { code?: string }).code === 'INVENTORY_INSUFFICIENT_STOCK') return false
      throw error
    }
  }

  const rates: Record<string, { service: number[], bare: number[] }> = { hot: { service: [], bare: [] }, spread: { service: [], bare: [] } }
  for (let round = 0; round < rounds; round++) {
    for (const scenario of ['hot', 'spread'] as const) {
      for (const side of round % 2 === 0 ? ['service', 'bare'] as const : ['bare', 'service'] as const) {
        // Exactly enough stock: every reservation succeeds, and the last one empties the shelf.
        const levels = scenario === 'hot' ? await stockLevels(app, 1, total) : await stockLevels(app, skuCount, Math.ceil(total / skuCount) * 4)
        const started = performance.now()
        const ok = await run(total, async (i) => {
          const target = scenario === 'hot' ? levels[0] : levels[(i * 7919) % levels.length]
          const owner = `${scenario}-${side}-${round}-${i}`
          return side === 'service' ? await service(target?.variantId as string, owner) : await bareReserve(pool, target?.levelId as string, owner)
        })
        const seconds = (performance.now() - started) / 1000
        if (ok !== total) throw new Error(`${scenario}/${side}: ${ok} of ${total} reservations succeeded`)
        rates[scenario]?.[side].push(total / seconds)
      }
    }
  }

  // Contention for the last 10 units, both paths: anything reserved beyond 10 is oversold.
  let oversold = 0
  for (const side of ['service', 'bare'] as const) {
    const [level] = await stockLevels(app, 1, 10)
    const ok = await run(clients, async (i) => side === 'service'
      ? await service(level?.variantId as string, `last-${side}-${i}`)
      : await bareReserve(pool, level?.levelId as string, `last-${side}-${i}`))
    oversold += Math.max(0, ok - 10)
  }
  const { rows } = await knex.raw('select coalesce(sum(greatest(0, reserved - on_hand)), 0)::int as n from inventory_levels') as { rows: Array<{ n: number }> }
  oversold += rows[0]?.n ?? 0

  const best = (xs: number[]): number => Math.max(...xs)
  console.log(`inventory reservations/s, ${clients} concurrent clients, ${total} reservations per run, best of ${rounds} (PostgreSQL, pool 10 each)`)
  for (const scenario of ['hot', 'spread'] as const) {
    const s = best(rates[scenario]?.service ?? [])
    const b = best(rates[scenario]?.bare ?? [])
    const label = scenario === 'hot' ? 'one hot SKU      ' : `spread, ${skuCount} SKUs`
    console.log(`  ${label}  service ${s.toFixed(0).padStart(6)}/s   bare pg ${b.toFixed(0).padStart(6)}/s   ratio ${(s / b).toFixed(2)} (goal >= 0.4)`)
  }
  console.log(`  oversold units: ${oversold} (must be 0)`)
  await pool.end()
  for (const fn of teardowns.reverse()) await fn()
  if (oversold !== 0) process.exitCode = 1
}

await main()
