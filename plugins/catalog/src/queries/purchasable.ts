import type { Ctx } from '@comptoir/core'

/** What a cart needs to know to sell a variant now: identity, status, effective price, weight. */
export interface PurchasableVariant {
  variantId: string
  productId: string
  sku: string | null
  productTitle: string
  /** The option values joined by " / " (empty for a product without options). */
  variantTitle: string
  productStatus: 'draft' | 'published' | 'archived'
  /** Effective price now in the requested currency (active price lists applied); null when unpriced. */
  unitAmount: number | null
  compareAtAmount: number | null
  weightGrams: number | null
  /** The variant's first image, else the product's first image. */
  imageUrl: string | null
}

interface PurchasableRow {
  variant_id: string
  product_id: string
  sku: string | null
  product_title: string
  status: PurchasableVariant['productStatus']
  option1: string | null
  option2: string | null
  option3: string | null
  amount: string | number | null
  compare_at_amount: string | number | null
  weight_grams: number | null
  image_url: string | null
}

const toNumber = (value: string | number | null): number | null => value == null ? null : Number(value)

/** One query for any number of variants; unknown ids are simply absent from the map. */
export async function purchasableVariants (ctx: Ctx, variantIds: readonly string[], currency: string): Promise<Map<string, PurchasableVariant>> {
  const result = new Map<string, PurchasableVariant>()
  if (variantIds.length === 0) return result
  const rows = await ctx.db('catalog_variants as v')
    .join('catalog_products as p', 'p.id', 'v.product_id')
    .leftJoin('catalog_effective_prices as e', (join) => {
      join.on('e.variant_id', '=', 'v.id').andOn('e.currency', '=', ctx.db.raw('?', [currency.toUpperCase()]))
    })
    .select('v.id as variant_id', 'v.product_id', 'v.sku', 'p.title as product_title', 'p.status',
      'v.option1', 'v.option2', 'v.option3', 'e.amount', 'e.compare_at_amount', 'v.weight_grams',
      ctx.db.raw(`coalesce(
        (select i.url from catalog_image_variants iv join catalog_images i on i.id = iv.image_id
          where iv.variant_id = v.id order by i.position, i.id limit 1),
        (select i.url from catalog_images i where i.product_id = v.product_id order by i.position, i.id limit 1)
      ) as image_url`))
    .whereIn('v.id', [...new Set(variantIds)]) as PurchasableRow[]
  for (const row of rows) {
    result.set(row.variant_id, {
      variantId: row.variant_id,
      productId: row.product_id,
      sku: row.sku,
      productTitle: row.product_title,
      variantTitle: [row.option1, row.option2, row.option3].filter((value) => value != null).join(' / '),
      productStatus: row.status,
      unitAmount: toNumber(row.amount),
      compareAtAmount: toNumber(row.compare_at_amount),
      weightGrams: row.weight_grams == null ? null : Number(row.weight_grams),
      imageUrl: row.image_url,
    })
  }
  return result
}
