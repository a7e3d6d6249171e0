/**
 * bench/checkout: orders per second through the full checkout (POST /store/carts/:id/complete,
 * HTTP via inject, manual provider) against a bare pg pair of transactions doing the equivalent
 * writes, in the same run: `--rounds` rounds (default 3), the ratio of each and their min/median/max.
 *
 *   node --conditions=comptoir-source --import tsx bench/checkout.ts [--orders 500] [--buyers 50] [--contenders 200] [--units 10] [--rounds 3]
 *
 * On a fresh PostgreSQL schema (COMPTOIR_TEST_DATABASE_URL or the local `test` database), pool 10 on
 * both sides. Carts are prepared beforehand (lines, address, shipping option) and not timed.
 *   distinct   `--buyers` concurrent buyers, each on its own SKU, `--orders` checkouts in all;
 *   contention `--contenders` buyers at once on one SKU holding `--units` units: exactly that many orders.
 * The bare side runs, per order: BEGIN; lock the cart; read its lines; mark it completing; insert the
 * order, its lines, the payment, a timeline row; conditional UPDATE of the stock level + reservation +
 * ledger row per line; COMMIT; then BEGIN; lock order and payment; payment authorized; order
 * confirmed; two timeline rows; three outbox rows; cart completed; COMMIT.
 */
import { parseArgs } from 'node:util'
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import type { FastifyInstance } from 'fastify'
import { systemActor } from '@comptoir/core'
import { connectionOf, createTestDatabases } from '@comptoir/core/testing'
import catalog from '@comptoir/plugin-catalog'
import customers from '@comptoir/plugin-customers'
import inventory from '@comptoir/plugin-inventory'
import orders from '@comptoir/plugin-orders'

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '500' },
    buyers: { type: 'string', default: '50' },
    contenders: { type: 'string', default: '200' },
    units: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
  },
})
const total = Number(values.orders)
const buyers = Number(values.buyers)
const contenders = Number(values.contenders)
const lastUnits = Number(values.units)
const rounds = Math.max(1, Number(values.rounds))

const teardowns: Array<() => unknown> = []
const dbs = createTestDatabases({ teardown: (fn) => { teardowns.push(fn) } })
const address = { firstName: 'Ada', lastName: 'Lovelace', line1: '1 rue de la Paix', city: 'Paris', postalCode: '75002', country: 'FR' }

interface Cart { cartId: string, token: string }

/** Runs `fns` with `clients` in flight; resolves to how many returned true. */
async function run (clients: number, fns: Array<() => Promise<boolean>>): Promise<number> {
  let next = 0
  let ok = 0
  await Promise.all(Array.from({ length: clients }, async () => {
    while (next < fns.length) { if (await fns[next++]!()) ok++ }
  }))
  return ok
}

let productSeq = 0
async function variants (app: FastifyInstance, locationId: string, count: number, units: number): Promise<Array<{ variantId: string, levelId: string }>> {
  const ctx = app.comptoir.systemCtx(systemActor)
  const out = []
  for (let i = 0; i < count; i++) {
    const n = ++productSeq
    const product = await app.services.catalog.create(ctx, {
      title: `Bench mug ${n}`, handle: `bench-mug-${n}`, status: 'published', options: [{ name: 'Size', values: ['M'] }],
      variants: [{ sku: `BENCH-${n}`, options: { Size: 'M' }, prices: [{ currency: 'EUR', amount: 1500 }] }],
    })
    const variantId = product.variants[0]!.id
    const { level } = await app.services.inventoryLevels.create(ctx, { variantId, locationId })
    await app.services.inventoryLevels.receive(ctx, level.id, { quantity: units })
    out.push({ variantId, levelId: level.id })
  }
  return out
}

async function cart (app: FastifyInstance, variantId: string, shippingOptionId: string): Promise<Cart> {
  const created = await app.inject({ method: 'POST', url: '/store/carts', payload: { currency: 'EUR', email: `buyer-${randomUUID()}@example.com` } })
  const { cart: c, cartToken } = created.json() as { cart: { id: string }, cartToken: string }
  const headers = { 'x-cart-token': cartToken }
  await app.inject({ method: 'POST', url: `/store/carts/${c.id}/lines`, headers, payload: { variantId, quantity: 1 } })
  await app.inject({ method: 'PATCH', url: `/store/carts/${c.id}`, headers, payload: { shippingAddress: address } })
  const chosen = await app.inject({ method: 'PUT', url: `/store/carts/${c.id}/shipping-option`, headers, payload: { shippingOptionId } })
  if (chosen.statusCode !== 200) throw new Error(`cart setup: ${chosen.body}`)
  return { cartId: c.id, token: cartToken }
}

