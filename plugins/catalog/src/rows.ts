import type { Category, Collection } from './schemas/taxonomy.js'
import type { Image, Price, ProductOption, ProductStatus, ProductSummary, Variant } from './schemas/index.js'

export interface ProductRow {
  id: string
  handle: string
  title: string
  description: string
  status: ProductStatus
  vendor: string | null
  product_type: string | null
  tags: string[]
  metadata: Record<string, unknown>
  seo_title: string | null
  seo_description: string | null
  published_at: Date | null
  created_at: Date
  updated_at: Date
}
export const productColumns = ['id', 'handle', 'title', 'description', 'status', 'vendor', 'product_type', 'tags', 'metadata',
  'seo_title', 'seo_description', 'published_at', 'created_at', 'updated_at'] as const

export interface OptionRow { id: string, product_id: string, position: number, name: string, values: string[] }
export const optionColumns = ['id', 'product_id', 'position', 'name', 'values'] as const

export interface VariantRow {
  id: string
  product_id: string
  sku: string | null
  option1: string | null
  option2: string | null
  option3: string | null
  position: number
  barcode: string | null
  weight_grams: number | null
  length_mm: number | null
  width_mm: number | null
  height_mm: number | null
  created_at: Date
  updated_at: Date
}
export const variantColumns = ['id', 'product_id', 'sku', 'option1', 'option2', 'option3', 'position', 'barcode',
  'weight_grams', 'length_mm', 'width_mm', 'height_mm', 'created_at', 'updated_at'] as const

export interface PriceRow { variant_id: string, currency: string, amount: number, compare_at_amount: number | null }
export interface ImageRow { id: string, product_id: string, url: string, alt: string | null, position: number }
export const imageColumns = ['id', 'product_id', 'url', 'alt', 'position'] as const

export interface CategoryRow {
  id: string
  parent_id: string | null
  handle: string
  name: string
  description: string
  path: string
  position: number
  created_at: Date
  updated_at: Date
}
export const categoryColumns = ['id', 'parent_id', 'handle', 'name', 'description', 'path', 'position', 'created_at', 'updated_at'] as const

export interface CollectionRow { id: string, handle: string, title: string, description: string, created_at: Date, updated_at: Date }
export const collectionColumns = ['id', 'handle', 'title', 'description', 'created_at', 'updated_at'] as const

export function iso (value: Date | string): string {
  return new Date(value).toISOString()
}
export function isoOrNull (value: Date | string | null): string | null {
  return value == null ? null : iso(value)
}

/** A variant's option value at position 1..3. */
export function optionValueAt (row: VariantRow, position: number): string | null {
  return position === 1 ? row.option1 : position === 2 ? row.option2 : position === 3 ? row.option3 : null
}

/** A variant's values keyed by option name, in option order. */
export function variantOptions (row: VariantRow, options: readonly OptionRow[]): Record<string, string> {
  const result: Record<string, string> = {}
  for (const option of options) {
    const value = optionValueAt(row, option.position)
    if (value != null) result[option.name] = value
  }
  return result
}

export function variantTitle (values: Record<string, string>): string {
  const parts = Object.values(values)
  return parts.length === 0 ? 'Default' : parts.join(' / ')
}

export function toPrice (row: PriceRow): Price {
  return { currency: row.currency, amount: Number(row.amount), compareAtAmount: row.compare_at_amount == null ? null : Number(row.compare_at_amount) }
}

export function toOption (row: OptionRow): ProductOption {
  return { id: row.id, name: row.name, position: row.position, values: row.values }
}

export function toVariant (row: VariantRow, options: readonly OptionRow[], prices: readonly PriceRow[], imageIds: readonly string[]): Variant {
  const values = variantOptions(row, options)
  return {
    id: row.id,
    productId: row.product_id,
    sku: row.sku,
    title: variantTitle(values),
    options: values,
    position: row.position,
    barcode: row.barcode,
    weightGrams: row.weight_grams,
    lengthMm: row.length_mm,
    widthMm: row.width_mm,
    heightMm: row.height_mm,
    prices: prices.map(toPrice),
    imageIds: [...imageIds],
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  }
}

export function toImage (row: ImageRow, variantIds: readonly string[]): Image {
  return { id: row.id, productId: row.product_id, url: row.url, alt: row.alt, position: row.position, variantIds: [...variantIds] }
}

export function toProductSummary (row: ProductRow): ProductSummary {
  return {
    id: row.id,
    handle: row.handle,
    title: row.title,
    status: row.status,
    vendor: row.vendor,
    productType: row.product_type,
    tags: row.tags,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  }
}

/** Ancestor ids of a category from its materialised path (`/a/b/self/` → [a, b]). */
export function ancestorIds (path: string): string[] {
  return path.split('/').filter((s) => s !== '').slice(0, -1)
}

export function toCategory (row: CategoryRow): Category {
  return {
    id: row.id,
    handle: row.handle,
    name: row.name,
    description: row.description,
    parentId: row.parent_id,
    ancestorIds: ancestorIds(row.path),
    position: row.position,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  }
}

export function toCollection (row: CollectionRow): Collection {
  return { id: row.id, handle: row.handle, title: row.title, description: row.description, createdAt: iso(row.created_at), updatedAt: iso(row.updated_at) }
}

/** Groups rows by a key, keeping their order. */
export function groupBy<T> (rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const row of rows) {
    const k = key(row)
    const list = groups.get(k)
    if (list == null) groups.set(k, [row])
    else list.push(row)
  }
  return groups
}
