import type { Cradle, Ctx, PluginScope } from '@comptoir/core'
import type { AnalyticsConfig } from '../config.js'
import { InvalidRangeError } from '../errors.js'
import { trafficReport } from './traffic-report.js'
import type {
  CampaignQuery, CampaignReport, FunnelReport, FunnelSteps, ProductsReport, ReportQuery, SalesReport, SalesTotals, SearchReport, TopQuery,
} from '../schemas/reports.js'

const dayMs = 86_400_000
const maxDays = 366
const toDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10)
const n = (value: unknown): number => Number(value ?? 0)
const rate = (part: number, whole: number): number => whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : 0

/** The period asked for (validated) and the one of the same length just before it. */
export function periods (query: ReportQuery): { period: { from: string, to: string }, previous: { from: string, to: string } } {
  const from = Date.parse(`${query.from}T00:00:00Z`)
  const to = Date.parse(`${query.to}T00:00:00Z`)
  if (!Number.isFinite(from) || !Number.isFinite(to)) throw new InvalidRangeError('from and to must be calendar days', query.from, query.to)
  if (to < from) throw new InvalidRangeError('to is before from', query.from, query.to)
  const days = (to - from) / dayMs + 1
  if (days > maxDays) throw new InvalidRangeError(`A report spans at most ${maxDays} days`, query.from, query.to)
  return { period: { from: toDay(from), to: toDay(to) }, previous: { from: toDay(from - days * dayMs), to: toDay(from - dayMs) } }
}

export function daysOf (range: { from: string, to: string }): string[] {
  const days: string[] = []
  for (let at = Date.parse(`${range.from}T00:00:00Z`); at <= Date.parse(`${range.to}T00:00:00Z`); at += dayMs) days.push(toDay(at))
  return days
}

function totals (orders: number, gross: number, refunded: number): SalesTotals {
  return { orders, grossAmount: gross, refundedAmount: refunded, netAmount: gross - refunded, averageOrderAmount: orders > 0 ? Math.round(gross / orders) : 0 }
}

