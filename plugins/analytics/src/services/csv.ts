import { Readable } from 'node:stream'
import { csvCell } from '@comptoir/core'
import type { CampaignReport, FunnelReport, ProductsReport, SalesReport, SearchReport, TrafficReport } from '../schemas/reports.js'


/** A CSV stream: the header, then the rows in chunks (never one string of the whole report). */
export function csvStream (header: string[], rows: unknown[][]): Readable {
  function * lines (): Generator<string> {
    yield `${header.join(',')}\n`
    for (let i = 0; i < rows.length; i += 500) yield rows.slice(i, i + 500).map((r) => r.map(csvCell).join(',')).join('\n') + '\n'
  }
  return Readable.from(lines())
}

/** Each report as CSV rows: one row per day and currency, product, category, step, term or campaign. */
export const csvOf = {
  sales: (r: SalesReport) => csvStream(['day', 'currency', 'orders', 'gross_amount', 'refunded_amount', 'net_amount'],
    r.series.map((s) => [s.day, s.currency, s.orders, s.grossAmount, s.refundedAmount, s.netAmount])),
  products: (r: ProductsReport) => csvStream(['product_id', 'views', 'viewing_sessions', 'add_to_carts', 'orders', 'units', 'conversion_rate'],
    r.products.map((p) => [p.productId, p.views, p.viewingSessions, p.addToCarts, p.orders, p.units, p.conversionRate])),
  funnel: (r: FunnelReport) => csvStream(['step', 'sessions', 'previous_sessions'],
    (['sessions', 'productViews', 'addToCarts', 'checkouts', 'purchases'] as const).map((step) => [step, r.current[step], r.previousSteps[step]])),
  searches: (r: SearchReport) => csvStream(['query', 'searches', 'sessions', 'zero_result_searches', 'clicks', 'click_through_rate'],
    r.top.map((s) => [s.query, s.searches, s.sessions, s.zeroResultSearches, s.clicks, s.clickThroughRate])),
  campaigns: (r: CampaignReport) => csvStream(['model', 'source', 'medium', 'campaign', 'sessions', 'orders', 'currency', 'revenue_amount', 'conversion_rate'],
    r.items.flatMap((c) => (c.revenue.length > 0 ? c.revenue : [{ currency: '', amount: 0 }])
      .map((m) => [r.model, c.source, c.medium, c.campaign, c.sessions, c.orders, m.currency, m.amount, c.conversionRate]))),
  traffic: (r: TrafficReport) => csvStream(['method', 'route', 'requests', 'client_errors', 'server_errors', 'average_ms', 'p50_ms', 'p95_ms', 'p99_ms', 'max_ms'],
    r.routes.map((t) => [t.method, t.route, t.requests, t.clientErrors, t.serverErrors, t.averageMs, t.p50Ms, t.p95Ms, t.p99Ms, t.maxMs])),
}
