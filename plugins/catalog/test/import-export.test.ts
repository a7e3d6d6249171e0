import { readFile } from 'node:fs/promises'
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { createTestDatabases } from '@comptoir/core/testing'
import type { Product, ProductImport, ProductSummary } from '@comptoir/plugin-catalog'
import { catalogApp, testEngines, type Headers } from './helpers.js'

const dbs = createTestDatabases(t)
const fixture = await readFile(new URL('./fixtures/shopify-products.csv', import.meta.url), 'utf8')

async function upload (app: FastifyInstance, admin: Headers, csv: string, contentType = 'text/csv'): Promise<{ statusCode: number, body: ProductImport & { code?: string } }> {
  const res = await app.inject({ method: 'POST', url: '/admin/product-imports?filename=products.csv', headers: { ...admin, 'content-type': contentType }, payload: csv })
  return { statusCode: res.statusCode, body: res.json() }
}

/** Polls the import until its job finished (the in-process engine runs it in this app). */
async function finished (app: FastifyInstance, admin: Headers, importId: string): Promise<ProductImport> {
  for (let i = 0; i < 300; i++) {
    const current = (await app.inject({ url: `/admin/product-imports/${importId}`, headers: admin })).json<ProductImport>()
    if (current.status === 'completed' || current.status === 'failed') return current
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`import ${importId} did not finish`)
}

async function importCsv (app: FastifyInstance, admin: Headers, csv: string): Promise<ProductImport> {
  const res = await upload(app, admin, csv)
  if (res.statusCode !== 202) throw new Error(`upload: ${res.statusCode} ${JSON.stringify(res.body)}`)
  return await finished(app, admin, res.body.id)
}

async function exportCsv (app: FastifyInstance, admin: Headers): Promise<string> {
  const res = await app.inject({ url: '/admin/products/export.csv', headers: admin })
  if (res.statusCode !== 200) throw new Error(`export: ${res.statusCode} ${res.body}`)
  return res.body
}

async function productByHandle (app: FastifyInstance, admin: Headers, handle: string): Promise<Product> {
  const list = (await app.inject({ url: `/admin/products?q=${handle}`, headers: admin })).json<{ items: ProductSummary[] }>()
  const id = list.items.find((p) => p.handle === handle)?.id
  return (await app.inject({ url: `/admin/products/${id ?? 'x'}`, headers: admin })).json<Product>()
}

