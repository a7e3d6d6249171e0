// A load soak of mixed storefront traffic at a bounded rate on loopback: browse 70 %, search 15 %,
// cart 10 %, checkout 5 %. No error, API memory within 20 % of its post-warm-up size, p99 reported.
import { readFileSync } from 'node:fs'
import { call, must, type Reply } from '../harness/http.js'
import { sleep } from '../harness/services.js'
import { percentile, type Scenario } from '../harness/scenario.js'
import { checkout, openShop, readyCart, stockedVariant } from '../harness/shop.js'
import { pick, seededRandom } from '../harness/values.js'

const seconds = Number(process.env.RELIABILITY_SOAK_SECONDS ?? 300)
const ratePerSecond = Number(process.env.RELIABILITY_SOAK_RATE ?? 25)
const words = ['mug', 'shirt', 'blue', 'coffee', 'organic', 'linen', 'wool', 'tea', 'bag', 'lamp']

function rssOf (pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid ?? 0}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024
}

export const soak: Scenario = {
  name: `load soak: ${seconds} s of mixed traffic at ${ratePerSecond} requests/s`,
  async run (stack, check) {
    const shop = await openShop(stack.apis)
    const { variantId } = await stockedVariant(shop, 1_000_000)
    const handles = (must(await call(stack.apis[0] as string, 'GET', '/store/products?limit=50'), 'products').body.items as Array<{ handle: string }>).map((p) => p.handle)
    const random = seededRandom(1)
    const latencies: Record<string, number[]> = { browse: [], search: [], cart: [], checkout: [] }
    const errors: string[] = []
    const ok = (kind: string, reply: Reply, ...statuses: number[]): void => {
      latencies[kind]?.push(reply.ms)
      if (!statuses.includes(reply.status)) errors.push(`${kind}: ${reply.status} ${reply.text.slice(0, 160)}`)
    }
    const one = async (i: number): Promise<void> => {
      const api = stack.apis[i % 2] as string
      const r = random()
      if (r < 0.70) {
        if (random() < 0.5) ok('browse', await call(api, 'GET', `/store/products?limit=20&currency=EUR${random() < 0.3 ? '&sort=price-asc' : ''}`), 200)
        else ok('browse', await call(api, 'GET', `/store/products/${pick(random, handles)}?currency=EUR`), 200)
      } else if (r < 0.85) {
        ok('search', await call(api, 'GET', `/store/search?q=${pick(random, words)}&limit=20`), 200)
      } else if (r < 0.95) {
        const cart = await call(api, 'POST', '/store/carts', { json: { currency: 'EUR' } })
        ok('cart', cart, 201)
        if (cart.status === 201) ok('cart', await call(api, 'POST', `/store/carts/${cart.body.cart.id as string}/lines`, { headers: { 'x-cart-token': cart.body.cartToken }, json: { variantId, quantity: 1 } }), 200)
      } else {
        const started = performance.now()
        const reply = await checkout(await readyCart(api, variantId))
        ok('checkout', { ...reply, ms: performance.now() - started }, 201)
      }
    }
    const pids = stack.servers.map((s) => s.child.pid)
    const samples: number[][] = []
    const warmUpMs = Math.min(60_000, seconds * 200)
    const startedAt = Date.now()
    let baseline: number[] | null = null
    const inFlight = new Set<Promise<void>>()
    let i = 0
    // Open loop at a fixed rate: a request starts every 1/rate s, whatever the previous ones do.
    while (Date.now() - startedAt < seconds * 1000) {
      const p = one(i++).catch((error: unknown) => { errors.push(String(error)) }).finally(() => { inFlight.delete(p) })
      inFlight.add(p)
      if (i % (ratePerSecond * 5) === 0) {
        const rss = pids.map((pid) => rssOf(pid))
        samples.push(rss)
        if (baseline == null && Date.now() - startedAt >= warmUpMs) baseline = rss
      }
      await sleep(1000 / ratePerSecond)
    }
    await Promise.all([...inFlight])
    const end = pids.map((pid) => rssOf(pid))
    const all = Object.values(latencies).flat()
    check.figure('requests', `${all.length} in ${Math.round((Date.now() - startedAt) / 1000)} s; errors ${errors.length}`)
    for (const [kind, values] of Object.entries(latencies)) check.figure(kind, `${values.length} ops, p50 ${Math.round(percentile(values, 50))} ms, p99 ${Math.round(percentile(values, 99))} ms`)
    check.figure('p99 overall', `${Math.round(percentile(all, 99))} ms`)
    const mb = (n: number): string => `${Math.round(n / 1024 / 1024)} MB`
    check.figure('API memory (RSS)', `after warm-up ${(baseline ?? end).map(mb).join(' / ')}, at the end ${end.map(mb).join(' / ')}`)
    check.equal(errors.slice(0, 5), [], 'no error under the soak')
    const growth = end.map((e, k) => e / ((baseline ?? end)[k] as number))
    check.ok(growth.every((g) => g <= 1.2), `API memory grew at most 20 % after warm-up (${growth.map((g) => `${Math.round((g - 1) * 100)} %`).join(' / ')})`)
  },
}
