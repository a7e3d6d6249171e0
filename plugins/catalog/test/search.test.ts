import t from 'tap'
import { createTestDatabases } from '@comptoir/core/testing'
import type { SearchResult } from '@comptoir/plugin-catalog'
import { catalogApp, createProduct, testEngines } from './helpers.js'

const dbs = createTestDatabases(t)

for (const engine of testEngines()) {
  t.test(engine, async (t) => {
    const { app, admin } = await catalogApp(dbs, t, engine)
    const post = async (url: string, payload: object) => (await app.inject({ method: 'POST', url, headers: admin, payload })).json<{ id: string }>()
    const clothing = await post('/admin/categories', { handle: 'clothing', name: 'Clothing' })
    const knitwear = await post('/admin/categories', { handle: 'knitwear', name: 'Knitwear', parentId: clothing.id })
    const kitchen = await post('/admin/categories', { handle: 'kitchen', name: 'Kitchen' })
    const product = async (handle: string, title: string, extra: Record<string, unknown>, colours: string[], eur: number) => await createProduct(app, admin, {
      handle, title, status: 'published', options: [{ name: 'Colour', values: colours }],
      variants: colours.map((colour, i) => ({ sku: `${handle}-${colour}`.toUpperCase(), options: { Colour: colour }, prices: [{ currency: 'EUR', amount: eur + i * 1000 }, { currency: 'USD', amount: eur + 500 }] })),
      ...extra,
    })
    await product('merino-sweater', 'Merino Wool Sweater', { categoryIds: [knitwear.id], tags: ['winter'], description: '<p>Soft and warm.</p>' }, ['Grey', 'Navy'], 8900)
    await product('cotton-sweater', 'Cotton Sweater', { categoryIds: [knitwear.id], tags: ['summer'] }, ['Navy'], 5900)
    await product('wool-socks', 'Hiking Socks', { categoryIds: [clothing.id], tags: ['wool'], description: '<p>Knitted from <b>merino wool</b>, reinforced heel.</p>' }, ['Grey'], 1500)
    await product('teapot', 'Stoneware Teapot', { categoryIds: [kitchen.id], description: '<p>Pairs well with a sweater and a book.</p>' }, ['Sand'], 4500)
    await createProduct(app, admin, { handle: 'hidden-sweater', title: 'Hidden Sweater', status: 'draft' })
    const search = async (query: string): Promise<SearchResult> => {
      const res = await app.inject({ url: `/store/search?q=${query}` })
      if (res.statusCode !== 200) throw new Error(`${query}: ${res.statusCode} ${res.body}`)
      return res.json<SearchResult>()
    }
    const found = async (query: string): Promise<string[]> => (await search(query)).items.map((p) => p.handle)

    t.test('a misspelled word still finds the product (pg_trgm similarity)', async (t) => {
      t.same((await found('sweter')).slice(0, 2).sort(), ['cotton-sweater', 'merino-sweater'])
      t.same(await found('merrino'), ['merino-sweater', 'wool-socks'])
      t.same(await found('stonware teapt'), ['teapot'])
      t.same(await found('xylophone'), [])
    })

    t.test('relevance ranks title over tags over description; every word must match; prefixes match', async (t) => {
      const sweater = await found('sweater')
      t.same(sweater.slice(0, 2).sort(), ['cotton-sweater', 'merino-sweater'], 'title matches first')
      t.same(sweater.slice(2), ['teapot'], 'the description match last')
      t.same(await found('wool'), ['merino-sweater', 'wool-socks'], 'title (A) before tag (B)')
      t.same(await found('navy sweater'), await found('sweater navy'))
      t.same(await found('merino sweater'), ['merino-sweater'])
      t.same(await found('swea'), (await found('sweater')), 'a prefix finds the same')
      t.notOk((await found('hidden')).includes('hidden-sweater'), 'drafts never show')
    })

    t.test('facets count the whole result set: categories with their ancestors, option values, price buckets', async (t) => {
      const result = await search('sweater')
      const facets = result.facets
      t.ok(facets != null)
      t.equal(facets?.currency, 'EUR')
      t.same(facets?.categories.map((c) => [c.handle, c.count]), [['clothing', 2], ['knitwear', 2], ['kitchen', 1]])
      t.same(facets?.options, [{ name: 'Colour', values: [{ value: 'Navy', count: 2 }, { value: 'Grey', count: 1 }, { value: 'Sand', count: 1 }] }])
      const buckets = facets?.prices ?? []
      t.equal(buckets.reduce((n, b) => n + b.count, 0), 3, 'every priced product in one bucket')
      t.ok(buckets.every((b) => b.max > b.min && [1, 2, 5].includes(Number(String(b.max - b.min)[0]))), 'nice widths')
      const usd = await search('sweater&currency=USD')
      t.equal(usd.facets?.currency, 'USD')
    })

    t.test('search combines with filters and sorts; facets come with the first page only', async (t) => {
      t.same(await found('sweater&category=clothing&sort=price-asc'), ['cotton-sweater', 'merino-sweater'])
      t.same(await found('sweater&option=Colour:Grey'), ['merino-sweater'])
      const first = await search('sweater&limit=1')
      t.equal(first.items.length, 1)
      t.ok(first.facets != null)
      const second = await search(`sweater&limit=1&cursor=${first.nextCursor ?? ''}`)
      t.equal(second.facets, null)
      t.notSame(second.items[0]?.handle, first.items[0]?.handle)
      t.same((await app.inject({ url: '/store/products?q=sweter&category=knitwear' })).json<SearchResult>().items.map((p) => p.handle).sort(), ['cotton-sweater', 'merino-sweater'])
    })

    t.test('a query with nothing to search, or none at all, is a 400', async (t) => {
      const empty = await app.inject({ url: '/store/search?q=%21%21%21' })
      t.equal((await app.inject({ url: '/store/search?sweater' })).statusCode, 400)
      t.equal(empty.statusCode, 400)
      t.equal(empty.json().code, 'CATALOG_EMPTY_SEARCH')
      t.equal((await app.inject({ url: '/store/search' })).json().code, 'CORE_VALIDATION')
      t.equal((await app.inject({ url: `/store/search?q=${'a'.repeat(201)}` })).statusCode, 400)
      t.same(await found(encodeURIComponent("o'neil & | ! :* (")), [], 'tsquery syntax in the query is inert')
    })
  })
}