for (const engine of testEngines()) {
  t.test(engine, async (t) => {
    const { app, admin } = await catalogApp(dbs, t, engine)
    const first = await importCsv(app, admin, fixture)

    t.test('a Shopify CSV imports as a job: good rows in, bad rows reported by row and column', async (t) => {
      t.match(first, { status: 'completed', progress: 100, filename: 'products.csv', rowsProcessed: 11, rowsFailed: 2, productsCreated: 4, productsUpdated: 0, variantsCreated: 8 })
      t.equal(first.bytesTotal, Buffer.byteLength(fixture))
      const errors = (await app.inject({ url: `/admin/product-imports/${first.id}/errors`, headers: admin })).json<{ items: unknown[] }>()
      t.match(errors.items, [
        { row: 8, column: 'Variant Price', reason: /'19O.00' is not a price in EUR/ },
        { row: 10, column: 'Title', reason: /required to create product 'no-title-product'/ },
      ])
      const imports = (await app.inject({ url: '/admin/product-imports', headers: admin })).json<{ items: ProductImport[] }>()
      t.equal(imports.items[0]?.id, first.id)
      const finishedEvent = await app.comptoir.database.knex('comptoir_outbox').where({ name: 'catalog.import.finished' }).first() as { payload: unknown }
      t.same(finishedEvent.payload, { importId: first.id, status: 'completed', rowsProcessed: 11, rowsFailed: 2 })
    })

    t.test('the import leaves fresh planner statistics on the tables it filled', async (t) => {
      // reltuples is -1 until a table is analysed (PostgreSQL 14+); autovacuum would come much later.
      const knex = app.comptoir.database.knex
      for (const table of ['catalog_products', 'catalog_variants', 'catalog_prices']) {
        const [{ count }] = await knex(table).count({ count: '*' }) as Array<{ count: string | number }>
        const stats = (await knex.raw('select reltuples from pg_class where oid = to_regclass(?)', [table])).rows[0] as { reltuples: number }
        t.equal(Number(stats.reltuples), Number(count), `${table}: statistics count its rows`)
      }
    })

    t.test('multi-variant products, images on continuation rows and quoted HTML arrive intact', async (t) => {
      const tee = await productByHandle(app, admin, 'organic-tee')
      t.match(tee, { title: 'Organic Tee, Relaxed Fit', vendor: 'Atelier Nord', productType: 'T-Shirt', status: 'published', tags: ['organic', 'summer', 'bestseller'], seoTitle: 'Organic Tee' })
      t.match(tee.description, /<li>Made in Portugal, "fair trade"<\/li>\n<\/ul>$/)
      t.notMatch(tee.description, /script/)
      t.same(tee.options.map((o) => [o.name, o.values]), [['Size', ['S', 'M']], ['Color', ['White', 'Black']]])
      t.same(tee.variants.map((v) => [v.sku, v.title, v.weightGrams, v.barcode]), [['TEE-S-WHT', 'S / White', 180, '3760000000011'], ['TEE-M-WHT', 'M / White', 190, '3760000000028'], ['TEE-M-BLK', 'M / Black', 190, null]])
      t.same(tee.variants[0]?.prices, [{ currency: 'EUR', amount: 2900, compareAtAmount: 3500 }, { currency: 'USD', amount: 3200, compareAtAmount: null }])
      t.same(tee.variants[2]?.prices, [{ currency: 'EUR', amount: 3150, compareAtAmount: null }, { currency: 'USD', amount: 3400, compareAtAmount: null }])
      t.same(tee.images.map((i) => [i.url.split('/').pop(), i.position, i.alt]), [['tee-white.jpg', 1, 'Organic tee, white'], ['tee-black.jpg', 2, 'Organic tee, black'], ['tee-detail.jpg', 3, 'Detail, stitching'], ['tee-back.jpg', 4, 'Back']])
      const white = tee.images[0]?.id as string
      t.same(tee.variants.map((v) => v.imageIds), [[white], [white], [tee.images[1]?.id]])
      const mug = await productByHandle(app, admin, 'gift-mug')
      t.match(mug, { status: 'draft', options: [], variants: [{ sku: 'MUG-1', title: 'Default', options: {} }] })
      const napkins = await productByHandle(app, admin, 'linen-napkins')
      t.equal(napkins.status, 'archived')
      const jacket = await productByHandle(app, admin, 'waxed-jacket')
      t.same(jacket.variants.map((v) => v.sku), ['JKT-M', 'JKT-L'], 'the bad row is the only one missing')
    })

    t.test('importing the same file again creates nothing and keeps every id', async (t) => {
      const before = await productByHandle(app, admin, 'organic-tee')
      const again = await importCsv(app, admin, fixture)
      t.match(again, { status: 'completed', rowsFailed: 2, productsCreated: 0, productsUpdated: 4, variantsCreated: 0, variantsUpdated: 8 })
      const after = await productByHandle(app, admin, 'organic-tee')
      t.same(after.variants.map((v) => v.id), before.variants.map((v) => v.id))
      t.same(after.images.map((i) => i.id), before.images.map((i) => i.id))
      t.same({ ...after, updatedAt: '', variants: after.variants.map((v) => ({ ...v, updatedAt: '' })) }, { ...before, updatedAt: '', variants: before.variants.map((v) => ({ ...v, updatedAt: '' })) })
    })

    t.test('an edited file upserts by handle and SKU; what a clean product leaves out is removed', async (t) => {
      const edited = fixture.replace('TEE-M-BLK,190,', 'TEE-M-BLK,200,').split('\n').filter((line) => !line.startsWith('linen-napkins,,')).join('\n')
      const result = await importCsv(app, admin, edited)
      t.match(result, { productsCreated: 0, variantsCreated: 0, variantsUpdated: 7 })
      const tee = await productByHandle(app, admin, 'organic-tee')
      t.equal(tee.variants[2]?.weightGrams, 200)
      const napkins = await productByHandle(app, admin, 'linen-napkins')
      t.same(napkins.variants.map((v) => v.sku), ['NAP-SAND'])
      t.ok(await app.comptoir.database.knex('comptoir_outbox').where({ name: 'catalog.variant.deleted' }).whereRaw("payload->>'sku' = 'NAP-RUST'").first())
    })

    t.test('the export is the same format: imported into an emptied store it exports identically', async (t) => {
      const exported = await exportCsv(app, admin)
      t.match(exported, /^Handle,Title,Body \(HTML\),Vendor,Type,Tags,Published,Option1 Name/)
      t.match(exported, /,Price \/ USD,Compare At Price \/ USD\n/)
      const original = await productByHandle(app, admin, 'organic-tee')
      // Empty the store (one app at a time: embedded test apps share a PGlite session).
      const all = (await app.inject({ url: '/admin/products?limit=100', headers: admin })).json<{ items: ProductSummary[] }>()
      for (const p of all.items) await app.inject({ method: 'DELETE', url: `/admin/products/${p.id}`, headers: admin })
      t.equal(await exportCsv(app, admin), exported.split('\n')[0] + '\n', 'an empty store exports the header only')
      const imported = await importCsv(app, admin, exported)
      t.match(imported, { status: 'completed', rowsFailed: 0, productsCreated: 4 })
      t.equal(await exportCsv(app, admin), exported, 'round trip preserves the data')
      const copied = await productByHandle(app, admin, 'organic-tee')
      const strip = (p: Product): unknown => ({
        ...p, id: '', createdAt: '', updatedAt: '', publishedAt: '',
        options: p.options.map((o) => ({ ...o, id: '' })),
        images: p.images.map((i) => ({ ...i, id: '', productId: '', variantIds: i.variantIds.length })),
        variants: p.variants.map((v) => ({ ...v, id: '', productId: '', createdAt: '', updatedAt: '', imageIds: v.imageIds.length })),
      })
      t.same(strip(copied), strip(original))
    })

    t.test('bad uploads: not CSV, empty, no Handle column, too large; nothing is queued', async (t) => {
      const before = (await app.inject({ url: '/admin/product-imports?limit=100', headers: admin })).json<{ items: unknown[] }>().items.length
      const json = await upload(app, admin, '{"a":1}', 'application/json')
      t.equal(json.statusCode, 415)
      t.equal(json.body.code, 'CATALOG_IMPORT_NOT_CSV')
      const empty = await upload(app, admin, '')
      t.equal(empty.statusCode, 400)
      t.equal(empty.body.code, 'CATALOG_IMPORT_EMPTY')
      const header = await upload(app, admin, 'Name,Price\nshirt,10\n')
      t.equal(header.statusCode, 422)
      t.equal(header.body.code, 'CATALOG_IMPORT_BAD_HEADER')
      t.equal((await app.inject({ url: '/admin/product-imports?limit=100', headers: admin })).json<{ items: unknown[] }>().items.length, before)
      const reader = await app.inject({ method: 'POST', url: '/admin/product-imports', headers: { 'content-type': 'text/csv' }, payload: fixture })
      t.equal(reader.statusCode, 401)
      t.equal((await app.inject({ url: '/admin/product-imports/00000000-0000-4000-8000-000000000000', headers: admin })).json().code, 'CATALOG_IMPORT_NOT_FOUND')
    })

    t.test('a file whose CSV breaks midway keeps the rows before the break and fails with the reason', async (t) => {
      const lines = fixture.split('\n')
      const broken = [...lines.slice(0, 15), 'broken-product,"Unclosed "quote" here,,', ...lines.slice(15)].join('\n').replace('Stoneware Mug', 'Stoneware Mug II')
      const result = await importCsv(app, admin, broken)
      t.match(result, { status: 'failed', rowsProcessed: 8, error: /cannot be read after row 9: CSV_INVALID_CLOSING_QUOTE/ })
      t.equal((await productByHandle(app, admin, 'gift-mug')).title, 'Stoneware Mug II', 'the last product before the break is written')
    })

    t.test('new products are written in batches with one batch event; a refused product and SKU clashes are reported as one by one', async (t) => {
      const knex = app.comptoir.database.knex
      const head = 'Handle,Title,Vendor,Option1 Name,Option1 Value,Variant SKU,Variant Price'
      const clean = [head, 'batch-d,Batch D,,Size,S,BD-1,10.00', 'batch-d,,,,M,BD-2,10.00', 'batch-e,Batch E,,Size,S,BD-1,10.00', 'batch-e,,,,M,BE-2,10.00'].join('\n')
      const first = await importCsv(app, admin, clean)
      t.match(first, { status: 'completed', rowsProcessed: 4, rowsFailed: 1, productsCreated: 2, variantsCreated: 3 })
      const errors = (await app.inject({ url: `/admin/product-imports/${first.id}/errors`, headers: admin })).json<{ items: unknown[] }>()
      t.match(errors.items, [{ row: 4, column: 'Variant SKU', reason: "'BD-1' already belongs to product 'batch-d'" }], 'a SKU taken earlier in the same batch')
      const events = await knex('comptoir_outbox').whereIn('name', ['catalog.variant.created', 'catalog.variants.created', 'catalog.product.created', 'catalog.products.created'])
        .where('occurred_at', '>=', first.createdAt).orderBy('name').select('name', 'payload') as Array<{ name: string, payload: { variants?: Array<{ sku: string }> } }>
      t.same(events.map((e) => e.name), ['catalog.products.created', 'catalog.variants.created'], 'one batch event each, no per-row events')
      t.same(events[1]?.payload.variants?.map((v) => v.sku).sort(), ['BD-1', 'BD-2', 'BE-2'])

      const refused = [head, 'batch-f,Batch F,,Size,S,BF-1,10.00', `batch-g,Batch G,${'v'.repeat(300)},Size,S,BG-1,10.00`, 'batch-h,Batch H,,Size,S,BF-1,10.00',
        'batch-f,Batch F again,,Size,S,BF-1,12.00'].join('\n')
      const second = await importCsv(app, admin, refused)
      t.match(second, { status: 'completed', rowsProcessed: 4, rowsFailed: 2, productsCreated: 2, productsUpdated: 1, variantsCreated: 1, variantsUpdated: 1 })
      const refusedErrors = (await app.inject({ url: `/admin/product-imports/${second.id}/errors`, headers: admin })).json<{ items: unknown[] }>()
      t.match(refusedErrors.items, [
        { row: 3, column: null, reason: /^product 'batch-g' could not be saved: the database refused it/ },
        { row: 4, column: 'Variant SKU', reason: "'BF-1' already belongs to product 'batch-f'" },
      ])
      const f = await productByHandle(app, admin, 'batch-f')
      t.match(f, { title: 'Batch F again', variants: [{ sku: 'BF-1', prices: [{ currency: 'EUR', amount: 1200 }] }] }, 'a handle met again further down updates the product')
    })
  })

  t.test(`${engine}: an upload over importMaxBytes is a 413 and queues nothing`, async (t) => {
    const { app, admin } = await catalogApp(dbs, t, engine, { importMaxBytes: 1024 })
    const large = await upload(app, admin, fixture)
    t.equal(large.statusCode, 413)
    t.equal(large.body.code, 'CATALOG_IMPORT_TOO_LARGE')
    t.equal((await app.inject({ url: '/admin/product-imports', headers: admin })).json<{ items: unknown[] }>().items.length, 0)
  })
}
