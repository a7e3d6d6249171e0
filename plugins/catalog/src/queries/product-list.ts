import type { Db } from '@comptoir/core'
import type { QueryBuilder } from './query-builder.js'
import type { ProductSort } from '../schemas/index.js'
import { inCategorySql } from '../services/categories.js'

/** What narrows a product list; every field is optional but the currency. */
export interface ListFilters {
  publishedOnly: boolean
  currency: string
  /** Materialised path of a category: its products and its descendants'. */
  categoryPath?: string
  collectionId?: string
  tag?: string
  /** Option name → accepted values (alternatives); several options must all match. */
  options?: Map<string, string[]>
  minPrice?: number
  maxPrice?: number
  tsquery?: string
}

/** Columns of a list item read with the page itself (no extra query for the product's own fields). */
export const summaryColumns = ['p.id', 'p.handle', 'p.title', 'p.vendor', 'p.product_type', 'p.tags', 'p.published_at', 'p.created_at']
export const createdKeySql = `to_char(p.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
/** Lowest current price of the product in a currency (sale prices included). */
const lowestPriceSql = `left join lateral (
  select min(e.amount) as price from catalog_variants v
  join catalog_effective_prices e on e.variant_id = v.id and e.currency = ?
  where v.product_id = p.id) pr on true`
const optionValueSql = 'case o.position when 1 then v.option1 when 2 then v.option2 else v.option3 end'
/** Sorts products without a price in the currency last, whichever the direction. */
const noPriceAsc = 999_999_999_999_999
const noPriceDesc = -1

export function needsPrice (filters: ListFilters, sort: ProductSort): boolean {
  return filters.minPrice != null || filters.maxPrice != null || sort === 'price-asc' || sort === 'price-desc'
}

/** `from catalog_products p` with every filter applied; selects nothing yet. */
export function filteredProducts (db: Db, filters: ListFilters, withPrice: boolean): QueryBuilder {
  const query = db('catalog_products as p')
  if (withPrice) void query.joinRaw(lowestPriceSql, [filters.currency])
  if (filters.publishedOnly) void query.where('p.status', 'published')
  if (filters.tsquery != null) void query.whereRaw("p.search_vector @@ to_tsquery('simple', ?)", [filters.tsquery])
  if (filters.categoryPath != null) void query.whereRaw(inCategorySql, [`${filters.categoryPath}%`])
  if (filters.collectionId != null) {
    void query.whereRaw('exists (select 1 from catalog_collection_products cp where cp.product_id = p.id and cp.collection_id = ?)', [filters.collectionId])
  }
  if (filters.tag != null) void query.whereRaw('p.tags @> array[?]::text[]', [filters.tag])
  for (const [name, values] of filters.options ?? []) {
    void query.whereRaw(`exists (select 1 from catalog_product_options o join catalog_variants v on v.product_id = o.product_id
      where o.product_id = p.id and lower(o.name) = ? and lower(${optionValueSql}) = any(?::text[]))`, [name, values])
  }
  if (filters.minPrice != null) void query.where('pr.price', '>=', filters.minPrice)
  if (filters.maxPrice != null) void query.where('pr.price', '<=', filters.maxPrice)
  return query
}

export interface SortedList {
  query: QueryBuilder
  columns: string[]
  direction: 'asc' | 'desc'
  keyOf: (row: ListRow) => Array<string | number>
}

export interface ListRow {
  id: string
  handle: string
  title: string
  vendor: string | null
  product_type: string | null
  tags: string[]
  published_at: Date | null
  created_at: Date
  created_key: string
  sort_price?: number
  rank?: number
}

/**
 * The page query of a list: the filtered products with their sort key, as a derived table `l`
 * so the keyset condition names plain columns. PostgreSQL flattens it: the newest-first page
 * is a backward scan of the partial index on (created_at, id).
 */
export function sortedProducts (db: Db, filters: ListFilters, sort: ProductSort): SortedList {
  const inner = filteredProducts(db, filters, needsPrice(filters, sort)).select(summaryColumns).select(db.raw(`${createdKeySql} as created_key`))
  if (sort === 'price-asc' || sort === 'price-desc') {
    void inner.select(db.raw('coalesce(pr.price, ?)::bigint as sort_price', [sort === 'price-asc' ? noPriceAsc : noPriceDesc]))
  }
  if (sort === 'relevance') {
    // Integer rank: a cursor must carry the exact value (a float4 would not survive JSON).
    void inner.select(db.raw("(ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', p.search_vector, to_tsquery('simple', ?)) * 1000000)::bigint as rank", [filters.tsquery ?? '']))
  }
  const query = db.from(inner.as('l')).select('l.*')
  switch (sort) {
    case 'price-asc':
    case 'price-desc':
      return { query, columns: ['l.sort_price', 'l.id'], direction: sort === 'price-asc' ? 'asc' : 'desc', keyOf: (r) => [Number(r.sort_price), r.id] }
    case 'title-asc':
    case 'title-desc':
      return { query, columns: ['l.title', 'l.id'], direction: sort === 'title-asc' ? 'asc' : 'desc', keyOf: (r) => [r.title, r.id] }
    case 'relevance':
      return { query, columns: ['l.rank', 'l.id'], direction: 'desc', keyOf: (r) => [Number(r.rank), r.id] }
    default:
      return { query, columns: ['l.created_at', 'l.id'], direction: 'desc', keyOf: (r) => [r.created_key, r.id] }
  }
}
