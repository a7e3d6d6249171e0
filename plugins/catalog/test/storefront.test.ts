import t from 'tap'
import { createTestDatabases } from '@comptoir/core/testing'
import type { Availability, Category, StoreProduct, StoreProductSummary } from '@comptoir/plugin-catalog'
import catalog from '@comptoir/plugin-catalog'
import { adminHeaders, catalogApp, createProduct, testEngines, type Headers } from './helpers.js'
import type { FastifyInstance } from 'fastify'

const dbs = createTestDatabases(t)

interface Page { items: StoreProductSummary[], nextCursor: string | null }

/** Five published products (one draft, one archived) spread over categories, tags, options and prices. */
async function seedShop (app: FastifyInstance, admin: Headers): Promise<void> {
  const post = async (url: string, payload: object) => (await app.inject({ method: 'POST', url, headers: admin, payload })).json<{ id: string }>()
  const apparel = await post('/admin/categories', { handle: 'apparel', name: 'Apparel' })
  const shirts = await post('/admin/categories', { handle: 'shirts', name: 'Shirts', parentId: apparel.id })
  const home = await post('/admin/categories', { handle: 'home', name: 'Home' })
  const make = async (handle: string, title: string, eur: number[], extra: Record<string, unknown>): Promise<string> => (await createProduct(app, admin, {
    handle, title, status: 'published', options: [{ name: 'Size', values: ['S', 'M'] }],
    variants: eur.map((amount, i) => ({ sku: `${handle}-${i}`.toUpperCase(), options: { Size: i === 0 ? 'S' : 'M' }, prices: [{ currency: 'EUR', amount }, ...(handle === 'mug' ? [] : [{ currency: 'USD', amount: amount + 100 }])] })),
    images: [{ url: `https://img.example.com/${handle}.jpg`, alt: title }],
    ...extra,
  })).id
  await make('apple-shirt', 'Apple Shirt', [3000, 3500], { categoryIds: [shirts.id], tags: ['summer'] })
  await make('banana-shirt', 'Banana Shirt', [1000], { categoryIds: [shirts.id], tags: ['summer', 'sale'] })
  await make('cherry-jacket', 'Cherry Jacket', [9000, 9900], { categoryIds: [apparel.id] })
  await make('mug', 'Date Mug', [1500], { categoryIds: [home.id], options: [{ name: 'Size', values: ['S'] }] })
  await make('elder-vase', 'Elder Vase', [5000], { categoryIds: [home.id], tags: ['summer'] })
  await make('draft-thing', 'Draft Thing', [100], { status: 'draft' })
  await make('old-thing', 'Old Thing', [100], { status: 'archived' })
}

