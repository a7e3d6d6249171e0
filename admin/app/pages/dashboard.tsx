// Sales for a period against the previous one (analytics' report when installed, else the orders
// list summed here), orders waiting to be fulfilled, low stock, and plugins' dashboard widgets.
import { useState } from 'react'
import { Link } from 'react-router'
import { api } from '../api/client.js'
import { unwrap } from '../api/problem.js'
import { useWorkspace } from '../extensions/context.js'
import { WidgetSlot } from '../extensions/widgets.js'
import { BarChart, type ChartPoint } from '../ui/charts.js'
import { DataTable, Loading, Money, PageHeader, ProblemAlert, Section, SelectField, Status } from '../ui/components.js'
import { formatMoney } from '../ui/format.js'
import { useLoad } from '../ui/use-load.js'

interface CurrencySales { currency: string, current: { orders: number, netAmount: number }, previous: { orders: number, netAmount: number }, days: ChartPoint[] }

const day = (d: Date) => d.toISOString().slice(0, 10)
function periodOf (days: number) {
  const to = new Date()
  const from = new Date(to.getTime() - (days - 1) * 86_400_000)
  const prevTo = new Date(from.getTime() - 86_400_000)
  const prevFrom = new Date(prevTo.getTime() - (days - 1) * 86_400_000)
  return { from: day(from), to: day(to), prevFrom: day(prevFrom), prevTo: day(prevTo), days }
}
function daysBetween (from: string, days: number): string[] {
  const start = new Date(`${from}T00:00:00Z`).getTime()
  return Array.from({ length: days }, (_, i) => day(new Date(start + i * 86_400_000)))
}

async function salesFromAnalytics (period: ReturnType<typeof periodOf>): Promise<CurrencySales[]> {
  const report = unwrap(await api.GET('/admin/analytics/sales', { params: { query: { from: period.from, to: period.to } } }))
  const previous = unwrap(await api.GET('/admin/analytics/sales', { params: { query: { from: report.previous.from, to: report.previous.to } } }))
  return report.currencies.map((c) => {
    const current = new Map(report.series.filter((s) => s.currency === c.currency).map((s) => [s.day, s.netAmount]))
    const before = previous.series.filter((s) => s.currency === c.currency).map((s) => s.netAmount)
    const labels = daysBetween(report.period.from, period.days)
    return {
      currency: c.currency,
      current: { orders: c.current.orders, netAmount: c.current.netAmount },
      previous: { orders: c.previous.orders, netAmount: c.previous.netAmount },
      days: labels.map((label, i) => ({ label, value: current.get(label) ?? 0, previous: before[i] ?? 0 })),
    }
  })
}

/** Without analytics: the orders of both periods (up to 500 each), summed by currency and day. */
async function salesFromOrders (period: ReturnType<typeof periodOf>): Promise<CurrencySales[]> {
  const fetchAll = async (from: string, to: string) => {
    const items = []
    let cursor: string | undefined
    for (let i = 0; i < 5; i++) {
      const page = unwrap(await api.GET('/admin/orders', { params: { query: { createdFrom: `${from}T00:00:00.000Z`, createdTo: `${to}T23:59:59.999Z`, limit: 100, ...(cursor != null ? { cursor } : {}) } } }))
      items.push(...page.items.filter((o) => o.status !== 'cancelled'))
      if (page.nextCursor == null) break
      cursor = page.nextCursor
    }
    return items
  }
  const [current, previous] = await Promise.all([fetchAll(period.from, period.to), fetchAll(period.prevFrom, period.prevTo)])
  const currencies = [...new Set([...current, ...previous].map((o) => o.currency))]
  const labels = daysBetween(period.from, period.days)
  const prevLabels = daysBetween(period.prevFrom, period.days)
  return currencies.map((currency) => {
    const net = (o: (typeof current)[number]) => o.totals.total - o.totals.refunded
    const mine = current.filter((o) => o.currency === currency)
    const theirs = previous.filter((o) => o.currency === currency)
    return {
      currency,
      current: { orders: mine.length, netAmount: mine.reduce((s, o) => s + net(o), 0) },
      previous: { orders: theirs.length, netAmount: theirs.reduce((s, o) => s + net(o), 0) },
      days: labels.map((label, i) => ({
        label,
        value: mine.filter((o) => o.createdAt.startsWith(label)).reduce((s, o) => s + net(o), 0),
        previous: theirs.filter((o) => o.createdAt.startsWith(prevLabels[i]!)).reduce((s, o) => s + net(o), 0),
      })),
    }
  })
}

function change (now: number, before: number): string {
  if (before === 0) return now === 0 ? 'no change' : 'new'
  const pct = Math.round(((now - before) / before) * 100)
  return `${pct > 0 ? '+' : ''}${pct}% vs previous period`
}

