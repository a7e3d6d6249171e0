import type { Ctx, Db } from '@comptoir/core'
import { groupBy, iso, isoOrNull } from '../rows.js'
import { allOn } from './all-on.js'
import type { PriceRange, StoreProductSummary } from '../schemas/index.js'
import { bestStatus, type AvailabilityRegistry } from '../services/availability.js'
import type { ListRow } from './product-list.js'

interface RangeRow { product_id: string, min: number, max: number, compare_at: number | null }

/**
 * Turns a page of list rows into storefront items with one query per relation for the whole
 * page (thumbnails, price ranges, variant ids when availability is provided), never one per product.
 */
export async function toStoreSummaries (ctx: Ctx, rows: readonly ListRow[], currency: string, availability: AvailabilityRegistry): Promise<StoreProductSummary[]> {
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.id)
  const db: Db = ctx.db
  const [thumbnails, ranges, variants] = await allOn(db, [
    () => db.raw(`select distinct on (product_id) product_id, url, alt from catalog_images
      where product_id = any(?::uuid[]) order by product_id, position, id`, [ids]) as Promise<{ rows: Array<{ product_id: string, url: string, alt: string | null }> }>,
    () => db.raw(`select v.product_id, min(e.amount) as min, max(e.amount) as max,
        (array_agg(e.compare_at_amount order by e.amount, v.id))[1] as compare_at
      from catalog_variants v join catalog_effective_prices e on e.variant_id = v.id and e.currency = ?
      where v.product_id = any(?::uuid[]) group by v.product_id`, [currency, ids]) as Promise<{ rows: RangeRow[] }>,
    async () => availability.hasProvider()
      ? await db('catalog_variants').select('id', 'product_id').whereIn('product_id', ids) as Array<{ id: string, product_id: string }>
      : [],
  ] as const)
  const stock = await availability.forVariants(ctx, variants.map((v) => v.id))
  const thumbBy = new Map(thumbnails.rows.map((t) => [t.product_id, t]))
  const rangeBy = new Map(ranges.rows.map((r) => [r.product_id, r]))
  const variantsBy = groupBy(variants, (v) => v.product_id)
  return rows.map((row) => {
    const thumb = thumbBy.get(row.id)
    const range = rangeBy.get(row.id)
    const price: PriceRange | null = range == null
      ? null
      : {
          min: { amount: Number(range.min), currency },
          max: { amount: Number(range.max), currency },
          compareAt: range.compare_at == null ? null : { amount: Number(range.compare_at), currency },
        }
    const status = availability.hasProvider()
      ? bestStatus((variantsBy.get(row.id) ?? []).map((v) => stock.get(v.id)?.status))
      : undefined
    return {
      id: row.id,
      handle: row.handle,
      title: row.title,
      vendor: row.vendor,
      productType: row.product_type,
      tags: row.tags,
      thumbnail: thumb == null ? null : { url: thumb.url, alt: thumb.alt },
      price,
      ...(status != null ? { availability: status } : {}),
      publishedAt: isoOrNull(row.published_at),
      createdAt: iso(row.created_at),
    }
  })
}
