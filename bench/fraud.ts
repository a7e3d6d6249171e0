/**
 * bench/fraud: checkout throughput and latency with and without fraud scoring, in the same run.
 * Two stores on PostgreSQL (COMPTOIR_TEST_DATABASE_URL or the local `test` database): catalog,
 * customers, inventory, orders (manual provider); the second adds @comptoir/plugin-fraud with its
 * default rules. Carts are prepared beforehand (not timed); each checkout is a distinct buyer
 * (email, IP, device id), `--buyers` in flight, `--orders` per side per round, sides alternated
 * over `--rounds` rounds. Prints req/s, p50, p99 and SQL statements per checkout per side and
 * round, and the overhead.
 *
 *   node --conditions=comptoir-source --import tsx bench/fraud.ts [--orders 300] [--buyers 20] [--rounds 3]
 */
import { parseArgs } from 'node:util'
import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { systemActor, type PluginManifest } from '@comptoir/core'
import { createTestDatabases } from '@comptoir/core/testing'
import catalog from '@comptoir/plugin-catalog'
import customers from '@comptoir/plugin-customers'
import fraud from '@comptoir/plugin-fraud'
import inventory from '@comptoir/plugin-inventory'
import orders from '@comptoir/plugin-orders'

const { values } = parseArgs({ options: { orders: { type: 'string', default: '300' }, buyers: { type: 'string', default: '20' }, rounds: { type: 'string', default: '3' } } })
const perRound = Number(values.orders)
const buyers = Number(values.buyers)
const rounds = Math.max(1, Number(values.rounds))

const teardowns: Array<() => unknown> = []
const dbs = createTestDatabases({ teardown: (fn) => { teardowns.push(fn) } })
const address = { firstName: 'Ada', lastName: 'Lovelace', line1: '1 rue de la Paix', city: 'Paris', postalCode: '75002', country: 'FR' }

interface Store { name: string, app: FastifyInstance, variantIds: string[], shippingOptionId: string }
interface Cart { cartId: string, token: string, ip: string, deviceId: string }

async function openStore (name: string, plugins: Array<[PluginManifest, Record<string, unknown>]>): Promise<Store> {
  const app = await dbs.app({ teardown: (fn) => { teardowns.push(fn) } }, 'postgres', { plugins, http: { rateLimit: { max: 100_000_000 } } }, { runJobs: false })
  const ctx = app.comptoir.systemCtx(systemActor)
  const { secret } = await app.services.auth.createApiKey(ctx, { name: 'bench', roles: ['owner'] })
  const admin = { authorization: `Bearer ${secret}` }
  const locationId = (await app.services.inventoryLocations.create(ctx, { name: 'Bench', priority: 1 })).id
  const zone = await app.inject({ method: 'POST', url: '/admin/shipping-zones', headers: admin, payload: { name: 'France', countries: ['FR'] } })
  const option = await app.inject({ method: 'POST', url: '/admin/shipping-options', headers: admin, payload: { zoneId: zone.json().id, name: 'Colissimo', currency: 'EUR', rateType: 'flat', flatAmount: 500 } })
  const variantIds: string[] = []
  for (let i = 0; i < buyers; i++) {
    const product = await app.services.catalog.create(ctx, {
      title: `Bench mug ${i}`, handle: `bench-mug-${i}`, status: 'published', options: [{ name: 'Size', values: ['M'] }],
      variants: [{ sku: `BENCH-${i}`, options: { Size: 'M' }, prices: [{ currency: 'EUR', amount: 1500 }] }],
    })
    const variantId = product.variants[0]!.id
    const { level } = await app.services.inventoryLevels.create(ctx, { variantId, locationId })
    await app.services.inventoryLevels.receive(ctx, level.id, { quantity: Math.ceil(perRound * rounds / buyers) + 1 })
    variantIds.push(variantId)
  }
  return { name, app, variantIds, shippingOptionId: option.json().id as string }
}

