import { currencyExponent, parseDecimalAmount } from '../decimal-money.js'
import type { ProductStatus } from '../schemas/index.js'
import { cell, compareAtColumn, priceColumn, type CsvRecord } from './columns.js'

/** One rejected cell: the row is skipped, the rest of the file goes on. */
export interface RowError { row: number, column: string | null, reason: string }

export interface ProductFields {
  title?: string
  description?: string
  vendor?: string | null
  productType?: string | null
  tags?: string[]
  seoTitle?: string | null
  seoDescription?: string | null
  status?: ProductStatus
  /** Option names by position from the product's first row; undefined when the row names none. */
  optionNames?: string[]
}

/** A price cell: a number in minor units, null when the cell is empty (price removed), absent column → undefined. */
export interface ImportedPrice { currency: string, amount: number | null, compareAtAmount: number | null }

export interface VariantFields {
  values: string[]
  sku: string | null
  grams: number | null
  barcode: string | null
  prices: ImportedPrice[]
  imageUrl: string | null
}

export interface ImageFields { url: string, position: number | null, alt: string | null }

export interface ParsedRow {
  row: number
  handle: string
  variant: VariantFields | null
  image: ImageFields | null
}

const variantColumns = ['Option1 Value', 'Option2 Value', 'Option3 Value', 'Variant SKU', 'Variant Price', 'Variant Compare At Price', 'Variant Grams', 'Variant Barcode']

function fail (row: number, column: string, reason: string): never {
  throw Object.assign(new Error(reason), { rowError: { row, column, reason } satisfies RowError })
}

/** The RowError a parse function threw, or null for any other error. */
export function rowErrorOf (error: unknown): RowError | null {
  return (error as { rowError?: RowError }).rowError ?? null
}

function statusOf (record: CsvRecord, row: number): ProductStatus | undefined {
  const status = cell(record, 'Status')?.toLowerCase()
  const published = cell(record, 'Published')?.toLowerCase()
  if (published != null && published !== 'true' && published !== 'false') fail(row, 'Published', `must be TRUE or FALSE, not '${published}'`)
  if (status != null && !['active', 'draft', 'archived'].includes(status)) fail(row, 'Status', `must be active, draft or archived, not '${status}'`)
  if (status === 'archived') return 'archived'
  if (status === 'draft') return 'draft'
  if (status === 'active') return published === 'false' ? 'draft' : 'published'
  return published === 'true' ? 'published' : published === 'false' ? 'draft' : undefined
}

function optional (record: CsvRecord, column: string): string | null | undefined {
  if (!(column in record)) return undefined
  return cell(record, column) ?? null
}

/** Product fields of a product's first row. Columns absent from the file stay undefined (unchanged). */
export function parseProductFields (record: CsvRecord, row: number): ProductFields {
  const names = [1, 2, 3].map((i) => cell(record, `Option${i} Name`)).filter((n): n is string => n != null)
  const defaultOnly = names.length === 1 && names[0] === 'Title' && cell(record, 'Option1 Value') === 'Default Title'
  const title = cell(record, 'Title')
  if (title != null && title.length > 500) fail(row, 'Title', 'is longer than 500 characters')
  const tags = optional(record, 'Tags')
  const status = statusOf(record, row)
  return {
    ...(title != null ? { title } : {}),
    ...('Body (HTML)' in record ? { description: record['Body (HTML)'] ?? '' } : {}),
    ...(optional(record, 'Vendor') !== undefined ? { vendor: optional(record, 'Vendor') } : {}),
    ...(optional(record, 'Type') !== undefined ? { productType: optional(record, 'Type') } : {}),
    ...(tags !== undefined ? { tags: [...new Set((tags ?? '').split(',').map((t) => t.trim()).filter((t) => t !== ''))] } : {}),
    ...(optional(record, 'SEO Title') !== undefined ? { seoTitle: optional(record, 'SEO Title') } : {}),
    ...(optional(record, 'SEO Description') !== undefined ? { seoDescription: optional(record, 'SEO Description') } : {}),
    ...(status != null ? { status } : {}),
    ...(defaultOnly ? { optionNames: [] } : names.length > 0 ? { optionNames: names } : {}),
  }
}

function price (record: CsvRecord, column: string, currency: string, row: number): number | null {
  const text = cell(record, column)
  if (text == null) return null
  const amount = parseDecimalAmount(text, currency)
  if (amount == null) fail(row, column, `'${text.slice(0, 50)}' is not a price in ${currency} (at most ${currencyExponent(currency)} decimals)`)
  return amount
}

/**
 * Parses a row's variant and image parts; throws (see rowErrorOf) on the first bad cell.
 * `currencies`: the import currency first, then the others with a `Price / XXX` column in the file.
 */
export function parseRow (record: CsvRecord, row: number, optionNames: readonly string[], currencies: readonly string[]): ParsedRow {
  const handle = cell(record, 'Handle') as string
  const hasVariant = variantColumns.some((c) => cell(record, c) != null)
  for (const i of [1, 2, 3]) {
    const value = cell(record, `Option${i} Value`)
    if (value != null && i > optionNames.length && !(i === 1 && value === 'Default Title')) {
      fail(row, `Option${i} Value`, `the product has no option ${i} (Option${i} Name is empty on its first row)`)
    }
  }
  let variant: VariantFields | null = null
  if (hasVariant) {
    const values = optionNames.map((name, i) => {
      const value = cell(record, `Option${i + 1} Value`)
      if (value == null) fail(row, `Option${i + 1} Value`, `is required: the product has option '${name}'`)
      if (value.length > 255) fail(row, `Option${i + 1} Value`, 'is longer than 255 characters')
      return value
    })
    const gramsText = cell(record, 'Variant Grams')
    const grams = gramsText == null ? null : Number(gramsText)
    if (grams != null && (!Number.isFinite(grams) || grams < 0 || grams > 2_000_000_000)) fail(row, 'Variant Grams', `'${gramsText ?? ''}' is not a weight in grams`)
    const sku = cell(record, 'Variant SKU') ?? null
    if (sku != null && sku.length > 255) fail(row, 'Variant SKU', 'is longer than 255 characters')
    const [main, ...others] = currencies
    const prices: ImportedPrice[] = []
    if (main != null && 'Variant Price' in record) {
      prices.push({ currency: main, amount: price(record, 'Variant Price', main, row), compareAtAmount: price(record, 'Variant Compare At Price', main, row) })
    }
    for (const currency of others) {
      prices.push({ currency, amount: price(record, priceColumn(currency), currency, row), compareAtAmount: price(record, compareAtColumn(currency), currency, row) })
    }
    variant = { values, sku, grams: grams == null ? null : Math.round(grams), barcode: cell(record, 'Variant Barcode') ?? null, prices, imageUrl: cell(record, 'Variant Image') ?? null }
  }
  const url = cell(record, 'Image Src')
  let image: ImageFields | null = null
  if (url != null) {
    if (!/^https?:\/\/\S+$/.test(url) || url.length > 2048) fail(row, 'Image Src', 'must be an http(s) URL of at most 2048 characters')
    const positionText = cell(record, 'Image Position')
    const position = positionText == null ? null : Number(positionText)
    if (position != null && (!Number.isInteger(position) || position < 0)) fail(row, 'Image Position', `'${positionText ?? ''}' is not a position`)
    image = { url, position, alt: cell(record, 'Image Alt Text') ?? null }
  }
  return { row, handle, variant, image }
}