/** The admin reports: every figure read from the daily rollups, never from raw events. */
export function createReportService (_cradle: Cradle, { config }: PluginScope<AnalyticsConfig>) {
  const dayText = "to_char(day, 'YYYY-MM-DD')"

  async function funnelOf (ctx: Ctx, range: { from: string, to: string }): Promise<FunnelSteps> {
    const row = await ctx.db('analytics_daily_funnel').whereBetween('day', [range.from, range.to])
      .first(ctx.db.raw('sum(sessions) as sessions, sum(product_views) as product_views, sum(add_to_carts) as add_to_carts, sum(checkouts) as checkouts, sum(purchases) as purchases')) as Record<string, unknown> | undefined
    const sessions = n(row?.sessions)
    const purchases = n(row?.purchases)
    return { sessions, productViews: n(row?.product_views), addToCarts: n(row?.add_to_carts), checkouts: n(row?.checkouts), purchases, conversionRate: rate(purchases, sessions) }
  }

  return {
    /** Revenue, orders, AOV, refunds and net per currency against the previous period, a daily series and channels. */
    async sales (ctx: Ctx, query: ReportQuery): Promise<SalesReport> {
      const { period, previous } = periods(query)
      const rows = await ctx.db('analytics_daily_sales').whereBetween('day', [previous.from, period.to])
        .select(ctx.db.raw(`${dayText} as day`), 'currency', 'channel', 'orders', 'gross_amount', 'refunded_amount') as Array<{ day: string, currency: string, channel: string, orders: number, gross_amount: string, refunded_amount: string }>
      const currencies = [...new Set(rows.map((r) => r.currency))].sort()
      const sum = (currency: string, range: { from: string, to: string }): SalesTotals => {
        const of = rows.filter((r) => r.currency === currency && r.day >= range.from && r.day <= range.to)
        return totals(of.reduce((s, r) => s + n(r.orders), 0), of.reduce((s, r) => s + n(r.gross_amount), 0), of.reduce((s, r) => s + n(r.refunded_amount), 0))
      }
      const current = rows.filter((r) => r.day >= period.from)
      const series = daysOf(period).flatMap((day) => currencies.map((currency) => {
        const of = current.filter((r) => r.day === day && r.currency === currency)
        const gross = of.reduce((s, r) => s + n(r.gross_amount), 0)
        const refunded = of.reduce((s, r) => s + n(r.refunded_amount), 0)
        return { day, currency, orders: of.reduce((s, r) => s + n(r.orders), 0), grossAmount: gross, refundedAmount: refunded, netAmount: gross - refunded }
      }))
      const channels = new Map<string, { channel: string, currency: string, orders: number, grossAmount: number }>()
      for (const r of current) {
        const key = `${r.channel}\u0001${r.currency}`
        const entry = channels.get(key) ?? { channel: r.channel, currency: r.currency, orders: 0, grossAmount: 0 }
        entry.orders += n(r.orders)
        entry.grossAmount += n(r.gross_amount)
        channels.set(key, entry)
      }
      return {
        timeZone: config.timeZone, period, previous,
        currencies: currencies.map((currency) => ({ currency, current: sum(currency, period), previous: sum(currency, previous) })),
        series,
        channels: [...channels.values()].filter((c) => c.orders > 0).sort((a, b) => b.grossAmount - a.grossAmount || a.channel.localeCompare(b.channel)),
      }
    },

    /** Best-selling products (with views and view-to-order conversion) and categories. */
    async products (ctx: Ctx, query: TopQuery): Promise<ProductsReport> {
      const { period } = periods(query)
      const limit = query.limit ?? 10
      const products = await ctx.db('analytics_daily_products').whereBetween('day', [period.from, period.to]).groupBy('product_id')
        .select('product_id', ctx.db.raw('sum(views) as views, sum(viewing_sessions) as viewing_sessions, sum(add_to_carts) as add_to_carts, sum(orders) as orders, sum(units) as units'))
        .orderByRaw('sum(units) desc, sum(views) desc, product_id').limit(limit) as Array<Record<string, unknown> & { product_id: string }>
      const categories = await ctx.db('analytics_daily_category_sales').whereBetween('day', [period.from, period.to]).groupBy('category_id', 'currency')
        .select('category_id', 'currency', ctx.db.raw('sum(orders) as orders, sum(units) as units, sum(revenue_amount) as revenue_amount'))
        .orderByRaw('sum(revenue_amount) desc, currency, category_id').limit(limit) as Array<Record<string, unknown> & { category_id: string | null, currency: string }>
      return {
        period,
        products: products.map((r) => ({
          productId: r.product_id, views: n(r.views), viewingSessions: n(r.viewing_sessions), addToCarts: n(r.add_to_carts), orders: n(r.orders), units: n(r.units),
          conversionRate: rate(n(r.orders), n(r.viewing_sessions)),
        })),
        categories: categories.map((r) => ({ categoryId: r.category_id, currency: r.currency, orders: n(r.orders), units: n(r.units), revenueAmount: n(r.revenue_amount) })),
      }
    },

    /** Sessions at each step (counted per day), against the previous period. */
    async funnel (ctx: Ctx, query: ReportQuery): Promise<FunnelReport> {
      const { period, previous } = periods(query)
      return { period, previous, current: await funnelOf(ctx, period), previousSteps: await funnelOf(ctx, previous) }
    },

    /** Top search terms with click-through, and the terms that found nothing. */
    async searches (ctx: Ctx, query: TopQuery): Promise<SearchReport> {
      const { period } = periods(query)
      const limit = query.limit ?? 10
      const base = (): ReturnType<Ctx['db']> => ctx.db('analytics_daily_searches').whereBetween('day', [period.from, period.to]).groupBy('query')
      const top = await base().select('query', ctx.db.raw('sum(searches) as searches, sum(sessions) as sessions, sum(zero_result_searches) as zero, sum(clicks) as clicks'))
        .orderByRaw('sum(searches) desc, query').limit(limit) as Array<Record<string, unknown> & { query: string }>
      const zero = await base().select('query', ctx.db.raw('sum(zero_result_searches) as zero')).havingRaw('sum(zero_result_searches) > 0')
        .orderByRaw('sum(zero_result_searches) desc, query').limit(limit) as Array<Record<string, unknown> & { query: string }>
      return {
        period,
        top: top.map((r) => ({ query: r.query, searches: n(r.searches), sessions: n(r.sessions), zeroResultSearches: n(r.zero), clicks: n(r.clicks), clickThroughRate: rate(n(r.clicks), n(r.searches)) })),
        zeroResult: zero.map((r) => ({ query: r.query, searches: n(r.zero) })),
      }
    },

    /** Server traffic: requests, 4xx, 5xx and latency per day and per route pattern (from the kernel's response observers). */
    traffic: trafficReport,

    /** Landing sessions, orders and revenue per campaign, credited to the first or last touch. */
    async campaigns (ctx: Ctx, query: CampaignQuery): Promise<CampaignReport> {
      const { period } = periods(query)
      const model = query.model ?? 'last'
      const sessions = await ctx.db('analytics_daily_campaign_sessions').whereBetween('day', [period.from, period.to]).groupBy('source', 'medium', 'campaign')
        .select('source', 'medium', 'campaign', ctx.db.raw('sum(sessions) as sessions')) as Array<{ source: string, medium: string, campaign: string, sessions: string }>
      const orders = await ctx.db('analytics_daily_campaign_orders').whereBetween('day', [period.from, period.to]).where({ model }).groupBy('source', 'medium', 'campaign', 'currency')
        .select('source', 'medium', 'campaign', 'currency', ctx.db.raw('sum(orders) as orders, sum(revenue_amount) as revenue')) as Array<{ source: string, medium: string, campaign: string, currency: string, orders: string, revenue: string }>
      const items = new Map<string, CampaignReport['items'][number]>()
      const entry = (source: string, medium: string, campaign: string): CampaignReport['items'][number] => {
        const key = [source, medium, campaign].join('\u0001')
        let item = items.get(key)
        if (item == null) { item = { source, medium, campaign, sessions: 0, orders: 0, revenue: [], conversionRate: 0 }; items.set(key, item) }
        return item
      }
      for (const r of sessions) entry(r.source, r.medium, r.campaign).sessions += n(r.sessions)
      for (const r of orders) {
        const item = entry(r.source, r.medium, r.campaign)
        item.orders += n(r.orders)
        item.revenue.push({ currency: r.currency, amount: n(r.revenue) })
      }
      const list = [...items.values()].map((item) => ({ ...item, revenue: item.revenue.sort((a, b) => a.currency.localeCompare(b.currency)), conversionRate: rate(item.orders, item.sessions) }))
        .sort((a, b) => b.orders - a.orders || b.sessions - a.sessions || `${a.source}${a.medium}${a.campaign}`.localeCompare(`${b.source}${b.medium}${b.campaign}`))
      return { period, model, items: list.slice(0, query.limit ?? 10) }
    },
  }
}

export type ReportService = ReturnType<typeof createReportService>
