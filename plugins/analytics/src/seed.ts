import { randomUUID } from 'node:crypto'
import type { Ctx, PluginManifest } from '@comptoir/core'

type SeedApp = Parameters<NonNullable<PluginManifest['seed']>>[1]

const days = 28
const terms = ['mug', 'teapot', 'espresso cup', 'gift set', 'cafetiere', 'blue mug', 'oolong']
const zeroResult = ['samovar', 'moka pot']
const campaigns = [
  { utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'winter-sale' },
  { utm_source: 'newsletter', utm_medium: 'email', utm_campaign: 'december' },
  { utm_source: 'instagram', utm_medium: 'social', utm_campaign: 'gift-guide' },
  { referrer: 'https://blog.example.org/best-mugs' },
]

/** A small seeded generator (mulberry32): the same demo every time, and no module state. */
function random (seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6D2B79F5) | 0
    let x = Math.imul(a ^ (a >>> 15), 1 | a)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Four weeks of storefront activity over the demo catalog (sessions, searches with some that find
 * nothing, campaign landings, carts, checkouts) and the orders they led to, then the rollups, so
 * the dashboard is not empty on first start. Demo orders live only in analytics' projection:
 * the orders plugin does not list them.
 */
export async function seedAnalytics (ctx: Ctx, app: SeedApp): Promise<void> {
  const { catalog, analyticsPartitions, analyticsRollups } = app.services
  if (await ctx.db('analytics_orders').first('order_id') != null) return // seeded already
  const summaries = (await catalog.list(ctx, { limit: 12, status: 'published' })).items
  if (summaries.length === 0) return
  const products = []
  for (const s of summaries) {
    const product = await catalog.get(ctx, s.id)
    products.push({ id: product.id, categoryIds: product.categoryIds, amount: product.variants[0]?.prices.find((p) => p.currency === 'EUR')?.amount ?? 2500 })
  }
  const next = random(18)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!
  const now = Date.now()
  await analyticsPartitions.ensure(ctx, new Date(now - days * 86_400_000))
  const events: Array<Record<string, unknown>> = []
  const orders: Array<Record<string, unknown>> = []
  const lines: Array<Record<string, unknown>> = []
  for (let d = days; d >= 0; d--) {
    const sessions = 30 + Math.floor(next() * 20) + (d < 7 ? 10 : 0)
    for (let s = 0; s < sessions; s++) {
      const session = `demo-${randomUUID()}`
      let at = now - d * 86_400_000 - Math.floor(next() * 20 * 3_600_000)
      if (at > now) at = now - 60_000
      const add = (row: Record<string, unknown>): void => { at += 20_000 + Math.floor(next() * 90_000); events.push({ event_id: randomUUID(), session_id: session, occurred_at: new Date(Math.min(at, now)), ...row }) }
      if (next() < 0.35) add({ type: 'campaign_landing', path: '/', ...pick(campaigns) })
      add({ type: 'page_view', path: '/' })
      if (next() < 0.5) {
        const zero = next() < 0.15
        const query = zero ? pick(zeroResult) : pick(terms)
        add({ type: 'search', search_query: query, result_count: zero ? 0 : 1 + Math.floor(next() * 12) })
        if (!zero && next() < 0.6) add({ type: 'product_view', product_id: pick(products).id, search_query: query })
      }
      const product = pick(products)
      if (next() < 0.7) add({ type: 'product_view', product_id: product.id, path: `/products/${product.id}` })
      if (next() > 0.35) continue
      const quantity = 1 + Math.floor(next() * 3)
      add({ type: 'add_to_cart', product_id: product.id, quantity })
      if (next() > 0.55) continue
      add({ type: 'checkout_started' })
      if (next() > 0.6) continue
      const orderId = randomUUID()
      add({ type: 'checkout_completed', order_id: orderId })
      const total = product.amount * quantity + 590
      orders.push({ order_id: orderId, currency: 'EUR', total_amount: total, placed_at: new Date(Math.min(at, now)) })
      lines.push({ order_id: orderId, product_id: product.id, category_ids: product.categoryIds, quantity, total_amount: product.amount * quantity })
    }
  }
  for (let i = 0; i < events.length; i += 1000) await ctx.db('analytics_events').insert(events.slice(i, i + 1000))
  if (orders.length > 0) {
    await ctx.db('analytics_orders').insert(orders)
    await ctx.db('analytics_order_lines').insert(lines)
    // One refund in three weeks, as a real store would have.
    const refunded = orders[Math.floor(orders.length / 2)]!
    await ctx.db('analytics_refunds').insert({ refund_id: randomUUID(), order_id: refunded.order_id, amount: 590, currency: 'EUR', refunded_at: refunded.placed_at })
  }
  const day = (offset: number): string => new Date(now + offset * 86_400_000).toISOString().slice(0, 10)
  await analyticsRollups.compute(ctx, { from: day(-days - 1), to: day(1) })
}
