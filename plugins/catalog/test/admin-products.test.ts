import t from 'tap'
import { createTestDatabases } from '@comptoir/core/testing'
import type { Product, ProductSummary } from '@comptoir/plugin-catalog'
import { adminHeaders, catalogApp, count, createProduct, outboxNames, shirtInput, testEngines } from './helpers.js'

const dbs = createTestDatabases(t)

for (const engine of testEngines()) {
  t.test(engine, async (t) => {
    // One app for this engine: every test below creates its own products (unique handles and SKUs).
    const { app, admin } = await catalogApp(dbs, t, engine)
    const knex = app.comptoir.database.knex

    t.test('a product is created with options, variants, prices and images, its HTML sanitised, and its events in the outbox', async (t) => {
      const before = (await outboxNames(app)).length
      const product = await createProduct(app, admin, shirtInput({ description: '<p onclick="x()">Soft</p><script>alert(1)</script><a href="javascript:evil()">x</a>' }, 'CREATE'))
      t.match(product, { handle: 'blue-cotton-shirt', title: 'Blue Cotton Shirt', status: 'published', vendor: 'Acme', tags: ['summer', 'cotton'], publishedAt: String })
      t.equal(product.description, '<p>Soft</p><a>x</a>')
      t.same(product.options.map((o) => [o.name, o.position, o.values]), [['Size', 1, ['M', 'L']], ['Colour', 2, ['Blue', 'Red']]])
      t.equal(product.variants.length, 4)
      t.match(product.variants[0], { sku: 'CREATE-M-BLUE', title: 'M / Blue', options: { Size: 'M', Colour: 'Blue' } })
      t.same(product.variants[0]?.prices, [{ currency: 'EUR', amount: 2000, compareAtAmount: null }, { currency: 'USD', amount: 2300, compareAtAmount: null }])
      t.match(product.images, [{ url: 'https://img.example.com/shirt-1.jpg', alt: 'Front', position: 0 }])
      const events = (await outboxNames(app)).slice(before)
      t.same(events.filter((e) => e === 'catalog.product.created'), ['catalog.product.created'])
      t.equal(events.filter((e) => e === 'catalog.variant.created').length, 4)
      t.equal(events.filter((e) => e === 'catalog.price.updated').length, 4)
    })

    t.test('invalid input is a 400 with a pointer per field, and stores nothing', async (t) => {
      const products = await count(app, 'catalog_products')
      const res = await app.inject({ method: 'POST', url: '/admin/products', headers: admin, payload: { handle: 'Not A Handle', extra: 1, options: [{ name: 'A', values: ['x'] }, { name: 'B', values: ['x'] }, { name: 'C', values: ['x'] }, { name: 'D', values: ['x'] }] } })
      t.equal(res.statusCode, 400)
      t.equal(res.json().code, 'CORE_VALIDATION')
      t.same(res.json().errors.map((e: { pointer: string }) => e.pointer).sort(), ['/body/extra', '/body/handle', '/body/options', '/body/title'])
      t.equal(await count(app, 'catalog_products'), products)
    })

    t.test('a taken handle is a 409 CATALOG_HANDLE_TAKEN naming the field; a taken SKU a 409 CATALOG_SKU_TAKEN; nothing is stored', async (t) => {
      await createProduct(app, admin, shirtInput({ handle: 'dup-handle' }, 'DUP1'))
      const products = await count(app, 'catalog_products')
      const handle = await app.inject({ method: 'POST', url: '/admin/products', headers: admin, payload: shirtInput({ handle: 'dup-handle' }, 'DUP2') })
      t.equal(handle.statusCode, 409)
      t.match(handle.json(), { code: 'CATALOG_HANDLE_TAKEN', field: 'handle', handle: 'dup-handle' })
      t.notMatch(handle.body, /catalog_products|duplicate key/)
      const sku = await app.inject({ method: 'POST', url: '/admin/products', headers: admin, payload: shirtInput({ handle: 'dup-sku' }, 'DUP1') })
      t.equal(sku.statusCode, 409)
      t.match(sku.json(), { code: 'CATALOG_SKU_TAKEN', field: 'sku', sku: 'DUP1-M-BLUE' })
      t.equal(await count(app, 'catalog_products'), products, 'both rolled back')
    })

    t.test('variant options that do not match the product are a 422; an unsupported currency a 400', async (t) => {
      const mismatch = await app.inject({ method: 'POST', url: '/admin/products', headers: admin, payload: { title: 'Mismatch', options: [{ name: 'Size', values: ['M'] }], variants: [{ sku: 'MIS-1', options: { Colour: 'Red' } }] } })
      t.equal(mismatch.statusCode, 422)
      t.match(mismatch.json(), { code: 'CATALOG_VARIANT_OPTIONS_MISMATCH', expected: ['Size'], given: ['Colour'] })
      const currency = await app.inject({ method: 'POST', url: '/admin/products', headers: admin, payload: { title: 'Yen', variants: [{ sku: 'YEN-1', prices: [{ currency: 'JPY', amount: 100 }] }] } })
      t.equal(currency.statusCode, 400)
      t.match(currency.json(), { code: 'CATALOG_UNSUPPORTED_CURRENCY', currency: 'JPY', supported: ['EUR', 'USD'] })
      t.equal(await knex('catalog_products').whereIn('title', ['Mismatch', 'Yen']).first(), undefined)
    })

    t.test('an unknown product is a 404 CATALOG_PRODUCT_NOT_FOUND; a malformed id a 400', async (t) => {
      const missing = await app.inject({ url: '/admin/products/00000000-0000-4000-8000-000000000000', headers: admin })
      t.equal(missing.statusCode, 404)
      t.match(missing.json(), { code: 'CATALOG_PRODUCT_NOT_FOUND', key: '00000000-0000-4000-8000-000000000000' })
      const malformed = await app.inject({ url: '/admin/products/42', headers: admin })
      t.equal(malformed.statusCode, 400)
      t.same(malformed.json().errors, [{ pointer: '/params/productId', detail: 'must match format "uuid"' }])
      for (const [method, url] of [['PATCH', '/admin/products/00000000-0000-4000-8000-000000000000'], ['DELETE', '/admin/products/00000000-0000-4000-8000-000000000000'], ['POST', '/admin/products/00000000-0000-4000-8000-000000000000/publish']] as const) {
        const res = await app.inject({ method, url, headers: admin, ...(method === 'PATCH' ? { payload: { title: 'x' } } : {}) })
        t.equal(res.statusCode, 404, `${method} ${url}`)
      }
    })

    t.test('a patch changes the fields given, emits catalog.product.updated with what changed; an empty patch is a 400', async (t) => {
      const product = await createProduct(app, admin, shirtInput({ handle: 'patch-me' }, 'PATCH'))
      const res = await app.inject({ method: 'PATCH', url: `/admin/products/${product.id}`, headers: admin, payload: { title: 'Renamed', tags: ['a', 'a ', 'b'], metadata: { fit: 'slim' }, seoTitle: 'SEO' } })
      t.equal(res.statusCode, 200)
      t.match(res.json(), { title: 'Renamed', tags: ['a', 'b'], metadata: { fit: 'slim' }, seoTitle: 'SEO', handle: 'patch-me' })
      const event = await knex('comptoir_outbox').where({ name: 'catalog.product.updated' }).orderBy('occurred_at', 'desc').first() as { payload: { productId: string, changed: string[] } }
      t.same(event.payload, { productId: product.id, handle: 'patch-me', status: 'published', changed: ['title', 'tags', 'metadata', 'seoTitle'] })
      const empty = await app.inject({ method: 'PATCH', url: `/admin/products/${product.id}`, headers: admin, payload: {} })
      t.equal(empty.statusCode, 400)
      const taken = await app.inject({ method: 'PATCH', url: `/admin/products/${product.id}`, headers: admin, payload: { handle: 'dup-handle' } })
      t.equal(taken.statusCode, 409)
    })

    t.test('publish, unpublish and archive move the status; publishedAt is stamped once', async (t) => {
      const product = await createProduct(app, admin, shirtInput({ handle: 'lifecycle', status: 'draft' }, 'LIFE'))
      t.equal(product.publishedAt, null)
      const published = (await app.inject({ method: 'POST', url: `/admin/products/${product.id}/publish`, headers: admin })).json<Product>()
      t.equal(published.status, 'published')
      t.type(published.publishedAt, 'string')
      const draft = (await app.inject({ method: 'POST', url: `/admin/products/${product.id}/unpublish`, headers: admin })).json<Product>()
      t.equal(draft.status, 'draft')
      const again = (await app.inject({ method: 'POST', url: `/admin/products/${product.id}/publish`, headers: admin })).json<Product>()
      t.equal(again.publishedAt, published.publishedAt, 'first publication date kept')
      const archived = (await app.inject({ method: 'POST', url: `/admin/products/${product.id}/archive`, headers: admin })).json<Product>()
      t.equal(archived.status, 'archived')
      t.equal((await app.inject({ url: '/store/products/lifecycle' })).statusCode, 404, 'archived products leave the storefront')
    })

    t.test('the admin list is newest first, filters by status and by SKU, and pages with a cursor', async (t) => {
      const made: Product[] = []
      for (const n of [1, 2, 3]) made.push(await createProduct(app, admin, shirtInput({ handle: `listed-${n}`, status: n === 2 ? 'draft' : 'published' }, `LISTED${n}`)))
      const bySku = await app.inject({ url: '/admin/products?q=listed2-m', headers: admin })
      t.same(bySku.json<{ items: ProductSummary[] }>().items.map((p) => p.handle), ['listed-2'])
      const drafts = await app.inject({ url: '/admin/products?status=draft&q=listed', headers: admin })
      t.same(drafts.json<{ items: ProductSummary[] }>().items.map((p) => p.handle), ['listed-2'])
      const first = (await app.inject({ url: '/admin/products?limit=2&q=listed-', headers: admin })).json<{ items: ProductSummary[], nextCursor: string }>()
      t.same(first.items.map((p) => p.handle), ['listed-3', 'listed-2'])
      const second = (await app.inject({ url: `/admin/products?limit=2&q=listed-&cursor=${first.nextCursor}`, headers: admin })).json<{ items: ProductSummary[], nextCursor: string | null }>()
      t.same(second.items.map((p) => p.handle), ['listed-1'])
      t.equal(second.nextCursor, null)
      const bad = await app.inject({ url: '/admin/products?cursor=bm9wZQ', headers: admin })
      t.equal(bad.statusCode, 400)
      t.equal(bad.json().code, 'CORE_INVALID_CURSOR')
    })

    t.test('a deleted product is gone with its variants, and deletion events are in the outbox', async (t) => {
      const product = await createProduct(app, admin, shirtInput({ handle: 'to-delete' }, 'DEL'))
      const res = await app.inject({ method: 'DELETE', url: `/admin/products/${product.id}`, headers: admin })
      t.equal(res.statusCode, 204)
      t.equal((await app.inject({ url: `/admin/products/${product.id}`, headers: admin })).statusCode, 404)
      t.equal(await knex('catalog_variants').whereIn('id', product.variants.map((v) => v.id)).first(), undefined)
      const deleted = await knex('comptoir_outbox').where({ name: 'catalog.product.deleted' }).pluck('payload') as Array<{ productId: string, variantIds: string[] }>
      t.match(deleted.find((p) => p.productId === product.id), { handle: 'to-delete', variantIds: product.variants.map((v) => v.id).sort() })
    })

    t.test('admin routes need a token, and writes need catalog:write', async (t) => {
      t.equal((await app.inject({ url: '/admin/products' })).statusCode, 401)
      const reader = await adminHeaders(app, ['catalog:read'])
      t.equal((await app.inject({ url: '/admin/products', headers: reader })).statusCode, 200)
      const denied = await app.inject({ method: 'POST', url: '/admin/products', headers: reader, payload: shirtInput({ handle: 'denied' }, 'DENIED') })
      t.equal(denied.statusCode, 403)
      t.equal(await knex('catalog_products').where({ handle: 'denied' }).first(), undefined)
    })

    t.test('a create retried with the same Idempotency-Key replays the first answer and creates once', async (t) => {
      const headers = { ...admin, 'idempotency-key': 'create-once-1' }
      const first = await app.inject({ method: 'POST', url: '/admin/products', headers, payload: shirtInput({ handle: 'once' }, 'ONCE') })
      const again = await app.inject({ method: 'POST', url: '/admin/products', headers, payload: shirtInput({ handle: 'once' }, 'ONCE') })
      t.equal(first.statusCode, 201)
      t.equal(again.statusCode, 201)
      t.equal(again.json<Product>().id, first.json<Product>().id)
      t.equal(await knex('catalog_products').where({ handle: 'once' }).count({ n: '*' }).then((r) => Number(r[0]?.n)), 1)
    })

    t.test('concurrent creates with one SKU: exactly one wins, the others get 409', async (t) => {
      const results = await Promise.all([1, 2, 3, 4, 5, 6].map(async (n) => await app.inject({
        method: 'POST', url: '/admin/products', headers: admin, payload: { title: `Race ${n}`, handle: `race-${n}`, variants: [{ sku: 'RACE-SKU' }] },
      })))
      t.same(results.map((r) => r.statusCode).sort(), [201, 409, 409, 409, 409, 409])
      t.equal(await knex('catalog_variants').where({ sku: 'RACE-SKU' }).count({ n: '*' }).then((r) => Number(r[0]?.n)), 1)
    })
  })
}
