import type { Db } from '@comptoir/core'

/** What a product import or a generated catalog fills. */
const catalogTables = ['catalog_products', 'catalog_product_options', 'catalog_variants', 'catalog_prices', 'catalog_images', 'catalog_image_variants', 'catalog_product_categories'] as const

/**
 * Refreshes the planner's statistics once a bulk write is done. Right after thousands of rows
 * arrive the tables have none (autovacuum comes later), and the planner, estimating a handful
 * of rows, sorts whole tables instead of walking the storefront's indexes.
 */
export async function analyzeCatalog (db: Db): Promise<void> {
  await db.raw(`analyze ${catalogTables.map((t) => `"${t}"`).join(', ')}`)
}
