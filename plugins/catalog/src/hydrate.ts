import type { Db } from '@comptoir/core'
import { CatalogNotFoundError } from './errors.js'
import { allOn } from './queries/all-on.js'
import {
  groupBy, imageColumns, iso, isoOrNull, optionColumns, productColumns, toImage, toOption, toVariant, variantColumns,
  type ImageRow, type OptionRow, type PriceRow, type ProductRow, type VariantRow,
} from './rows.js'
import type { Product } from './schemas/index.js'

/**
 * Loads whole products (options, variants with prices, images, categories, collections) for a
 * set of ids with one query per relation, whatever the number of products. Keeps `ids` order.
 */
export async function loadProducts (db: Db, ids: readonly string[]): Promise<Product[]> {
  if (ids.length === 0) return []
  const [products, options, variants, images, categories, collections] = await allOn(db, [
    () => db('catalog_products').select(productColumns).whereIn('id', ids) as Promise<ProductRow[]>,
    () => db('catalog_product_options').select(optionColumns).whereIn('product_id', ids).orderBy('position') as Promise<OptionRow[]>,
    () => db('catalog_variants').select(variantColumns).whereIn('product_id', ids).orderBy(['position', 'created_at', 'id']) as Promise<VariantRow[]>,
    () => db('catalog_images').select(imageColumns).whereIn('product_id', ids).orderBy(['position', 'id']) as Promise<ImageRow[]>,
    () => db('catalog_product_categories').select('product_id', 'category_id').whereIn('product_id', ids).orderBy('category_id') as Promise<Array<{ product_id: string, category_id: string }>>,
    () => db('catalog_collection_products').select('product_id', 'collection_id').whereIn('product_id', ids).orderBy('collection_id') as Promise<Array<{ product_id: string, collection_id: string }>>,
  ] as const)
  const variantIds = variants.map((v) => v.id)
  const imageIds = images.map((i) => i.id)
  const [prices, links] = await allOn(db, [
    async () => variantIds.length === 0 ? [] : await db('catalog_prices').select('variant_id', 'currency', 'amount', 'compare_at_amount').whereIn('variant_id', variantIds).orderBy('currency') as PriceRow[],
    async () => imageIds.length === 0 ? [] : await db('catalog_image_variants').select('image_id', 'variant_id').whereIn('image_id', imageIds).orderBy('variant_id') as Array<{ image_id: string, variant_id: string }>,
  ] as const)
  const optionsBy = groupBy(options, (o) => o.product_id)
  const variantsBy = groupBy(variants, (v) => v.product_id)
  const imagesBy = groupBy(images, (i) => i.product_id)
  const pricesBy = groupBy(prices, (p) => p.variant_id)
  const variantsOfImage = groupBy(links, (l) => l.image_id)
  const imagesOfVariant = groupBy(links, (l) => l.variant_id)
  const categoriesBy = groupBy(categories, (c) => c.product_id)
  const collectionsBy = groupBy(collections, (c) => c.product_id)
  const byId = new Map(products.map((p) => [p.id, p]))

  return ids.flatMap((id) => {
    const row = byId.get(id)
    if (row == null) return []
    const productOptions = optionsBy.get(id) ?? []
    return [{
      id: row.id,
      handle: row.handle,
      title: row.title,
      description: row.description,
      status: row.status,
      vendor: row.vendor,
      productType: row.product_type,
      tags: row.tags,
      metadata: row.metadata,
      seoTitle: row.seo_title,
      seoDescription: row.seo_description,
      publishedAt: isoOrNull(row.published_at),
      createdAt: iso(row.created_at),
      updatedAt: iso(row.updated_at),
      options: productOptions.map(toOption),
      variants: (variantsBy.get(id) ?? []).map((v) => toVariant(v, productOptions, pricesBy.get(v.id) ?? [],
        (imagesOfVariant.get(v.id) ?? []).map((l) => l.image_id))),
      images: (imagesBy.get(id) ?? []).map((i) => toImage(i, (variantsOfImage.get(i.id) ?? []).map((l) => l.variant_id))),
      categoryIds: (categoriesBy.get(id) ?? []).map((c) => c.category_id),
      collectionIds: (collectionsBy.get(id) ?? []).map((c) => c.collection_id),
    }]
  })
}

/** One whole product; an unknown id is CATALOG_PRODUCT_NOT_FOUND. */
export async function loadProduct (db: Db, id: string): Promise<Product> {
  const [product] = await loadProducts(db, [id])
  if (product == null) throw new CatalogNotFoundError('product', id)
  return product
}
