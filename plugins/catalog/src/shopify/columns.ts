/** The Shopify product CSV columns the catalog reads and writes (others are ignored on import). */
export const shopifyColumns = [
  'Handle', 'Title', 'Body (HTML)', 'Vendor', 'Type', 'Tags', 'Published',
  'Option1 Name', 'Option1 Value', 'Option2 Name', 'Option2 Value', 'Option3 Name', 'Option3 Value',
  'Variant SKU', 'Variant Grams', 'Variant Price', 'Variant Compare At Price', 'Variant Barcode',
  'Image Src', 'Image Position', 'Image Alt Text', 'SEO Title', 'SEO Description', 'Variant Image', 'Variant Weight Unit', 'Status',
] as const
export type ShopifyColumn = typeof shopifyColumns[number]

/** Columns for prices in other currencies than `Variant Price`'s (Shopify's "Price / <market>" style). */
export function priceColumn (currency: string): string { return `Price / ${currency}` }
export function compareAtColumn (currency: string): string { return `Compare At Price / ${currency}` }

/** A CSV record keyed by header name. */
export type CsvRecord = Record<string, string | undefined>

/** The header check of an import: without a Handle column the file is not a Shopify product CSV. */
export function headerProblem (header: readonly string[]): string | null {
  if (!header.includes('Handle')) {
    return `The first line must be a Shopify product CSV header with a Handle column; found: ${header.slice(0, 8).join(', ').slice(0, 300)}`
  }
  return null
}

/** Trims a cell; empty and missing cells are undefined. */
export function cell (record: CsvRecord, column: string): string | undefined {
  const value = record[column]?.trim()
  return value == null || value === '' ? undefined : value
}
