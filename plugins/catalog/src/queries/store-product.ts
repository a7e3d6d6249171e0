import type { Ctx } from '@comptoir/core'
import {
  groupBy, imageColumns, iso, isoOrNull, optionColumns, productColumns, variantColumns, variantOptions, variantTitle,
  type ImageRow, type OptionRow, type ProductRow, type VariantRow,
} from '../rows.js'
import type { StoreProduct } from '../schemas/index.js'
import type { AvailabilityRegistry } from '../services/availability.js'
import { allOn } from './all-on.js'

interface EffectivePriceRow { variant_id: string, amount: number, compare_at_amount: number | null }

/** A published product for the storefront (null when there is none with this handle). */
export async function loadStoreProduct (ctx: Ctx, handle: string, currency: string, availability: AvailabilityRegistry): Promise<StoreProduct | null> {
  const db = ctx.db
  const product = await db('catalog_products').select(productColumns).where({ handle, status: 'published' }).first() as ProductRow | undefined
  if (product == null) return null
  const [options, variants, images, categories] = await allOn(db, [
    () => db('catalog_product_options').select(optionColumns).where({ product_id: product.id }).orderBy('position') as Promise<OptionRow[]>,
    () => db('catalog_variants').select(variantColumns).where({ product_id: product.id }).orderBy(['position', 'created_at', 'id']) as Promise<VariantRow[]>,
    () => db('catalog_images').select(imageColumns).where({ product_id: product.id }).orderBy(['position', 'id']) as Promise<ImageRow[]>,
    () => db('catalog_categories as c').join('catalog_product_categories as pc', 'pc.category_id', 'c.id')
      .where('pc.product_id', product.id).select('c.id', 'c.handle', 'c.name').orderBy('c.path') as Promise<Array<{ id: string, handle: string, name: string }>>,
  ] as const)
  const variantIds = variants.map((v) => v.id)
  const [prices, links] = await allOn(db, [
    async () => variantIds.length === 0 ? [] : await db('catalog_effective_prices').select('variant_id', 'amount', 'compare_at_amount').whereIn('variant_id', variantIds).andWhere({ currency }) as EffectivePriceRow[],
    async () => images.length === 0 ? [] : await db('catalog_image_variants').select('image_id', 'variant_id').whereIn('image_id', images.map((i) => i.id)).orderBy('variant_id') as Array<{ image_id: string, variant_id: string }>,
  ] as const)
  const stock = await availability.forVariants(ctx, variantIds)
  const priceBy = new Map(prices.map((p) => [p.variant_id, p]))
  const variantsOfImage = groupBy(links, (l) => l.image_id)
  const imagesOfVariant = groupBy(links, (l) => l.variant_id)
  return {
    id: product.id,
    handle: product.handle,
    title: product.title,
    description: product.description,
    vendor: product.vendor,
    productType: product.product_type,
    tags: product.tags,
    seoTitle: product.seo_title,
    seoDescription: product.seo_description,
    options: options.map((o) => ({ name: o.name, values: o.values })),
    variants: variants.map((v) => {
      const values = variantOptions(v, options)
      const price = priceBy.get(v.id)
      const status = stock.get(v.id)
      return {
        id: v.id,
        sku: v.sku,
        title: variantTitle(values),
        options: values,
        barcode: v.barcode,
        weightGrams: v.weight_grams,
        price: price == null ? null : { amount: Number(price.amount), currency },
        compareAtPrice: price?.compare_at_amount == null ? null : { amount: Number(price.compare_at_amount), currency },
        ...(status != null ? { availability: status } : {}),
        imageIds: (imagesOfVariant.get(v.id) ?? []).map((l) => l.image_id),
      }
    }),
    images: images.map((i) => ({ id: i.id, url: i.url, alt: i.alt, position: i.position, variantIds: (variantsOfImage.get(i.id) ?? []).map((l) => l.variant_id) })),
    categories,
    publishedAt: isoOrNull(product.published_at),
    createdAt: iso(product.created_at),
  }
}
