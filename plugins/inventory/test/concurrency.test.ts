import t from 'tap'
import type { Ctx } from '@comptoir/core'
import { createTestDatabases } from '@comptoir/core/testing'
import { createLocation, createVariants, inventoryApp, ledgerMismatches, levelRow, stock } from './helpers.js'

// Concurrency claims need real connections in parallel: PostgreSQL only (PGlite runs one at a time).
const dbs = createTestDatabases(t)

/** A small deterministic PRNG (mulberry32), so a failing sequence can be replayed. */
function prng (seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6D2B79F5) | 0
    let x = Math.imul(a ^ (a >>> 15), 1 | a)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

/** Runs `tasks` with at most `width` in flight. */
async function pool<T> (width: number, tasks: ReadonlyArray<() => Promise<T>>): Promise<T[]> {
  const results: T[] = []
  let next = 0
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < tasks.length) {
      const i = next++
      results[i] = await (tasks[i] as () => Promise<T>)()
    }
  }))
  return results
}

t.test('postgres', async (t) => {
  const { app, ctx } = await inventoryApp(dbs, t, 'postgres', { allowSplit: true })
  const { inventory } = app.services
  const knex = app.comptoir.database.knex
  const paris = await createLocation(app, 'Paris', 10)
  const lyon = await createLocation(app, 'Lyon', 5)
  const code = (e: unknown): string => (e as { code?: string }).code ?? String(e)

  t.test('200 concurrent reservations for the last 10 units reserve exactly 10; available never goes below zero', async (t) => {
    const [v] = await createVariants(app, 1, 'HOT') as [string]
    const level = await stock(app, v, paris, 10)
    let minAvailable = Infinity
    let polling = true
    const poller = (async () => {
      while (polling) {
        const row = await levelRow(app, level)
        minAvailable = Math.min(minAvailable, row.on_hand - row.reserved)
      }
    })()
    const outcomes = await Promise.all(Array.from({ length: 200 }, async (_, i) => {
      try {
        await inventory.reserve(ctx, { owner: { type: 'cart', id: `hot-${i}` }, lines: [{ variantId: v, quantity: 1 }] })
        return 'ok'
      } catch (error) { return code(error) }
    }))
    polling = false
    await poller
    t.equal(outcomes.filter((o) => o === 'ok').length, 10)
    t.equal(outcomes.filter((o) => o === 'INVENTORY_INSUFFICIENT_STOCK').length, 190, 'every other request is a clean 409')
    t.same(await levelRow(app, level), { on_hand: 10, reserved: 10, incoming: 0 })
    t.ok(minAvailable >= 0, `available never below zero (min seen ${minAvailable})`)
    const [{ n }] = await knex('inventory_reservations').where({ variant_id: v, status: 'active' }).sum({ n: 'quantity' }) as Array<{ n: string }>
    t.equal(Number(n), 10)
  })

  t.test('many SKUs and multi-line carts at once: no oversell, no deadlock, reservations add up', async (t) => {
    const variants = await createVariants(app, 30, 'MANY')
    for (const v of variants) { await stock(app, v, paris, 6); await stock(app, v, lyon, 3) }
    const random = prng(42)
    const carts = Array.from({ length: 300 }, (_, i) => {
      const lines = Array.from({ length: 1 + Math.floor(random() * 4) }, () => ({ variantId: variants[Math.floor(random() * variants.length)] as string, quantity: 1 + Math.floor(random() * 3) }))
      return { owner: { type: 'cart', id: `many-${i}` }, lines }
    })
    const outcomes = await Promise.all(carts.map(async (cart) => {
      try { await inventory.reserve(ctx, cart); return 'ok' } catch (error) { return code(error) }
    }))
    t.same([...new Set(outcomes)].sort(), ['INVENTORY_INSUFFICIENT_STOCK', 'ok'], 'only successes and clean refusals (no deadlock, no 500)')
    const { rows } = await knex.raw(`
      select l.id, l.on_hand, l.reserved, coalesce(sum(r.quantity) filter (where r.status = 'active'), 0)::int as held
      from inventory_levels l left join inventory_reservations r on r.level_id = l.id
      where l.variant_id = any(?::uuid[]) group by l.id`, [variants]) as { rows: Array<{ on_hand: number, reserved: number, held: number }> }
    t.ok(rows.every((r) => r.reserved <= r.on_hand), 'no level oversold')
    t.ok(rows.every((r) => r.reserved === r.held), 'reserved equals the active reservations of each level')
    const okCarts = carts.filter((_, i) => outcomes[i] === 'ok')
    const reservedUnits = rows.reduce((s, r) => s + r.reserved, 0)
    t.equal(reservedUnits, okCarts.reduce((s, c) => s + c.lines.reduce((x, l) => x + l.quantity, 0), 0), 'every successful cart got all its units, failed carts none')
  })

  t.test('concurrent repeats of one owner\'s reservation reserve once and all return the same reservations', async (t) => {
    const [a, b] = await createVariants(app, 2, 'SAME') as [string, string]
    const la = await stock(app, a, paris, 50)
    await stock(app, b, paris, 50)
    const results = await Promise.all(Array.from({ length: 20 }, async () =>
      await inventory.reserve(ctx, { owner: { type: 'cart', id: 'same-owner' }, lines: [{ variantId: a, quantity: 3 }, { variantId: b, quantity: 1 }] })))
    t.same(await levelRow(app, la), { on_hand: 50, reserved: 3, incoming: 0 }, 'reserved once')
    const first = JSON.stringify(results[0]?.reservations)
    t.ok(results.every((r) => JSON.stringify(r.reservations) === first), 'every call got the same reservations, in the same order')
  })

  t.test('concurrent carts each with one unfillable line reserve nothing at all', async (t) => {
    const [a, b] = await createVariants(app, 2, 'UNF') as [string, string]
    const la = await stock(app, a, paris, 100)
    await stock(app, b, paris, 0)
    const outcomes = await Promise.all(Array.from({ length: 50 }, async (_, i) => {
      try {
        await inventory.reserve(ctx, { owner: { type: 'cart', id: `unf-${i}` }, lines: [{ variantId: a, quantity: 1 }, { variantId: b, quantity: 1 }] })
        return 'ok'
      } catch (error) { return code(error) }
    }))
    t.same([...new Set(outcomes)], ['INVENTORY_INSUFFICIENT_STOCK'])
    t.same(await levelRow(app, la), { on_hand: 100, reserved: 0, incoming: 0 })
  })

  t.test('expiry running in parallel with owners releasing frees each unit exactly once', async (t) => {
    const [v] = await createVariants(app, 1, 'EXPC') as [string]
    const level = await stock(app, v, paris, 120)
    const past = new Date(Date.now() - 60_000)
    for (let i = 0; i < 60; i++) await inventory.reserve(ctx, { owner: { type: 'cart', id: `expc-${i}` }, lines: [{ variantId: v, quantity: 2 }], expiresAt: past })
    const results = await Promise.all([
      ...Array.from({ length: 4 }, async () => (await inventory.releaseExpired(ctx, 20)).units),
      ...Array.from({ length: 30 }, async (_, i) => (await inventory.release(ctx, { ownerId: `expc-${i * 2}` })).released),
    ])
    let more = 0
    for (;;) { const r = await inventory.releaseExpired(ctx); more += r.units; if (r.reservations === 0) break }
    t.equal(results.reduce((s, n) => s + n, 0) + more, 120, 'released units add up to what was reserved')
    t.same(await levelRow(app, level), { on_hand: 120, reserved: 0, incoming: 0 })
    t.equal((await knex('inventory_reservations').where({ variant_id: v, status: 'active' })).length, 0)
  })

  t.test('after 2,000 random concurrent operations every level equals the sum of its ledger rows', async (t) => {
    const variants = await createVariants(app, 12, 'FUZZ')
    const levels: string[] = []
    for (const v of variants) { levels.push(await stock(app, v, paris, 20)); levels.push(await stock(app, v, lyon, 10)) }
    const random = prng(7)
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T
    const owners: string[] = []
    const op = (i: number): (() => Promise<string>) => {
      const r = random()
      const v = pick(variants)
      const level = pick(levels)
      const c: Ctx = ctx
      return async () => {
        try {
          if (r < 0.35) {
            const owner = `fz-${i}`
            owners.push(owner)
            await inventory.reserve(c, { owner: { type: 'cart', id: owner }, lines: [{ variantId: v, quantity: 1 + Math.floor(random() * 4) }, { variantId: pick(variants), quantity: 1 }] })
          } else if (r < 0.5 && owners.length > 0) {
            await inventory.release(c, { ownerId: pick(owners) })
          } else if (r < 0.65 && owners.length > 0) {
            const owner = pick(owners)
            const held = await knex('inventory_reservations').where({ owner_id: owner, status: 'active' }).select('variant_id', 'quantity') as Array<{ variant_id: string, quantity: number }>
            if (held[0] != null) await inventory.fulfil(c, { ownerId: owner, reference: `f-${i}`, lines: [{ variantId: held[0].variant_id, quantity: 1 }] })
          } else if (r < 0.75) {
            await app.services.inventoryLevels.adjust(c, level, { delta: random() < 0.5 ? -2 : 3, reason: 'fuzz' })
          } else if (r < 0.82) {
            await app.services.inventoryLevels.count(c, level, { counted: Math.floor(random() * 30) })
          } else if (r < 0.9) {
            await app.services.inventoryLevels.receive(c, level, { quantity: 1 + Math.floor(random() * 5) })
          } else if (r < 0.95) {
            await inventory.restock(c, { variantId: v, locationId: random() < 0.5 ? paris : lyon, quantity: 1, reference: `ret-${i}` })
          } else {
            const transfer = await app.services.inventoryTransfers.create(c, { fromLocationId: paris, toLocationId: lyon, lines: [{ variantId: v, quantity: 1 }] })
            await app.services.inventoryTransfers.ship(c, transfer.id)
            await app.services.inventoryTransfers.receive(c, transfer.id)
          }
          return 'ok'
        } catch (error) { return code(error) }
      }
    }
    const outcomes = await pool(8, Array.from({ length: 2000 }, (_, i) => op(i)))
    const unexpected = outcomes.filter((o) => !['ok', 'INVENTORY_INSUFFICIENT_STOCK', 'INVENTORY_BELOW_RESERVED', 'INVENTORY_NOT_RESERVED'].includes(o))
    t.same(unexpected, [], 'only typed refusals')
    t.ok(outcomes.filter((o) => o === 'ok').length > 1000, 'most operations went through')
    t.same(await ledgerMismatches(app), [], 'every level equals the sum of its ledger rows')
    const { rows } = await knex.raw(`
      select l.id from inventory_levels l left join inventory_reservations r on r.level_id = l.id and r.status = 'active'
      group by l.id having l.reserved <> coalesce(sum(r.quantity), 0) or l.reserved > l.on_hand`) as { rows: unknown[] }
    t.same(rows, [], 'reserved equals active reservations and never exceeds on hand')
  })
})
