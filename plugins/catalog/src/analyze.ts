import type { Db } from '@comptoir/core'

/** What a product import or a generated catalog fills. */
const catalogTables = ['catalog_products', 'catalog_product_options', 'catalog_variants', 'catalog_prices', 'catalog_images', 'catalog_image_variants', 'catalog_product_categories', 'catalog_search_words'] as const

/**
 * Refreshes the planner's statistics once a bulk write is done. Right after thousands of rows
 * arrive the tables have none (autovacuum comes later), and the planner, estimating a handful
 * of rows, sorts whole tables instead of walking the storefront's indexes. The GIN indexes
 * (full-text search, tags, search words) also hold the new rows in their pending list until a
 * vacuum merges it: the planner prices that list in and reads the whole table instead (a search
 * on 10k products: 42 ms by sequential scan, 1.9 ms once merged), so it is merged here too.
 */
export async function analyzeCatalog (db: Db): Promise<void> {
  await db.raw(`analyze ${catalogTables.map((t) => `"${t}"`).join(', ')}`)
  await db.raw(`select gin_clean_pending_list(i.indexrelid) from pg_index i
    join pg_class c on c.oid = i.indexrelid join pg_am a on a.oid = c.relam
    where a.amname = 'gin' and i.indrelid = any(?::regclass[])`, [[...catalogTables]])
}