for (const engine of testEngines()) {
  t.test(engine, async (t) => {
    const { app, admin } = await catalogApp(dbs, t, engine)
    await seedShop(app, admin)
    const list = async (query: string): Promise<Page> => {
      const res = await app.inject({ url: `/store/products?${query}` })
      if (res.statusCode !== 200) throw new Error(`${query}: ${res.statusCode} ${res.body}`)
      return res.json<Page>()
    }
    const handles = async (query: string): Promise<string[]> => (await list(query)).items.map((p) => p.handle)
    /** Every page of a list, following nextCursor. */
    const walk = async (query: string): Promise<string[]> => {
      const seen: string[] = []
      let cursor: string | null = null
      do {
        const page: Page = await list(`${query}&limit=2${cursor != null ? `&cursor=${cursor}` : ''}`)
        seen.push(...page.items.map((p) => p.handle))
        cursor = page.nextCursor
      } while (cursor != null)
      return seen
    }

    t.test('only published products are listed, newest first, with thumbnail and price range in the default currency', async (t) => {
      const page = await list('')
      t.same(page.items.map((p) => p.handle), ['elder-vase', 'mug', 'cherry-jacket', 'banana-shirt', 'apple-shirt'])
      t.match(page.items.find((p) => p.handle === 'apple-shirt'), {
        thumbnail: { url: 'https://img.example.com/apple-shirt.jpg', alt: 'Apple Shirt' },
        price: { min: { amount: 3000, currency: 'EUR' }, max: { amount: 3500, currency: 'EUR' }, compareAt: null },
      })
      t.notOk('availability' in (page.items[0] as object), 'no availability without a provider')
    })

    t.test('every sort pages through the whole list with cursors, in the right order', async (t) => {
      t.same(await walk('sort=newest'), ['elder-vase', 'mug', 'cherry-jacket', 'banana-shirt', 'apple-shirt'])
      t.same(await walk('sort=title-asc'), ['apple-shirt', 'banana-shirt', 'cherry-jacket', 'mug', 'elder-vase'])
      t.same(await walk('sort=title-desc'), ['elder-vase', 'mug', 'cherry-jacket', 'banana-shirt', 'apple-shirt'])
      t.same(await walk('sort=price-asc'), ['banana-shirt', 'mug', 'apple-shirt', 'elder-vase', 'cherry-jacket'])
      t.same(await walk('sort=price-desc'), ['cherry-jacket', 'elder-vase', 'apple-shirt', 'mug', 'banana-shirt'])
      t.same(await walk('sort=price-asc&currency=USD'), ['banana-shirt', 'apple-shirt', 'elder-vase', 'cherry-jacket', 'mug'], 'no USD price: last')
      const first = await list('sort=title-asc&limit=2')
      const replay = await app.inject({ url: `/store/products?sort=price-asc&cursor=${first.nextCursor ?? ''}` })
      t.equal(replay.statusCode, 400, 'a cursor of another sort is refused')
      t.equal(replay.json().code, 'CORE_INVALID_CURSOR')
    })

    t.test('filters: category with descendants, tag, option values, price range in a currency, combined', async (t) => {
      t.same((await handles('category=apparel')).sort(), ['apple-shirt', 'banana-shirt', 'cherry-jacket'])
      t.same((await handles('category=shirts')).sort(), ['apple-shirt', 'banana-shirt'])
      t.same((await handles('tag=summer')).sort(), ['apple-shirt', 'banana-shirt', 'elder-vase'])
      t.same((await handles('option=size:m')).sort(), ['apple-shirt', 'cherry-jacket'])
      t.same((await handles('option=Size:M&option=Size:S&tag=sale')).sort(), ['banana-shirt'])
      t.same((await handles('minPrice=1500&maxPrice=5000')).sort(), ['apple-shirt', 'elder-vase', 'mug'])
      t.same((await handles('minPrice=1500&maxPrice=5000&currency=USD')).sort(), ['apple-shirt'])
      t.same(await handles('category=apparel&tag=summer&sort=price-asc'), ['banana-shirt', 'apple-shirt'])
    })

    t.test('prices come in the requested currency; a product without one has a null price', async (t) => {
      const usd = await list('currency=USD&tag=summer&sort=title-asc')
      t.same(usd.items.map((p) => p.price?.min), [{ amount: 3100, currency: 'USD' }, { amount: 1100, currency: 'USD' }, { amount: 5100, currency: 'USD' }])
      const mug = (await list('currency=USD&category=home&sort=title-asc')).items.find((p) => p.handle === 'mug')
      t.equal(mug?.price, null)
    })

    t.test('bad input: unknown currency, inverted price range, unknown category, bad option, relevance without q, bad limit', async (t) => {
      const cases: Array<[string, number, string]> = [
        ['currency=GBP', 400, 'CATALOG_UNSUPPORTED_CURRENCY'],
        ['currency=eur', 400, 'CORE_VALIDATION'],
        ['minPrice=500&maxPrice=100', 400, 'CATALOG_INVALID_PRICE_RANGE'],
        ['minPrice=-1', 400, 'CORE_VALIDATION'],
        ['category=nowhere', 404, 'CATALOG_CATEGORY_NOT_FOUND'],
        ['collection=nowhere', 404, 'CATALOG_COLLECTION_NOT_FOUND'],
        ['option=nocolon', 400, 'CORE_VALIDATION'],
        ['sort=relevance', 400, 'CATALOG_SORT_NEEDS_QUERY'],
        ['sort=random', 400, 'CORE_VALIDATION'],
        ['limit=0', 400, 'CORE_VALIDATION'],
        ['limit=101', 400, 'CORE_VALIDATION'],
        ['surprise=1', 400, 'CORE_VALIDATION'],
      ]
      for (const [query, status, code] of cases) {
        const res = await app.inject({ url: `/store/products?${query}` })
        t.equal(res.statusCode, status, query)
        t.equal(res.json().code, code, query)
      }
    })

    t.test('a product by handle has variants, options, images, categories and prices in the currency; drafts are 404', async (t) => {
      const res = await app.inject({ url: '/store/products/apple-shirt?currency=USD' })
      t.equal(res.statusCode, 200)
      const product = res.json<StoreProduct>()
      t.match(product, { handle: 'apple-shirt', title: 'Apple Shirt', options: [{ name: 'Size', values: ['S', 'M'] }], categories: [{ handle: 'shirts', name: 'Shirts' }] })
      t.same(product.variants.map((v) => [v.sku, v.title, v.price, v.compareAtPrice]), [['APPLE-SHIRT-0', 'S', { amount: 3100, currency: 'USD' }, null], ['APPLE-SHIRT-1', 'M', { amount: 3600, currency: 'USD' }, null]])
      t.equal((await app.inject({ url: '/store/products/draft-thing' })).json().code, 'CATALOG_PRODUCT_NOT_FOUND')
      t.equal((await app.inject({ url: '/store/products/apple-shirt?currency=XYZ' })).json().code, 'CATALOG_UNSUPPORTED_CURRENCY')
      t.equal((await app.inject({ url: '/store/products/Bad_Handle' })).statusCode, 400)
    })

    t.test('with an availability provider registered, storefront responses carry stock status', async (t) => {
      const detail = (await app.inject({ url: '/store/products/cherry-jacket' })).json<StoreProduct>()
      const [small, medium] = detail.variants.map((v) => v.id) as [string, string]
      const asked: string[][] = []
      app.services.catalogAvailability.register('test-inventory', async (_ctx, variantIds) => {
        asked.push([...variantIds])
        const known: Record<string, Availability> = { [small]: { status: 'out_of_stock', available: 0 }, [medium]: { status: 'low_stock', available: 2 } }
        return new Map(variantIds.flatMap((id): Array<[string, Availability]> => known[id] != null ? [[id, known[id] as Availability]] : []))
      })
      const after = (await app.inject({ url: '/store/products/cherry-jacket' })).json<StoreProduct>()
      t.same(after.variants.map((v) => v.availability), [{ status: 'out_of_stock', available: 0 }, { status: 'low_stock', available: 2 }])
      const page = await list('category=apparel&sort=title-asc')
      t.same(page.items.map((p) => [p.handle, p.availability]), [['apple-shirt', undefined], ['banana-shirt', undefined], ['cherry-jacket', 'low_stock']])
      t.equal(asked.length, 2, 'one provider call per response, for the whole page')
      t.throws(() => { app.services.catalogAvailability.register('another', async () => new Map()) }, /already did/)
    })

    t.test('the category tree and collections are readable without a token', async (t) => {
      const res = await app.inject({ url: '/store/categories' })
      t.same(res.json<{ items: Category[] }>().items.map((c) => c.handle).sort(), ['apparel', 'home', 'shirts'])
      t.equal((await app.inject({ url: '/store/collections' })).statusCode, 200)
    })
  })
}