function Sales () {
  const workspace = useWorkspace()
  const [days, setDays] = useState('28')
  const useAnalytics = workspace.has('analytics') && workspace.can('analytics:read')
  const { data, error, loading } = useLoad(async () => {
    const period = periodOf(Number(days))
    return useAnalytics ? await salesFromAnalytics(period) : await salesFromOrders(period)
  }, [days, useAnalytics])
  return (
    <Section title='Sales' actions={<SelectField label='Period' value={days} onChange={setDays} options={[{ value: '7', label: 'Last 7 days' }, { value: '28', label: 'Last 28 days' }, { value: '90', label: 'Last 90 days' }]} />}>
      <ProblemAlert problem={error} />
      {loading && data == null ? <Loading /> : data?.length === 0 ? <p>No sales in this period.</p> : data?.map((c) => (
        <div key={c.currency} className='sales'>
          <div className='stats'>
            <div className='stat'><span className='stat-label'>Net sales ({c.currency})</span><span className='stat-value'>{formatMoney(c.current.netAmount, c.currency)}</span><span>{change(c.current.netAmount, c.previous.netAmount)}</span></div>
            <div className='stat'><span className='stat-label'>Orders</span><span className='stat-value'>{c.current.orders}</span><span>{change(c.current.orders, c.previous.orders)}</span></div>
          </div>
          <BarChart title={`Net sales per day in ${c.currency}`} points={c.days} format={(n) => formatMoney(n, c.currency)} />
        </div>
      ))}
      {!useAnalytics && <p className='hint'>Summed from the orders list (install analytics for the full report).</p>}
    </Section>
  )
}

function ToFulfil () {
  const { data, error, loading } = useLoad(async () => {
    // Confirmed orders wait too: with capture at fulfilment, payment is only authorized until they ship.
    const pages = await Promise.all((['partially_fulfilled', 'paid', 'confirmed'] as const).map(async (status) =>
      unwrap(await api.GET('/admin/orders', { params: { query: { status, limit: 10 } } }))))
    return pages.flatMap((p) => p.items).slice(0, 15)
  }, [])
  return (
    <Section title='Orders to fulfil'>
      <ProblemAlert problem={error} />
      {loading ? <Loading /> : (
        <DataTable caption='Orders to fulfil' rows={data ?? []} rowKey={(o) => o.id} empty='Nothing waiting: every order is fulfilled.' columns={[
          { label: 'Order', render: (o) => <Link to={`/orders/${o.id}`}>{o.number}</Link> },
          { label: 'Status', render: (o) => <Status value={o.status} /> },
          { label: 'Total', render: (o) => <Money amount={o.totals.total} currency={o.currency} /> },
        ]} />
      )}
    </Section>
  )
}

function LowStock () {
  const { data, error, loading } = useLoad(async () => {
    const [levels, items, locations] = await Promise.all([
      api.GET('/admin/stock-levels', { params: { query: { limit: 100 } } }).then(unwrap),
      api.GET('/admin/inventory-items', { params: { query: { limit: 100 } } }).then(unwrap),
      api.GET('/admin/stock-locations', { params: { query: { limit: 100 } } }).then(unwrap),
    ])
    const skus = new Map(items.items.map((i) => [i.variantId, i.sku]))
    const names = new Map(locations.items.map((l) => [l.id, l.name]))
    return levels.items.filter((l) => l.isLow || l.isOut).slice(0, 10).map((l) => ({ ...l, sku: skus.get(l.variantId) ?? l.variantId.slice(0, 8), location: names.get(l.locationId) ?? '' }))
  }, [])
  return (
    <Section title='Low stock'>
      <ProblemAlert problem={error} />
      {loading ? <Loading /> : (
        <DataTable caption='Low stock' rows={data ?? []} rowKey={(l) => l.id} empty='No stock level is under its threshold.' columns={[
          { label: 'SKU', render: (l) => <Link to={`/inventory?variantId=${l.variantId}`}>{l.sku}</Link> },
          { label: 'Location', render: (l) => l.location },
          { label: 'Available', render: (l) => l.available },
          { label: 'Threshold', render: (l) => l.lowStockThreshold },
          { label: 'State', render: (l) => <Status value={l.isOut ? 'out' : 'low'} /> },
        ]} />
      )}
    </Section>
  )
}

export default function DashboardPage () {
  const workspace = useWorkspace()
  return (
    <>
      <PageHeader title='Dashboard' />
      <div className='grid'>
        {(workspace.has('analytics') || workspace.has('orders')) && (workspace.can('analytics:read') || workspace.can('orders:read')) && <Sales />}
        {workspace.has('orders') && workspace.can('orders:read') && <ToFulfil />}
        {workspace.has('inventory') && workspace.can('inventory:read') && <LowStock />}
        <WidgetSlot slot='dashboard' />
      </div>
    </>
  )
}
