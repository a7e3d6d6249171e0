import t from 'tap'
import { createTestDatabases } from '@comptoir/core/testing'
import type { Image, Product, Variant } from '@comptoir/plugin-catalog'
import { catalogApp, createProduct, shirtInput, testEngines } from './helpers.js'

const dbs = createTestDatabases(t)

for (const engine of testEngines()) {
  t.test(engine, async (t) => {
    const { app, admin } = await catalogApp(dbs, t, engine)
    const knex = app.comptoir.database.knex
    const inject = async (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object) =>
      await app.inject({ method, url, headers: admin, ...(payload != null ? { payload } : {}) })

    t.test('options are added, renamed and removed only while no variant depends on them', async (t) => {
      const product = await createProduct(app, admin, { title: 'Options Lab', handle: 'options-lab' })
      const added = await inject('POST', `/admin/products/${product.id}/options`, { name: 'Size', values: ['S', 'M'] })
      t.equal(added.statusCode, 201)
      const colour = (await inject('POST', `/admin/products/${product.id}/options`, { name: 'Colour', values: ['Red'] })).json<Product>()
      t.same(colour.options.map((o) => o.name), ['Size', 'Colour'])
      const dup = await inject('POST', `/admin/products/${product.id}/options`, { name: 'size', values: ['X'] })
      t.match(dup.json(), { code: 'CATALOG_OPTION_NAME_TAKEN', field: 'name' })
      await inject('POST', `/admin/products/${product.id}/options`, { name: 'Fit', values: ['Slim'] })
      const fourth = await inject('POST', `/admin/products/${product.id}/options`, { name: 'Sleeve', values: ['Long'] })
      t.equal(fourth.statusCode, 422)
      t.equal(fourth.json().code, 'CATALOG_TOO_MANY_OPTIONS')
      const size = colour.options[0] as { id: string }
      const removed = (await inject('DELETE', `/admin/products/${product.id}/options/${size.id}`)).json<Product>()
      t.same(removed.options.map((o) => [o.name, o.position]), [['Colour', 1], ['Fit', 2]], 'later options move up')

      const variant = await inject('POST', `/admin/products/${product.id}/variants`, { sku: 'OPT-1', options: { Colour: 'Blue', Fit: 'Slim' } })
      t.equal(variant.statusCode, 201)
      const withValue = (await inject('GET', `/admin/products/${product.id}`)).json<Product>()
      t.same(withValue.options[0]?.values, ['Red', 'Blue'], 'a new value joins its option')
      const blocked = await inject('POST', `/admin/products/${product.id}/options`, { name: 'Size', values: ['S'] })
      t.equal(blocked.statusCode, 409)
      t.equal(blocked.json().code, 'CATALOG_PRODUCT_HAS_VARIANTS')
      const colourId = withValue.options[0]?.id as string
      const inUse = await inject('PATCH', `/admin/products/${product.id}/options/${colourId}`, { values: ['Red'] })
      t.equal(inUse.statusCode, 409)
      t.match(inUse.json(), { code: 'CATALOG_OPTION_VALUE_IN_USE', values: ['Blue'] })
      const renamed = await inject('PATCH', `/admin/products/${product.id}/options/${colourId}`, { name: 'Color', values: ['Blue', 'Green'] })
      t.same(renamed.json<Product>().options[0], { id: colourId, name: 'Color', position: 1, values: ['Blue', 'Green'] })
      t.same(renamed.json<Product>().variants[0]?.options, { Color: 'Blue', Fit: 'Slim' })
      t.equal((await inject('DELETE', `/admin/products/${product.id}/options/00000000-0000-4000-8000-000000000000`)).json().code, 'CATALOG_OPTION_NOT_FOUND')
    })

    t.test('variants are created, changed and deleted; duplicate SKUs and option values are 409s naming the field', async (t) => {
      const product = await createProduct(app, admin, shirtInput({ handle: 'variant-lab' }, 'VLAB'))
      const created = await inject('POST', `/admin/products/${product.id}/variants`, { sku: 'VLAB-XL-BLUE', options: { Size: 'XL', Colour: 'Blue' }, weightGrams: 250, lengthMm: 300, prices: [{ currency: 'EUR', amount: 2900, compareAtAmount: 3900 }] })
      t.equal(created.statusCode, 201)
      const variant = created.json<Variant>()
      t.match(variant, { sku: 'VLAB-XL-BLUE', title: 'XL / Blue', weightGrams: 250, lengthMm: 300, prices: [{ currency: 'EUR', amount: 2900, compareAtAmount: 3900 }] })
      const sameOptions = await inject('POST', `/admin/products/${product.id}/variants`, { sku: 'VLAB-OTHER', options: { Size: 'XL', Colour: 'Blue' } })
      t.equal(sameOptions.statusCode, 409)
      t.match(sameOptions.json(), { code: 'CATALOG_VARIANT_OPTIONS_TAKEN', field: 'options' })
      const sameSku = await inject('PATCH', `/admin/variants/${variant.id}`, { sku: 'VLAB-M-BLUE' })
      t.equal(sameSku.statusCode, 409)
      t.match(sameSku.json(), { code: 'CATALOG_SKU_TAKEN', field: 'sku' })
      const patched = await inject('PATCH', `/admin/variants/${variant.id}`, { barcode: '123', options: { size: 'XXL', colour: 'Red' } })
      t.match(patched.json(), { barcode: '123', options: { Size: 'XXL', Colour: 'Red' } })
      t.equal((await inject('GET', `/admin/variants/${variant.id}`)).json<Variant>().barcode, '123')
      const deleted = await inject('DELETE', `/admin/variants/${variant.id}`)
      t.equal(deleted.statusCode, 204)
      t.equal((await inject('GET', `/admin/variants/${variant.id}`)).json().code, 'CATALOG_VARIANT_NOT_FOUND')
      const events = await knex('comptoir_outbox').whereIn('name', ['catalog.variant.created', 'catalog.variant.updated', 'catalog.variant.deleted'])
        .whereRaw("payload->>'variantId' = ?", [variant.id]).orderBy('occurred_at').pluck('name')
      t.same(events, ['catalog.variant.created', 'catalog.variant.updated', 'catalog.variant.deleted'])
    })

    t.test('a variant\'s prices are replaced as a set; removed currencies are reported with a null amount', async (t) => {
      const product = await createProduct(app, admin, shirtInput({ handle: 'price-lab' }, 'PLAB'))
      const variant = product.variants[0] as Variant
      const res = await inject('PUT', `/admin/variants/${variant.id}/prices`, { prices: [{ currency: 'USD', amount: 4100, compareAtAmount: 5000 }] })
      t.same(res.json<Variant>().prices, [{ currency: 'USD', amount: 4100, compareAtAmount: 5000 }])
      const event = await knex('comptoir_outbox').where({ name: 'catalog.price.updated' }).whereRaw("payload->>'variantId' = ?", [variant.id])
        .orderBy('occurred_at', 'desc').first() as { payload: { prices: unknown[] } }
      t.same(event.payload.prices, [{ currency: 'EUR', amount: null, compareAtAmount: null }, { currency: 'USD', amount: 4100, compareAtAmount: 5000 }])
      const negative = await inject('PUT', `/admin/variants/${variant.id}/prices`, { prices: [{ currency: 'EUR', amount: -1 }] })
      t.equal(negative.statusCode, 400)
      const float = await inject('PUT', `/admin/variants/${variant.id}/prices`, { prices: [{ currency: 'EUR', amount: 10.5 }] })
      t.equal(float.statusCode, 400)
    })

    t.test('images are added, tied to variants of their product, reordered and deleted', async (t) => {
      const product = await createProduct(app, admin, shirtInput({ handle: 'image-lab' }, 'ILAB'))
      const other = await createProduct(app, admin, shirtInput({ handle: 'image-lab-other' }, 'ILAB2'))
      const [v1, v2] = product.variants as [Variant, Variant]
      const added = await inject('POST', `/admin/products/${product.id}/images`, { url: 'https://img.example.com/back.jpg', alt: 'Back', variantIds: [v1.id] })
      t.equal(added.statusCode, 201)
      const image = added.json<Image>()
      t.match(image, { position: 1, variantIds: [v1.id] })
      const dup = await inject('POST', `/admin/products/${product.id}/images`, { url: 'https://img.example.com/back.jpg' })
      t.match(dup.json(), { code: 'CATALOG_IMAGE_TAKEN', field: 'url' })
      const foreign = await inject('PATCH', `/admin/images/${image.id}`, { variantIds: [other.variants[0]?.id] })
      t.equal(foreign.statusCode, 422)
      t.equal(foreign.json().code, 'CATALOG_UNKNOWN_REFERENCES')
      const badUrl = await inject('POST', `/admin/products/${product.id}/images`, { url: 'javascript:alert(1)' })
      t.equal(badUrl.statusCode, 400)
      const patched = await inject('PATCH', `/admin/images/${image.id}`, { position: 0, alt: null, variantIds: [v2.id] })
      t.match(patched.json(), { position: 0, alt: null, variantIds: [v2.id] })
      const read = (await inject('GET', `/admin/products/${product.id}`)).json<Product>()
      t.same(read.variants.find((v) => v.id === v2.id)?.imageIds, [image.id])
      t.equal((await inject('DELETE', `/admin/images/${image.id}`)).statusCode, 204)
      t.equal((await inject('DELETE', `/admin/images/${image.id}`)).json().code, 'CATALOG_IMAGE_NOT_FOUND')
    })

    t.test('a bulk price update writes by id and SKU all at once, or nothing when one target is unknown', async (t) => {
      const product = await createProduct(app, admin, shirtInput({ handle: 'bulk-lab' }, 'BULK'))
      const [v1, v2] = product.variants as [Variant, Variant]
      const bad = await inject('POST', '/admin/prices/bulk', { prices: [{ variantId: v1.id, currency: 'EUR', amount: 1 }, { sku: 'NOPE', currency: 'EUR', amount: 2 }] })
      t.equal(bad.statusCode, 422)
      t.match(bad.json(), { code: 'CATALOG_UNKNOWN_REFERENCES', field: 'sku', ids: ['NOPE'] })
      t.equal(Number((await knex('catalog_prices').where({ variant_id: v1.id, currency: 'EUR' }).first()).amount), 2000, 'unchanged')
      const ok = await inject('POST', '/admin/prices/bulk', {
        prices: [{ variantId: v1.id, currency: 'EUR', amount: 1500 }, { sku: v2.sku, currency: 'USD', amount: 9900, compareAtAmount: 12000 }, { sku: v2.sku, currency: 'EUR', amount: null }],
      })
      t.same(ok.json(), { updated: 3, variants: 2 })
      const prices = await knex('catalog_prices').whereIn('variant_id', [v1.id, v2.id]).orderBy(['variant_id', 'currency']).select('variant_id', 'currency', 'amount', 'compare_at_amount')
      t.same(prices.filter((p) => p.variant_id === v2.id).map((p) => [p.currency, Number(p.amount), p.compare_at_amount == null ? null : Number(p.compare_at_amount)]), [['USD', 9900, 12000]])
      t.equal(Number(prices.find((p) => p.variant_id === v1.id && p.currency === 'EUR')?.amount), 1500)
      const currency = await inject('POST', '/admin/prices/bulk', { prices: [{ variantId: v1.id, currency: 'GBP', amount: 1 }] })
      t.equal(currency.json().code, 'CATALOG_UNSUPPORTED_CURRENCY')
      const empty = await inject('POST', '/admin/prices/bulk', { prices: [] })
      t.equal(empty.statusCode, 400)
    })

    t.test('an active price list overrides the base price on the storefront, with the base as compare-at; a future one does not', async (t) => {
      const product = await createProduct(app, admin, shirtInput({ handle: 'sale-lab' }, 'SALE'))
      const [v1, v2] = product.variants as [Variant, Variant]
      const now = Date.now()
      const sale = (await inject('POST', '/admin/price-lists', { name: 'Summer sale', startsAt: new Date(now - 3600_000).toISOString(), endsAt: new Date(now + 3600_000).toISOString() })).json<{ id: string, active: boolean }>()
      t.equal(sale.active, true)
      const future = (await inject('POST', '/admin/price-lists', { name: 'Winter sale', startsAt: new Date(now + 86400_000).toISOString() })).json<{ id: string, active: boolean }>()
      t.equal(future.active, false)
      t.same((await inject('PUT', `/admin/price-lists/${sale.id}/prices`, { prices: [{ variantId: v1.id, currency: 'EUR', amount: 1500 }] })).json(), { updated: 1 })
      await inject('PUT', `/admin/price-lists/${future.id}/prices`, { prices: [{ variantId: v2.id, currency: 'EUR', amount: 100 }] })
      const store = (await app.inject({ url: '/store/products/sale-lab' })).json<{ variants: Array<{ id: string, price: unknown, compareAtPrice: unknown }> }>()
      t.same(store.variants.find((v) => v.id === v1.id), { ...store.variants.find((v) => v.id === v1.id), price: { amount: 1500, currency: 'EUR' }, compareAtPrice: { amount: 2000, currency: 'EUR' } })
      t.same(store.variants.find((v) => v.id === v2.id)?.price, { amount: 2200, currency: 'EUR' }, 'future list not applied')
      const listed = (await inject('GET', `/admin/price-lists/${sale.id}/prices`)).json()
      t.same(listed.items, [{ variantId: v1.id, currency: 'EUR', amount: 1500 }])
      t.match((await inject('PATCH', `/admin/price-lists/${sale.id}`, { name: 'Summer sale!' })).json(), { name: 'Summer sale!', active: true })
      await inject('PATCH', `/admin/price-lists/${sale.id}`, { name: 'Summer sale' })
      const period = await inject('PATCH', `/admin/price-lists/${sale.id}`, { endsAt: new Date(now - 86400_000).toISOString() })
      t.equal(period.statusCode, 422)
      t.equal(period.json().code, 'CATALOG_INVALID_PERIOD')
      t.equal((await inject('PUT', `/admin/price-lists/${sale.id}/prices`, { prices: [{ variantId: '00000000-0000-4000-8000-000000000000', currency: 'EUR', amount: 1 }] })).statusCode, 422)
      const lists = (await inject('GET', '/admin/price-lists')).json<{ items: Array<{ name: string }> }>()
      t.same(lists.items.map((l) => l.name), ['Summer sale', 'Winter sale'])
      t.equal((await inject('DELETE', `/admin/price-lists/${sale.id}`)).statusCode, 204)
      const after = (await app.inject({ url: '/store/products/sale-lab' })).json<{ variants: Array<{ id: string, price: unknown, compareAtPrice: unknown }> }>()
      t.same(after.variants.find((v) => v.id === v1.id)?.price, { amount: 2000, currency: 'EUR' })
      t.equal((await inject('GET', `/admin/price-lists/${sale.id}`)).json().code, 'CATALOG_PRICE_LIST_NOT_FOUND')
    })

    t.test('forPurchase gives carts status, effective price, title and image of many variants in one call', async (t) => {
      const product = await createProduct(app, admin, shirtInput({ handle: 'purchase-lab' }, 'PURCH'))
      const [m, l] = product.variants as [Variant, Variant]
      const sale = (await inject('POST', '/admin/price-lists', { name: 'Purchase sale' })).json<{ id: string }>()
      await inject('PUT', `/admin/price-lists/${sale.id}/prices`, { prices: [{ variantId: m.id, currency: 'EUR', amount: 1500 }] })
      const ctx = app.comptoir.systemCtx()
      const missing = '00000000-0000-4000-8000-000000000000'
      const found = await app.services.catalogVariants.forPurchase(ctx, [m.id, l.id, missing], 'eur')
      t.equal(found.size, 2, 'unknown ids are absent')
      t.match(found.get(m.id), { productId: product.id, sku: 'PURCH-M-BLUE', productTitle: 'Blue Cotton Shirt', variantTitle: 'M / Blue', productStatus: 'published', unitAmount: 1500, compareAtAmount: 2000, imageUrl: 'https://img.example.com/shirt-1.jpg' })
      t.match(found.get(l.id), { unitAmount: 2200, compareAtAmount: null })
      t.equal((await app.services.catalogVariants.forPurchase(ctx, [m.id], 'JPY')).get(m.id)?.unitAmount, null, 'unpriced in that currency')
      await inject('PATCH', `/admin/products/${product.id}`, { status: 'archived' })
      t.equal((await app.services.catalogVariants.forPurchase(ctx, [m.id], 'EUR')).get(m.id)?.productStatus, 'archived')
      await inject('DELETE', `/admin/price-lists/${sale.id}`)
    })
  })
}
