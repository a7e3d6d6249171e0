import { pipeline, Readable } from 'node:stream'
import { stringify } from 'csv-stringify'
import type { Db } from '@comptoir/core'
import { formatDecimalAmount } from '../decimal-money.js'
import { loadProducts } from '../hydrate.js'
import type { Product, Variant } from '../schemas/index.js'
import { compareAtColumn, priceColumn, shopifyColumns } from './columns.js'

/** Products loaded per batch while exporting: memory holds one batch, whatever the catalog's size. */
const batchSize = 100

function statusCells (product: Product): { Published: string, Status: string } {
  if (product.status === 'published') return { Published: 'TRUE', Status: 'active' }
  return { Published: 'FALSE', Status: product.status }
}

function priceCells (variant: Variant, currency: string, priceCol: string, compareCol: string): Record<string, string> {
  const price = variant.prices.find((p) => p.currency === currency)
  return {
    [priceCol]: price == null ? '' : formatDecimalAmount(price.amount, currency),
    [compareCol]: price?.compareAtAmount == null ? '' : formatDecimalAmount(price.compareAtAmount, currency),
  }
}

/** A product as Shopify writes it: product fields on the first row, one variant and/or image per row. */
export function productRecords (product: Product, mainCurrency: string, otherCurrencies: readonly string[]): Array<Record<string, string>> {
  const records: Array<Record<string, string>> = []
  const count = Math.max(1, product.variants.length, product.images.length)
  for (let i = 0; i < count; i++) {
    const record: Record<string, string> = { Handle: product.handle }
    if (i === 0) {
      Object.assign(record, {
        Title: product.title,
        'Body (HTML)': product.description,
        Vendor: product.vendor ?? '',
        Type: product.productType ?? '',
        Tags: product.tags.join(', '),
        'SEO Title': product.seoTitle ?? '',
        'SEO Description': product.seoDescription ?? '',
        ...statusCells(product),
      })
      if (product.options.length === 0 && product.variants.length > 0) record['Option1 Name'] = 'Title'
      product.options.forEach((option, index) => { record[`Option${index + 1} Name`] = option.name })
    }
    const variant = product.variants[i]
    if (variant != null) {
      if (product.options.length === 0) record['Option1 Value'] = 'Default Title'
      product.options.forEach((option, index) => { record[`Option${index + 1} Value`] = variant.options[option.name] ?? '' })
      Object.assign(record, {
        'Variant SKU': variant.sku ?? '',
        'Variant Grams': variant.weightGrams == null ? '' : String(variant.weightGrams),
        'Variant Barcode': variant.barcode ?? '',
        'Variant Weight Unit': 'g',
        'Variant Image': product.images.find((img) => img.id === variant.imageIds[0])?.url ?? '',
        ...priceCells(variant, mainCurrency, 'Variant Price', 'Variant Compare At Price'),
      })
      for (const currency of otherCurrencies) Object.assign(record, priceCells(variant, currency, priceColumn(currency), compareAtColumn(currency)))
    }
    const image = product.images[i]
    if (image != null) {
      Object.assign(record, { 'Image Src': image.url, 'Image Position': String(image.position), 'Image Alt Text': image.alt ?? '' })
    }
    records.push(record)
  }
  return records
}

async function * batches (db: Db): AsyncGenerator<Product[]> {
  let after: string | null = null
  for (;;) {
    const query = db('catalog_products').orderBy('handle').limit(batchSize)
    if (after != null) void query.where('handle', '>', after)
    const handles = await query.select('id', 'handle') as Array<{ id: string, handle: string }>
    if (handles.length === 0) return
    yield await loadProducts(db, handles.map((h) => h.id))
    after = (handles[handles.length - 1] as { handle: string }).handle
  }
}

/** Every product as a Shopify product CSV, streamed batch by batch (keyset on handle). */
export function exportProductsCsv (db: Db, mainCurrency: string, otherCurrencies: readonly string[]): Readable {
  const columns = [...shopifyColumns, ...otherCurrencies.flatMap((c) => [priceColumn(c), compareAtColumn(c)])]
  async function * records (): AsyncGenerator<Record<string, string>> {
    for await (const products of batches(db)) {
      for (const product of products) yield * productRecords(product, mainCurrency, otherCurrencies)
    }
  }
  // pipeline, not pipe: a database error ends the response with an error instead of a truncated file.
  return pipeline(Readable.from(records()), stringify({ header: true, columns, quoted_match: /[\r\n]/ }), () => {})
}
