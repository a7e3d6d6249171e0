// analytics' reports in the admin dashboard (@comptoir/admin mounts this module, see src/admin.ts):
// a period, a report, its tables, a CSV download. Plain DOM, no dependencies; every input labelled.

const reports = {
  sales: { label: 'Sales', path: '/admin/analytics/sales', render: sales },
  products: { label: 'Top products', path: '/admin/analytics/products', render: products },
  funnel: { label: 'Conversion funnel', path: '/admin/analytics/funnel', render: funnel },
  searches: { label: 'Searches', path: '/admin/analytics/searches', render: searches },
  campaigns: { label: 'Campaigns', path: '/admin/analytics/campaigns', render: campaigns },
}

const day = (date) => date.toISOString().slice(0, 10)
const digits = (currency) => new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
const money = (amount, currency) => new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount / 10 ** digits(currency))
const count = (n) => new Intl.NumberFormat().format(n)
const rate = (r) => new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 }).format(r)

function element (doc, tag, attributes = {}, children = []) {
  const node = doc.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value)
  for (const child of children) node.append(child)
  return node
}

/** A table with a caption and column headers: rows are arrays of cell texts. */
function table (doc, caption, headers, rows) {
  if (rows.length === 0) return element(doc, 'p', { class: 'empty' }, [`${caption}: nothing in this period.`])
  const head = element(doc, 'tr', {}, headers.map((h) => element(doc, 'th', { scope: 'col' }, [h])))
  const body = rows.map((row) => element(doc, 'tr', {}, row.map((cell) => element(doc, 'td', {}, [String(cell)]))))
  return element(doc, 'div', { class: 'table-wrap' }, [element(doc, 'table', {}, [element(doc, 'caption', {}, [caption]), element(doc, 'thead', {}, [head]), element(doc, 'tbody', {}, body)])])
}

function sales (doc, r) {
  return [table(doc, `Sales ${r.period.from} to ${r.period.to} (previous: ${r.previous.from} to ${r.previous.to})`,
    ['Currency', 'Orders', 'Gross', 'Refunded', 'Net', 'Average order', 'Net, previous period'],
    r.currencies.map((c) => [c.currency, count(c.current.orders), money(c.current.grossAmount, c.currency), money(c.current.refundedAmount, c.currency),
      money(c.current.netAmount, c.currency), money(c.current.averageOrderAmount, c.currency), money(c.previous.netAmount, c.currency)])),
  table(doc, 'Sales by channel', ['Channel', 'Currency', 'Orders', 'Gross'], r.channels.map((c) => [c.channel, c.currency, count(c.orders), money(c.grossAmount, c.currency)]))]
}

function products (doc, r) {
  return [table(doc, 'Top products', ['Product', 'Views', 'Add to carts', 'Orders', 'Units', 'Conversion'],
    r.products.map((p) => [p.productId, count(p.views), count(p.addToCarts), count(p.orders), count(p.units), rate(p.conversionRate)])),
  table(doc, 'Top categories', ['Category', 'Orders', 'Units', 'Revenue'], r.categories.map((c) => [c.categoryId ?? 'None', count(c.orders), count(c.units), money(c.revenueAmount, c.currency)]))]
}

function funnel (doc, r) {
  const steps = [['Sessions', 'sessions'], ['Product views', 'productViews'], ['Add to carts', 'addToCarts'], ['Checkouts', 'checkouts'], ['Purchases', 'purchases']]
  return [table(doc, 'Sessions at each step', ['Step', 'This period', 'Previous period'], [
    ...steps.map(([label, key]) => [label, count(r.current[key]), count(r.previousSteps[key])]),
    ['Conversion', rate(r.current.conversionRate), rate(r.previousSteps.conversionRate)],
  ])]
}

function searches (doc, r) {
  return [table(doc, 'Top searches', ['Search', 'Searches', 'Sessions', 'Without results', 'Clicks', 'Click-through'],
    r.top.map((s) => [s.query, count(s.searches), count(s.sessions), count(s.zeroResultSearches), count(s.clicks), rate(s.clickThroughRate)])),
  table(doc, 'Searches without results', ['Search', 'Searches'], r.zeroResult.map((s) => [s.query, count(s.searches)]))]
}

function campaigns (doc, r) {
  return [table(doc, `Campaigns (${r.model} touch)`, ['Source', 'Medium', 'Campaign', 'Sessions', 'Orders', 'Revenue', 'Conversion'],
    r.items.map((c) => [c.source, c.medium, c.campaign, count(c.sessions), count(c.orders), c.revenue.map((m) => money(m.amount, m.currency)).join(', ') || '—', rate(c.conversionRate)]))]
}

/** Problem+json in words: its title and detail, else the status. */
async function problemText (res) {
  try {
    const problem = await res.json()
    return [problem.title, problem.detail].filter(Boolean).join(': ') || `HTTP ${res.status}`
  } catch { return `HTTP ${res.status}` }
}

export function mount (el, host) {
  const doc = el.ownerDocument
  const uid = Math.random().toString(36).slice(2, 8)
  const today = new Date()
  const field = (label, control) => element(doc, 'div', { class: 'field' }, [element(doc, 'label', { for: control.id }, [label]), control])
  const from = element(doc, 'input', { type: 'date', id: `from-${uid}`, required: '', value: day(new Date(today.getTime() - 29 * 86_400_000)) })
  const to = element(doc, 'input', { type: 'date', id: `to-${uid}`, required: '', value: day(today) })
  const which = element(doc, 'select', { id: `report-${uid}` }, Object.entries(reports).map(([key, r]) => element(doc, 'option', { value: key }, [r.label])))
  const show = element(doc, 'button', { type: 'submit' }, ['Show report'])
  const csv = element(doc, 'button', { type: 'button', class: 'secondary' }, ['Download CSV'])
  const form = element(doc, 'form', { class: 'form inline' }, [field('From', from), field('To', to), field('Report', which), show, csv])
  const status = element(doc, 'div', { role: 'status', 'aria-live': 'polite' })
  const result = element(doc, 'div')
  el.replaceChildren(form, status, result)
  let live = true

  const query = () => `?from=${encodeURIComponent(from.value)}&to=${encodeURIComponent(to.value)}`
  async function load () {
    const report = reports[which.value]
    status.textContent = 'Loading…'
    const res = await host.apiFetch(`${report.path}${query()}`)
    if (!live) return
    if (!res.ok) { status.textContent = ''; result.replaceChildren(element(doc, 'p', { role: 'alert', class: 'problem' }, [await problemText(res)])); return }
    const body = await res.json()
    if (!live) return
    status.textContent = `${report.label}, ${from.value} to ${to.value}`
    result.replaceChildren(...report.render(doc, body))
  }
  async function download () {
    const report = reports[which.value]
    const res = await host.apiFetch(`${report.path}.csv${query()}`)
    if (!res.ok) { status.textContent = await problemText(res); return }
    const link = element(doc, 'a', { href: URL.createObjectURL(await res.blob()), download: `${which.value}-${from.value}-${to.value}.csv` })
    link.click()
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000)
  }
  form.addEventListener('submit', (event) => { event.preventDefault(); void load() })
  csv.addEventListener('click', () => { void download() })
  void load()
  return () => { live = false; el.replaceChildren() }
}
