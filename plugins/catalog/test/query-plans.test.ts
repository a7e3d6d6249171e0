// Right after a CSV import of a few thousand products, the storefront's statements walk their
// indexes: the plans of the statements the routes really send, read with EXPLAIN (FORMAT JSON).
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { createTestDatabases } from '@comptoir/core/testing'
import type { ProductImport, StoreProductSummary } from '@comptoir/plugin-catalog'
import { catalogApp, type Headers } from './helpers.js'

const dbs = createTestDatabases(t)
const count = 3000
const words = ['linen', 'wool', 'cotton', 'silk', 'denim', 'canvas', 'suede', 'velvet', 'tweed', 'satin']
const header = ['Handle', 'Title', 'Body (HTML)', 'Vendor', 'Type', 'Tags', 'Published', 'Option1 Name', 'Option1 Value', 'Variant SKU', 'Variant Price', 'Image Src', 'Price / USD', 'Status']

/** A Shopify CSV of `count` products with two sizes each, their titles drawn from ten words. */
function catalogCsv (): string {
  const lines = [header.join(',')]
  for (let i = 0; i < count; i++) {
    for (const [n, size] of ['S', 'L'].entries()) {
      const first = n === 0
      lines.push([`item-${i}`, first ? `${words[i % 10] as string} shirt ${i}` : '', first ? '<p>A shirt</p>' : '', first ? 'Acme' : '', first ? 'Shirt' : '',
        first ? 'summer' : '', first ? 'true' : '', first ? 'Size' : '', size, `SKU-${i}-${size}`, `${10 + (i % 50)}.00`,
        first ? `https://img.example.com/${i}.jpg` : '', `${12 + (i % 50)}.00`, first ? 'active' : ''].join(','))
    }
  }
  return `${lines.join('\n')}\n`
}

interface PlanNode { 'Node Type': string, 'Relation Name'?: string, 'Index Name'?: string, Plans?: PlanNode[] }
function nodesOf (node: PlanNode): PlanNode[] { return [node, ...(node.Plans ?? []).flatMap(nodesOf)] }

/** The select statements a request sends, each with the plan PostgreSQL picks for it. */
async function plansOf (app: FastifyInstance, url: string): Promise<Array<{ sql: string, nodes: PlanNode[] }>> {
  const knex = app.comptoir.database.knex
  const sent: Array<{ sql: string, bindings: readonly unknown[] }> = []
  // The kernel's outbox relay and job runner poll on the same pool meanwhile: not the request's.
  const background = /\b"?comptoir_(outbox|jobs)/
  const listener = (q: { sql: string, bindings?: readonly unknown[] }): void => {
    if (/^\s*(with|select)/i.test(q.sql) && !background.test(q.sql)) sent.push({ sql: q.sql, bindings: q.bindings ?? [] })
  }
  knex.on('query', listener)
  const res = await app.inject({ url })
  knex.off('query', listener)
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
  const plans = []
  // The statements as sent ($n placeholders), explained on a connection of the app's own pool.
  const connection = await knex.client.acquireConnection() as { query: (sql: string, values: readonly unknown[]) => Promise<{ rows: Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }> }> }
  try {
    for (const q of sent) {
      const { rows } = await connection.query(`explain (format json) ${q.sql}`, q.bindings)
      plans.push({ sql: q.sql, nodes: nodesOf(rows[0]?.['QUERY PLAN'][0]?.Plan as PlanNode) })
    }
  } finally {
    await knex.client.releaseConnection(connection)
  }
  return plans
}

t.test('postgres', async (t) => {
  const { app, admin } = await catalogApp(dbs, t, 'postgres')
  const upload = await app.inject({ method: 'POST', url: '/admin/product-imports?filename=catalog.csv', headers: { ...admin, 'content-type': 'text/csv' }, payload: catalogCsv() })
  t.equal(upload.statusCode, 202)
  let done: ProductImport | null = null
  for (let i = 0; i < 600 && done == null; i++) {
    const current = (await app.inject({ url: `/admin/product-imports/${upload.json<ProductImport>().id}`, headers: admin })).json<ProductImport>()
    if (current.status === 'completed' || current.status === 'failed') done = current
    else await new Promise((resolve) => setTimeout(resolve, 100))
  }
  t.match(done, { status: 'completed', productsCreated: count, rowsFailed: 0 })
  const ids = (await app.comptoir.database.knex('catalog_products').orderBy('id').limit(30).pluck('id')) as string[]
  await tagged(app, admin, ids)

  const first = (await app.inject({ url: '/store/products?limit=20' })).json<{ items: StoreProductSummary[], nextCursor: string }>()
  let cursor = first.nextCursor
  for (let i = 0; i < 20; i++) cursor = (await app.inject({ url: `/store/products?limit=100&cursor=${cursor}` })).json<{ nextCursor: string }>().nextCursor
  const routes: Array<[string, string, string]> = [
    ['first page', '/store/products?limit=20', 'catalog_products_published_newest_idx'],
    ['deep page', `/store/products?limit=20&cursor=${cursor}`, 'catalog_products_published_newest_idx'],
    ['category page', '/store/products?limit=20&category=shirts', 'catalog_categories_path_idx'],
    ['collection page', '/store/products?limit=20&collection=picks', 'catalog_collection_products_pkey'],
    ['search', '/store/products?limit=20&q=linen%20shirt%201230', 'catalog_products_search_idx'],
    ['product detail', `/store/products/${first.items[0]?.handle ?? ''}`, 'catalog_products_handle_unique'],
  ]
  for (const [name, url, index] of routes) {
    t.test(`the ${name} walks ${index}, never reading catalog_products whole`, async (t) => {
      const plans = await plansOf(app, url)
      // A list: the page, its relations side by side, stock; a detail: one round more (prices after variants).
      t.ok(plans.length > 0 && plans.length <= 7, `${plans.length} statements`)
      const used = [...new Set(plans.flatMap((p) => p.nodes.flatMap((n) => n['Index Name'] ?? [])))]
      t.ok(used.includes(index), `a statement uses ${index} (used: ${used.join(', ')})`)
      for (const plan of plans) {
        const scans = plan.nodes.filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'catalog_products')
        t.equal(scans.length, 0, `no sequential scan of catalog_products in: ${plan.sql.slice(0, 100)}`)
      }
    })
  }
})

/** A category and a collection of a few products, through the admin API. */
async function tagged (app: FastifyInstance, admin: Headers, productIds: string[]): Promise<void> {
  const category = (await app.inject({ method: 'POST', url: '/admin/categories', headers: admin, payload: { name: 'Shirts', handle: 'shirts' } })).json<{ id: string }>()
  for (const id of productIds.slice(0, 10)) {
    const res = await app.inject({ method: 'PATCH', url: `/admin/products/${id}`, headers: admin, payload: { categoryIds: [category.id] } })
    if (res.statusCode !== 200) throw new Error(`categorise: ${res.statusCode} ${res.body}`)
  }
  const collection = (await app.inject({ method: 'POST', url: '/admin/collections', headers: admin, payload: { title: 'Picks', handle: 'picks' } })).json<{ id: string }>()
  const put = await app.inject({ method: 'PUT', url: `/admin/collections/${collection.id}/products`, headers: admin, payload: { productIds } })
  if (put.statusCode !== 200) throw new Error(`collect: ${put.statusCode} ${put.body}`)
}