for (const engine of testEngines()) {
  t.test(`${engine}: storefront reads carry an ETag (304 on a match) and Cache-Control; a price change is never served stale`, async (t) => {
    const app = await dbs.app(t, engine, { plugins: [[catalog, {}]], http: { storefrontCache: { maxAgeSeconds: 60, staleWhileRevalidateSeconds: 300 } } })
    const admin = await adminHeaders(app)
    await createProduct(app, admin, { handle: 'tea-cup', title: 'Tea Cup', status: 'published', variants: [{ sku: 'CUP-1', prices: [{ currency: 'EUR', amount: 1200 }] }] })

    const first = await app.inject({ url: '/store/products/tea-cup' })
    t.equal(first.statusCode, 200)
    const etag = first.headers.etag as string
    t.match(etag, /^"[A-Za-z0-9_-]{27}"$/, 'a strong ETag')
    t.equal(first.headers['cache-control'], 'public, max-age=60, stale-while-revalidate=300', 'the configured Cache-Control for anonymous readers')
    t.equal(first.headers.vary, 'Authorization')

    const again = await app.inject({ url: '/store/products/tea-cup', headers: { 'if-none-match': etag } })
    t.equal(again.statusCode, 304, 'If-None-Match with the current ETag is a 304')
    t.equal(again.body, '', 'with no body')
    t.equal(again.headers.etag, etag)
    t.equal((await app.inject({ url: '/store/products/tea-cup', headers: { 'if-none-match': `"other", W/${etag}` } })).statusCode, 304, 'weak comparison in a list')
    t.equal((await app.inject({ url: '/store/products/tea-cup', headers: { 'if-none-match': '"other"' } })).statusCode, 200)

    const listed = await app.inject({ url: '/store/products' })
    t.match(listed.headers, { etag: /^"/, 'cache-control': /^public/ }, 'lists and search are cached the same way')
    t.match((await app.inject({ url: '/store/search?q=cup' })).headers, { etag: /^"/ })

    const priced = await app.inject({ method: 'POST', url: '/admin/prices/bulk', headers: admin, payload: { prices: [{ sku: 'CUP-1', currency: 'EUR', amount: 1500 }] } })
    t.equal(priced.statusCode, 200, priced.body)
    const after = await app.inject({ url: '/store/products/tea-cup', headers: { 'if-none-match': etag } })
    t.equal(after.statusCode, 200, 'the old ETag no longer matches once the price changed')
    t.not(after.headers.etag, etag)
    t.equal(after.json<StoreProduct>().variants[0]?.price?.amount, 1500)

    const signedIn = await app.inject({ url: '/store/products/tea-cup', headers: { authorization: 'Bearer not-a-customer-token' } })
    t.equal(signedIn.statusCode, 401, 'a bad customer token is refused')
    t.equal(signedIn.headers['cache-control'], undefined, 'and the refusal is not cacheable')

    const missing = await app.inject({ url: '/store/products/no-such-cup' })
    t.equal(missing.statusCode, 404)
    t.equal(missing.headers.etag, undefined, 'errors are not cached')
    t.equal((await app.inject({ url: '/admin/products', headers: admin })).headers.etag, undefined, 'admin reads are not cached')
  })
}