async function checkout (app: FastifyInstance, c: Cart): Promise<boolean> {
  const res = await app.inject({ method: 'POST', url: `/store/carts/${c.cartId}/complete`, headers: { 'x-cart-token': c.token, 'idempotency-key': randomUUID() }, payload: { payment: { provider: 'manual' } } })
  if (res.statusCode === 201) return true
  if (res.statusCode === 409) return false
  throw new Error(`checkout: ${res.statusCode} ${res.body}`)
}

/** The hand-written equivalent: two transactions around the (instant) manual authorization. */
async function bareCheckout (pool: pg.Pool, c: Cart, levelOf: Map<string, string>): Promise<boolean> {
  const client = await pool.connect()
  const orderId = randomUUID()
  const paymentId = randomUUID()
  try {
    await client.query('begin')
    const cartRow = (await client.query('select id, customer_id, email, currency from orders_carts where id = $1 and status = \'open\' for update', [c.cartId])).rows[0] as { email: string, currency: string } | undefined
    if (cartRow == null) { await client.query('rollback'); return false }
    const lines = (await client.query('select variant_id, product_id, sku, product_title, variant_title, quantity, unit_amount from orders_cart_lines where cart_id = $1', [c.cartId])).rows as Array<{ variant_id: string, product_id: string, sku: string, product_title: string, variant_title: string, quantity: number, unit_amount: string }>
    await client.query('update orders_carts set status = \'completing\', updated_at = now() where id = $1', [c.cartId])
    const subtotal = lines.reduce((s, l) => s + Number(l.unit_amount) * l.quantity, 0)
    await client.query(`insert into orders_orders (id, cart_id, email, currency, subtotal_amount, discount_amount, shipping_amount, tax_amount, total_amount, shipping_address, billing_address)
      values ($1, $2, $3, $4, $5, 0, 500, 0, $6, $7, $7)`, [orderId, c.cartId, cartRow.email, cartRow.currency, subtotal, subtotal + 500, JSON.stringify(address)])
    for (const [position, l] of lines.entries()) {
      const lineId = randomUUID()
      await client.query(`insert into orders_lines (id, order_id, position, variant_id, product_id, sku, title, variant_title, quantity, unit_amount, subtotal_amount, discount_amount, tax_amount, total_amount, tax_rate_bps, requires_shipping)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0, 0, $11, 0, true)`, [lineId, orderId, position, l.variant_id, l.product_id, l.sku, l.product_title, l.variant_title, l.quantity, l.unit_amount, Number(l.unit_amount) * l.quantity])
      const level = (await client.query('update inventory_levels set reserved = reserved + $2, updated_at = now() where id = $1 and on_hand - reserved >= $2 returning item_id, location_id', [levelOf.get(l.variant_id), l.quantity])).rows[0] as { item_id: string, location_id: string } | undefined
      if (level == null) { await client.query('rollback'); return false }
      await client.query('insert into inventory_reservations (level_id, item_id, location_id, variant_id, quantity, owner_type, owner_id, reference) values ($1, $2, $3, $4, $5, \'order\', $6, $7)', [levelOf.get(l.variant_id), level.item_id, level.location_id, l.variant_id, l.quantity, orderId, lineId])
      await client.query('insert into inventory_movements (level_id, item_id, location_id, variant_id, kind, reserved_delta, reference) values ($1, $2, $3, $4, \'reserved\', $5, $6)', [levelOf.get(l.variant_id), level.item_id, level.location_id, l.variant_id, l.quantity, `order:${orderId}`])
    }
    await client.query('insert into orders_payments (id, order_id, provider, currency, amount) values ($1, $2, \'manual\', $3, $4)', [paymentId, orderId, cartRow.currency, subtotal + 500])
    await client.query('insert into orders_timeline (order_id, kind, actor_type, actor_id, to_status) values ($1, \'status\', \'system\', \'bench\', \'pending\')', [orderId])
    await client.query('commit')

    await client.query('begin')
    await client.query('select id from orders_orders where id = $1 for update', [orderId])
    await client.query('select id from orders_payments where id = $1 for update', [paymentId])
    await client.query('update orders_payments set status = \'authorized\', authorized_amount = amount, authorized_at = now() where id = $1 and status = \'pending\'', [paymentId])
    await client.query('update orders_orders set payment_status = \'authorized\', status = \'confirmed\', confirmed_at = now() where id = $1 and status = \'pending\'', [orderId])
    await client.query('insert into orders_timeline (order_id, kind, actor_type, actor_id, from_status, to_status) values ($1, \'payment\', \'system\', \'bench\', \'pending\', \'authorized\'), ($1, \'status\', \'system\', \'bench\', \'pending\', \'confirmed\')', [orderId])
    for (const name of ['orders.payment.authorized', 'orders.order.placed', 'orders.order.confirmed']) {
      await client.query('insert into comptoir_outbox (id, name, payload) values ($1, $2, $3)', [randomUUID(), name, JSON.stringify({ orderId })])
    }
    await client.query('update orders_carts set status = \'completed\', order_id = $2, updated_at = now() where id = $1', [c.cartId, orderId])
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
  const app = await dbs.app({ teardown: (fn) => { teardowns.push(fn) } }, 'postgres', {
    plugins: [[catalog, {}], [customers, {}], [inventory, {}], [orders, {}]],
    http: { rateLimit: { max: 100_000_000 } },
  }, { runJobs: false })
  const ctx = app.comptoir.systemCtx(systemActor)
  const knex = app.comptoir.database.knex
  const { url, schema } = await connectionOf(knex)
  const pool = new pg.Pool({ connectionString: url, max: 10, options: `-c search_path=${schema},public` })
  const { secret } = await app.services.auth.createApiKey(ctx, { name: 'bench', roles: ['owner'] })
  const admin = { authorization: `Bearer ${secret}` }
  const locationId = (await app.services.inventoryLocations.create(ctx, { name: 'Bench', priority: 1 })).id
  const zone = await app.inject({ method: 'POST', url: '/admin/shipping-zones', headers: admin, payload: { name: 'France', countries: ['FR'] } })
  const option = await app.inject({ method: 'POST', url: '/admin/shipping-options', headers: admin, payload: { zoneId: zone.json().id, name: 'Colissimo', currency: 'EUR', rateType: 'flat', flatAmount: 500 } })
  const shippingOptionId = option.json().id as string

  const perSide = total
  const skus = await variants(app, locationId, buyers, Math.ceil(perSide * rounds * 2 / buyers) + 1)
  const levelOf = new Map(skus.map((s) => [s.variantId, s.levelId]))

  // Distinct SKUs: `buyers` in flight, each buyer i on SKU i; `rounds` rounds, the two sides in turn.
  const ratios: number[] = []
  const rates: Record<'service' | 'bare', number[]> = { service: [], bare: [] }
  for (let round = 0; round < rounds; round++) {
    console.log(`round ${round + 1}: preparing ${perSide * 2} carts on ${buyers} SKUs…`)
    const carts: Record<'service' | 'bare', Cart[]> = { service: [], bare: [] }
    for (const side of ['service', 'bare'] as const) {
      for (let i = 0; i < perSide; i++) carts[side].push(await cart(app, skus[i % buyers]!.variantId, shippingOptionId))
    }
    await knex.raw('analyze')
    for (const side of ['service', 'bare'] as const) {
      const started = performance.now()
      const ok = await run(buyers, carts[side].map((c) => async () => side === 'service' ? await checkout(app, c) : await bareCheckout(pool, c, levelOf)))
      rates[side].push(ok / ((performance.now() - started) / 1000))
      if (ok !== perSide) throw new Error(`${side}: ${ok} of ${perSide} checkouts succeeded`)
    }
    ratios.push(rates.service[round]! / rates.bare[round]!)
  }

  // Contention: `contenders` buyers at once on one SKU with `lastUnits` units.
  const contention: Record<'service' | 'bare', number> = { service: 0, bare: 0 }
  for (const side of ['service', 'bare'] as const) {
    const [hot] = await variants(app, locationId, 1, lastUnits)
    levelOf.set(hot!.variantId, hot!.levelId)
    const hotCarts: Cart[] = []
    for (let i = 0; i < contenders; i++) hotCarts.push(await cart(app, hot!.variantId, shippingOptionId))
    contention[side] = await run(contenders, hotCarts.map((c) => async () => side === 'service' ? await checkout(app, c) : await bareCheckout(pool, c, levelOf)))
  }
  const { rows } = await knex.raw('select coalesce(sum(greatest(0, reserved - on_hand)), 0)::int as n from inventory_levels') as { rows: Array<{ n: number }> }

  console.log(`checkout orders/s, ${buyers} concurrent buyers on distinct SKUs, ${perSide} orders per side (PostgreSQL, pool 10 each)`)
  for (let round = 0; round < rounds; round++) {
    console.log(`  round ${round + 1}: comptoir (HTTP inject, manual provider) ${rates.service[round]!.toFixed(0).padStart(6)}/s   bare pg ${rates.bare[round]!.toFixed(0).padStart(6)}/s   ratio ${ratios[round]!.toFixed(2)}`)
  }
  const sorted = [...ratios].sort((a, b) => a - b)
  console.log(`  ratio over ${rounds} rounds: min ${sorted[0]!.toFixed(2)}  median ${sorted[Math.floor(rounds / 2)]!.toFixed(2)}  max ${sorted[rounds - 1]!.toFixed(2)} (goal: median >= 0.5)`)
  console.log(`  contention: ${contenders} buyers, ${lastUnits} units -> comptoir ${contention.service} orders, bare ${contention.bare} orders (must be ${lastUnits}); oversold units: ${rows[0]?.n ?? 0}`)
  await pool.end()
  for (const fn of teardowns.reverse()) await fn()
  if (contention.service !== lastUnits || (rows[0]?.n ?? 0) !== 0) process.exitCode = 1
}

await main()
