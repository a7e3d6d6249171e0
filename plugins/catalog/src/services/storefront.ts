import { keysetPage, type Cradle, type Ctx, type PageOf, type PluginScope } from '@comptoir/core'
import type { CatalogConfig } from '../config.js'
import { CatalogNotFoundError, InvalidPriceRangeError, SortNeedsQueryError, UnsupportedCurrencyError } from '../errors.js'
import { searchFacets } from '../queries/facets.js'
import { sortedProducts, type ListFilters, type ListRow } from '../queries/product-list.js'
import { buildTsQuery } from '../queries/search-terms.js'
import { toStoreSummaries } from '../queries/store-hydrate.js'
import { loadStoreProduct } from '../queries/store-product.js'
import type { ProductSort, SearchQuery, SearchResult, StoreProduct, StoreProductQuery, StoreProductSummary } from '../schemas/index.js'
import { categoryByHandle } from './categories.js'

/** `Size:M` entries → option name (lower-case) → accepted values (lower-case). */
function optionFilters (entries: readonly string[] | undefined): Map<string, string[]> | undefined {
  if (entries == null || entries.length === 0) return undefined
  const map = new Map<string, string[]>()
  for (const entry of entries) {
    const at = entry.indexOf(':')
    const name = entry.slice(0, at).trim().toLowerCase()
    const value = entry.slice(at + 1).trim().toLowerCase()
    map.set(name, [...(map.get(name) ?? []), value])
  }
  return map
}

/**
 * The storefront: published products only, prices in the requested currency (sales applied),
 * stock status when an availability provider is registered.
 */
export function createStorefrontService ({ catalogAvailability, catalogCollections }: Cradle, { config }: PluginScope<CatalogConfig>) {
  function currencyOf (requested: string | undefined): string {
    const currency = requested ?? config.currencies[0] as string
    if (!config.currencies.includes(currency)) throw new UnsupportedCurrencyError(currency, config.currencies)
    return currency
  }

  async function filtersOf (ctx: Ctx, query: StoreProductQuery): Promise<ListFilters> {
    if (query.minPrice != null && query.maxPrice != null && query.minPrice > query.maxPrice) throw new InvalidPriceRangeError(query.minPrice, query.maxPrice)
    return {
      publishedOnly: true,
      currency: currencyOf(query.currency),
      ...(query.category != null ? { categoryPath: (await categoryByHandle(ctx, query.category)).path } : {}),
      ...(query.collection != null ? { collectionId: await catalogCollections.idOf(ctx, query.collection) } : {}),
      ...(query.tag != null ? { tag: query.tag } : {}),
      ...(query.option != null ? { options: optionFilters(query.option) } : {}),
      ...(query.minPrice != null ? { minPrice: query.minPrice } : {}),
      ...(query.maxPrice != null ? { maxPrice: query.maxPrice } : {}),
      ...(query.q != null ? { tsquery: await buildTsQuery(ctx.db, query.q) } : {}),
    }
  }

  async function page (ctx: Ctx, query: StoreProductQuery, filters: ListFilters, sort: ProductSort): Promise<PageOf<StoreProductSummary>> {
    if (sort === 'relevance' && filters.tsquery == null) throw new SortNeedsQueryError()
    const list = sortedProducts(ctx.db, filters, sort)
    const result = await keysetPage<ListRow>(list.query, query, {
      list: `catalog.store-products.${sort}`, columns: list.columns, direction: list.direction, keyOf: list.keyOf,
    })
    return { items: await toStoreSummaries(ctx, result.items, filters.currency, catalogAvailability), nextCursor: result.nextCursor }
  }

  return {
    /** Published products with filters and sorts, one cursor page at a time. */
    async list (ctx: Ctx, query: StoreProductQuery): Promise<PageOf<StoreProductSummary>> {
      const filters = await filtersOf(ctx, query)
      return await page(ctx, query, filters, query.sort ?? (filters.tsquery != null ? 'relevance' : 'newest'))
    },

    /** Full-text search with typo tolerance; the first page carries facet counts of the whole result set. */
    async search (ctx: Ctx, query: SearchQuery): Promise<SearchResult> {
      const filters = await filtersOf(ctx, query)
      const result = await page(ctx, query, filters, query.sort ?? 'relevance')
      const facets = query.cursor == null ? await searchFacets(ctx.db, filters, config.priceBuckets) : null
      return { ...result, facets }
    },

    /** A published product by handle, with variants, options, images, prices and availability. */
    async getByHandle (ctx: Ctx, handle: string, currency: string | undefined): Promise<StoreProduct> {
      const product = await loadStoreProduct(ctx, handle, currencyOf(currency), catalogAvailability)
      if (product == null) throw new CatalogNotFoundError('product', handle)
      return product
    },
  }
}

export type StorefrontService = ReturnType<typeof createStorefrontService>