async function prepareCart (store: Store, i: number): Promise<Cart> {
  const { app } = store
  const created = await app.inject({ method: 'POST', url: '/store/carts', payload: { currency: 'EUR', email: `buyer-${randomUUID()}@example.com` } })
  const { cart, cartToken } = created.json() as { cart: { id: string }, cartToken: string }
  const headers = { 'x-cart-token': cartToken }
  await app.inject({ method: 'POST', url: `/store/carts/${cart.id}/lines`, headers, payload: { variantId: store.variantIds[i % buyers], quantity: 1 } })
  await app.inject({ method: 'PATCH', url: `/store/carts/${cart.id}`, headers, payload: { shippingAddress: address } })
  const chosen = await app.inject({ method: 'PUT', url: `/store/carts/${cart.id}/shipping-option`, headers, payload: { shippingOptionId: store.shippingOptionId } })
  if (chosen.statusCode !== 200) throw new Error(`cart setup: ${chosen.body}`)
  const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`
  return { cartId: cart.id, token: cartToken, ip, deviceId: randomUUID() }
}

/** Checks out `carts` with `buyers` in flight; answers req/s and latency percentiles (ms). */
async function runSide (store: Store, carts: Cart[]): Promise<{ rate: number, p50: number, p99: number, queries: number }> {
  const latencies: number[] = []
  // SQL statements per checkout: the one figure machine load cannot move.
  let queries = 0
  const count = (): void => { queries++ }
  const knex = store.app.comptoir.database.knex
  knex.on('query', count)
  let next = 0
  const started = performance.now()
  await Promise.all(Array.from({ length: buyers }, async () => {
    while (next < carts.length) {
      const c = carts[next++]!
      const t0 = performance.now()
      const res = await store.app.inject({
        method: 'POST', url: `/store/carts/${c.cartId}/complete`, remoteAddress: c.ip,
        headers: { 'x-cart-token': c.token, 'idempotency-key': randomUUID(), 'x-device-id': c.deviceId }, payload: { payment: { provider: 'manual' } },
      })
      latencies.push(performance.now() - t0)
      if (res.statusCode !== 201) throw new Error(`${store.name} checkout: ${res.statusCode} ${res.body}`)
    }
  }))
  const seconds = (performance.now() - started) / 1000
  knex.off('query', count)
  latencies.sort((a, b) => a - b)
  const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!
  return { rate: carts.length / seconds, p50: at(0.5), p99: at(0.99), queries: queries / carts.length }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const fmt = (r: { rate: number, p50: number, p99: number, queries?: number }): string => `${r.rate.toFixed(1).padStart(7)} req/s  p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms${r.queries == null ? '' : `  ${r.queries.toFixed(1)} SQL/checkout`}`

async function main (): Promise<void> {
  const base: Array<[PluginManifest, Record<string, unknown>]> = [[catalog, {}], [customers, {}], [inventory, {}], [orders, {}]]
  const plain = await openStore('without fraud', base)
  const scored = await openStore('with fraud', [...base, [fraud, { hashSecret: 'bench-secret-key' }]])
  console.log(`bench/fraud: ${perRound} checkouts per side per round, ${buyers} in flight, ${rounds} rounds (PostgreSQL)`)
  const results: Record<string, Array<{ rate: number, p50: number, p99: number, queries: number }>> = { plain: [], scored: [] }
  let seq = 0
  for (let round = 1; round <= rounds; round++) {
    // The two sides in turn, the order swapped each round so neither always runs on a warmer machine.
    const sides = round % 2 === 1 ? [['plain', plain], ['scored', scored]] as const : [['scored', scored], ['plain', plain]] as const
    for (const [key, store] of sides) {
      const carts: Cart[] = []
      for (let i = 0; i < perRound; i++) carts.push(await prepareCart(store, seq++))
      const r = await runSide(store, carts)
      results[key]!.push(r)
      console.log(`round ${round}  ${store.name.padEnd(14)} ${fmt(r)}`)
    }
  }
  const summary = (key: string) => ({ rate: median(results[key]!.map((r) => r.rate)), p50: median(results[key]!.map((r) => r.p50)), p99: median(results[key]!.map((r) => r.p99)), queries: median(results[key]!.map((r) => r.queries)) })
  const a = summary('plain')
  const b = summary('scored')
  console.log(`median         without fraud  ${fmt(a)}`)
  console.log(`median         with fraud     ${fmt(b)}`)
  const overhead = (1 - b.rate / a.rate) * 100
  console.log(`throughput ratio with/without ${(b.rate / a.rate).toFixed(3)}  (overhead ${overhead.toFixed(1)} %, goal < 15 %)  p50 +${(b.p50 - a.p50).toFixed(1)} ms  p99 +${(b.p99 - a.p99).toFixed(1)} ms`)
  const held = await scored.app.comptoir.database.knex('fraud_assessments').count({ n: '*' }).first() as { n: string }
  console.log(`fraud assessments written: ${held.n}`)
}

main().then(async () => { for (const fn of teardowns.reverse()) await fn() }, async (error: unknown) => {
  console.error(error)
  for (const fn of teardowns.reverse()) await fn()
  process.exitCode = 1
})
