import { randomUUID } from 'node:crypto'
import type { Ctx } from '@comptoir/core'
import { insertRows } from '../bulk-insert.js'
import { sanitizeDescription } from '../html.js'
import { emitCreatedBatch, type EventSink } from '../outbox.js'
import type { GroupPlan } from './group-plan.js'

/**
 * Writes planned NEW products (no row with their handle yet) set-wise, in ctx's transaction:
 * one statement per table for the whole batch, then one `catalog.products.created` and one
 * `catalog.variants.created` event. Rows and positions come out as writeGroup would write them
 * one by one; a product that exists already goes through writeGroup (matching by SKU, then values).
 */
export async function writeNewProducts (ctx: Ctx, events: EventSink, plans: readonly GroupPlan[]): Promise<{ products: number, variants: number }> {
  const products: Array<Record<string, unknown>> = []
  const options: Array<Record<string, unknown>> = []
  const variants: Array<Record<string, unknown>> = []
  const prices: Array<Record<string, unknown>> = []
  const images: Array<Record<string, unknown>> = []
  const links: Array<Record<string, unknown>> = []
  for (const plan of plans) {
    const f = plan.fields
    const productId = randomUUID()
    products.push({
      id: productId, handle: plan.handle, title: f.title, description: f.description === undefined ? null : sanitizeDescription(f.description),
      vendor: f.vendor ?? null, product_type: f.productType ?? null, tags: f.tags ?? null, seo_title: f.seoTitle ?? null,
      seo_description: f.seoDescription ?? null, status: f.status ?? null,
    })
    for (const [index, name] of plan.optionNames.entries()) {
      const values = [...new Set(plan.rows.flatMap((r) => r.variant?.values[index] != null ? [r.variant.values[index] as string] : []))]
      options.push({ id: randomUUID(), product_id: productId, position: index + 1, name, values })
    }
    // Images by URL, as the one-by-one upserts leave them: a repeated URL takes the later alt and position.
    const byUrl = new Map<string, { id: string, alt: string | null, position: number }>()
    let next = 0
    for (const parsed of plan.rows) {
      if (parsed.image == null) continue
      const position = parsed.image.position ?? next
      next = position + 1
      const found = byUrl.get(parsed.image.url)
      if (found != null) Object.assign(found, { alt: parsed.image.alt, position })
      else byUrl.set(parsed.image.url, { id: randomUUID(), alt: parsed.image.alt, position })
    }
    for (const [position, parsed] of plan.rows.filter((r) => r.variant != null).entries()) {
      const variant = parsed.variant as NonNullable<typeof parsed.variant>
      const variantId = randomUUID()
      variants.push({
        id: variantId, product_id: productId, sku: variant.sku, option1: variant.values[0] ?? null, option2: variant.values[1] ?? null,
        option3: variant.values[2] ?? null, position, barcode: variant.barcode, weight_grams: variant.grams,
      })
      // An empty price cell removes a price: a new variant has none to remove.
      for (const price of variant.prices) {
        if (price.amount != null) prices.push({ variant_id: variantId, currency: price.currency, amount: price.amount, compare_at_amount: price.compareAtAmount })
      }
      if (variant.imageUrl != null) {
        const position = next++
        let image = byUrl.get(variant.imageUrl)
        if (image == null) { image = { id: randomUUID(), alt: null, position }; byUrl.set(variant.imageUrl, image) }
        links.push({ image_id: image.id, variant_id: variantId })
      }
    }
    for (const [url, image] of byUrl) images.push({ id: image.id, product_id: productId, url, alt: image.alt, position: image.position })
  }
  if (products.length === 0) return { products: 0, variants: 0 }
  // Created a microsecond apart in file order, as one transaction per product used to leave them (newest-first lists).
  await ctx.db.raw(`insert into catalog_products (id, handle, title, description, vendor, product_type, tags, seo_title, seo_description, status, published_at, created_at, updated_at)
    select r.id, r.handle, r.title, coalesce(r.description, ''), r.vendor, r.product_type, coalesce(r.tags, '{}'), r.seo_title, r.seo_description,
      coalesce(r.status, 'draft'), case when r.status = 'published' then now() end,
      now() + r.ordinality * interval '1 microsecond', now() + r.ordinality * interval '1 microsecond'
    from json_populate_recordset(null::catalog_products, ?::json) with ordinality as r`, [JSON.stringify(products)])
  await insertRows(ctx.db, 'catalog_product_options', ['id', 'product_id', 'position', 'name', 'values'], options)
  await insertRows(ctx.db, 'catalog_variants', ['id', 'product_id', 'sku', 'option1', 'option2', 'option3', 'position', 'barcode', 'weight_grams'], variants)
  await insertRows(ctx.db, 'catalog_prices', ['variant_id', 'currency', 'amount', 'compare_at_amount'], prices)
  await insertRows(ctx.db, 'catalog_images', ['id', 'product_id', 'url', 'alt', 'position'], images)
  await insertRows(ctx.db, 'catalog_image_variants', ['image_id', 'variant_id'], links)
  await emitCreatedBatch(events, ctx,
    products.map((p) => ({ productId: p.id as string, handle: p.handle as string, status: (p.status as string | null) ?? 'draft' })),
    variants.map((v) => ({ variantId: v.id as string, productId: v.product_id as string, sku: v.sku as string | null })))
  return { products: products.length, variants: variants.length }
}
