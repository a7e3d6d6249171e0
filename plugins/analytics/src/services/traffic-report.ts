import type { Ctx } from '@comptoir/core'
import type { TopQuery, TrafficReport } from '../schemas/reports.js'
import { daysOf, periods } from './reports.js'
import { latencyBounds } from './traffic.js'

interface Row { day: string, method: string, route: string, status_class: number, requests: string | number, total_ms: number, max_ms: number, histogram: Array<string | number> }
type Figures = TrafficReport['totals']

/** Sums counters and histograms; percentiles are bucket upper bounds (the maximum past the last bound). */
function figuresOf (rows: Row[]): Figures {
  let requests = 0; let clientErrors = 0; let serverErrors = 0; let totalMs = 0; let maxMs = 0
  const histogram = new Array<number>(latencyBounds.length + 1).fill(0)
  for (const r of rows) {
    const n = Number(r.requests)
    requests += n
    if (r.status_class === 4) clientErrors += n
    if (r.status_class === 5) serverErrors += n
    totalMs += Number(r.total_ms)
    maxMs = Math.max(maxMs, Number(r.max_ms))
    r.histogram.forEach((count, i) => { histogram[i]! += Number(count) })
  }
  const percentile = (q: number): number => {
    if (requests === 0) return 0
    let seen = 0
    for (let i = 0; i < histogram.length; i++) {
      seen += histogram[i]!
      if (seen >= q * requests) return Math.min(latencyBounds[i] ?? maxMs, maxMs)
    }
    return maxMs
  }
  const round = (ms: number): number => Math.round(ms * 100) / 100
  return { requests, clientErrors, serverErrors, averageMs: requests > 0 ? round(totalMs / requests) : 0, p50Ms: round(percentile(0.5)), p95Ms: round(percentile(0.95)), p99Ms: round(percentile(0.99)), maxMs: round(maxMs) }
}

/** Server traffic for a period from analytics_daily_traffic: totals, a daily series, the busiest routes. */
export async function trafficReport (ctx: Ctx, query: TopQuery): Promise<TrafficReport> {
  const { period } = periods(query)
  const rows = await ctx.db('analytics_daily_traffic').whereBetween('day', [period.from, period.to])
    .select(ctx.db.raw("to_char(day, 'YYYY-MM-DD') as day"), 'method', 'route', 'status_class', 'requests', 'total_ms', 'max_ms', 'histogram') as Row[]
  const byRoute = new Map<string, Row[]>()
  for (const r of rows) byRoute.set(`${r.method} ${r.route}`, [...(byRoute.get(`${r.method} ${r.route}`) ?? []), r])
  const routes = [...byRoute.values()].map((of) => ({ method: of[0]!.method, route: of[0]!.route, ...figuresOf(of) }))
    .sort((a, b) => b.requests - a.requests || a.route.localeCompare(b.route) || a.method.localeCompare(b.method))
  return {
    period,
    totals: figuresOf(rows),
    series: daysOf(period).map((day) => {
      const f = figuresOf(rows.filter((r) => r.day === day))
      return { day, requests: f.requests, clientErrors: f.clientErrors, serverErrors: f.serverErrors }
    }),
    routes: routes.slice(0, query.limit ?? 10),
  }
}
