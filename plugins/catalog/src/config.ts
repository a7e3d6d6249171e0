import { CurrencyCode, Type, type Static } from '@comptoir/core'

/** The catalog's options, listed next to it in comptoir.config.ts. */
export const CatalogConfig = Type.Object({
  /** Currencies the store sells in; the first is the storefront default. Others are a 400. */
  currencies: Type.Array(CurrencyCode, { minItems: 1, maxItems: 30, uniqueItems: true, default: ['EUR', 'USD'] }),
  /** Currency of a Shopify CSV's `Variant Price` column; default: the first of `currencies`. */
  importCurrency: Type.Optional(CurrencyCode),
  /** Largest CSV an upload may send, in bytes (the file is streamed into storage, never held whole). */
  importMaxBytes: Type.Integer({ minimum: 1024, maximum: 4 * 1024 * 1024 * 1024, default: 512 * 1024 * 1024 }),
  /** Number of price buckets the search facets aim for. */
  priceBuckets: Type.Integer({ minimum: 2, maximum: 20, default: 5 }),
}, { additionalProperties: false, default: {} })
export type CatalogConfig = Static<typeof CatalogConfig>

/** The currency of an import's `Variant Price` column. */
export function importCurrencyOf (config: CatalogConfig): string {
  return config.importCurrency ?? config.currencies[0] as string
}
