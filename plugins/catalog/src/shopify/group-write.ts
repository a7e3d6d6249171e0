import type { Ctx } from '@comptoir/core'
import { sanitizeDescription } from '../html.js'
import { emitCatalog, type EventSink } from '../outbox.js'
import { imageColumns, optionValueAt, productColumns, variantColumns, type ImageRow, type ProductRow, type VariantRow } from '../rows.js'
import type { GroupPlan } from './group-plan.js'
import type { ParsedRow, VariantFields } from './parse-row.js'

export interface GroupCounts { productCreated: boolean, variantsCreated: number, variantsUpdated: number }

async function upsertProduct (ctx: Ctx, plan: GroupPlan): Promise<{ row: ProductRow, created: boolean }> {
  const f = plan.fields
  const columns: Record<string, unknown> = {
    ...(f.title != null ? { title: f.title } : {}),
    ...(f.description !== undefined ? { description: sanitizeDescription(f.description) } : {}),
    ...(f.vendor !== undefined ? { vendor: f.vendor } : {}),
    ...(f.productType !== undefined ? { product_type: f.productType } : {}),
    ...(f.tags !== undefined ? { tags: f.tags } : {}),
    ...(f.seoTitle !== undefined ? { seo_title: f.seoTitle } : {}),
    ...(f.seoDescription !== undefined ? { seo_description: f.seoDescription } : {}),
    ...(f.status !== undefined ? { status: f.status } : {}),
  }
  if (plan.existing == null) {
    const [row] = await ctx.db('catalog_products').insert({
      handle: plan.handle, ...columns, ...(f.status === 'published' ? { published_at: ctx.db.fn.now() } : {}),
    }).returning(productColumns) as ProductRow[]
    return { row, created: true }
  }
  const [row] = await ctx.db('catalog_products').where({ id: plan.existing.id }).update({
    ...columns, updated_at: ctx.db.fn.now(), ...(f.status === 'published' ? { published_at: ctx.db.raw('coalesce(published_at, now())') } : {}),
  }).returning(productColumns) as ProductRow[]
  return { row, created: false }
}

/** Options by position: names from the file; values in file order (plus those still in use when rows failed). */
async function syncOptions (ctx: Ctx, productId: string, plan: GroupPlan): Promise<void> {
  for (const [index, name] of plan.optionNames.entries()) {
    const position = index + 1
    const fromFile = [...new Set(plan.rows.flatMap((r) => r.variant?.values[index] != null ? [r.variant.values[index] as string] : []))]
    const kept = plan.clean ? [] : (plan.existingOptions.find((o) => o.position === position)?.values ?? []).filter((v) => !fromFile.includes(v))
    await ctx.db('catalog_product_options').insert({ product_id: productId, position, name, values: [...fromFile, ...kept] })
      .onConflict(['product_id', 'position']).merge(['name', 'values'])
  }
  await ctx.db('catalog_product_options').where({ product_id: productId }).andWhere('position', '>', plan.optionNames.length).delete()
}

function slotsOf (variant: VariantFields): { option1: string | null, option2: string | null, option3: string | null } {
  return { option1: variant.values[0] ?? null, option2: variant.values[1] ?? null, option3: variant.values[2] ?? null }
}

async function writePrices (ctx: Ctx, variantId: string, variant: VariantFields): Promise<void> {
  for (const price of variant.prices) {
    if (price.amount == null) {
      await ctx.db('catalog_prices').where({ variant_id: variantId, currency: price.currency }).delete()
    } else {
      await ctx.db('catalog_prices').insert({ variant_id: variantId, currency: price.currency, amount: price.amount, compare_at_amount: price.compareAtAmount, updated_at: ctx.db.fn.now() })
        .onConflict(['variant_id', 'currency']).merge(['amount', 'compare_at_amount', 'updated_at'])
    }
  }
}

async function syncImages (ctx: Ctx, productId: string, plan: GroupPlan, variantRows: Array<{ parsed: ParsedRow, id: string }>): Promise<void> {
  const urls: string[] = []
  let next = 0
  for (const parsed of plan.rows) {
    if (parsed.image == null) continue
    const position = parsed.image.position ?? next
    next = position + 1
    urls.push(parsed.image.url)
    await ctx.db('catalog_images').insert({ product_id: productId, url: parsed.image.url, alt: parsed.image.alt, position })
      .onConflict(['product_id', 'url']).merge(['alt', 'position', 'updated_at'])
  }
  for (const { parsed, id } of variantRows) {
    const url = parsed.variant?.imageUrl
    if (url == null) {
      if (plan.clean) await ctx.db('catalog_image_variants').where({ variant_id: id }).delete()
      continue
    }
    urls.push(url)
    await ctx.db('catalog_images').insert({ product_id: productId, url, position: next++ }).onConflict(['product_id', 'url']).ignore()
    const image = await ctx.db('catalog_images').select(imageColumns).where({ product_id: productId, url }).first() as ImageRow
    await ctx.db('catalog_image_variants').where({ variant_id: id }).delete()
    await ctx.db('catalog_image_variants').insert({ image_id: image.id, variant_id: id })
  }
  if (plan.clean) await ctx.db('catalog_images').where({ product_id: productId }).whereNotIn('url', urls.length > 0 ? urls : ['']).delete()
}

/**
 * Writes one planned product in ctx's transaction: product, options, variants (matched by SKU,
 * else by option values), prices and images. A clean plan removes what the file leaves out, so
 * importing the same file twice changes nothing.
 */
export async function writeGroup (ctx: Ctx, events: EventSink, plan: GroupPlan): Promise<GroupCounts> {
  const { row: product, created } = await upsertProduct(ctx, plan)
  await syncOptions(ctx, product.id, plan)
  const existing = created ? [] : await ctx.db('catalog_variants').select(variantColumns).where({ product_id: product.id }) as VariantRow[]
  const matched = new Set<string>()
  const variantRows: Array<{ parsed: ParsedRow, id: string }> = []
  const counts: GroupCounts = { productCreated: created, variantsCreated: 0, variantsUpdated: 0 }
  const variants = plan.rows.filter((r) => r.variant != null)
  if (plan.clean) {
    // Variants the file leaves out go first, so their SKUs and option values are free again.
    const keep = (v: VariantRow): boolean => variants.some(({ variant }) => (variant?.sku != null && variant.sku === v.sku) ||
      JSON.stringify(variant?.values) === JSON.stringify([1, 2, 3].slice(0, plan.optionNames.length).map((p) => optionValueAt(v, p))))
    for (const gone of existing.filter((v) => !keep(v))) {
      await ctx.db('catalog_variants').where({ id: gone.id }).delete()
      await emitCatalog(events, ctx, 'catalog.variant.deleted', { variantId: gone.id, productId: product.id, sku: gone.sku })
    }
  }
  for (const [position, parsed] of variants.entries()) {
    const variant = parsed.variant as VariantFields
    const slots = slotsOf(variant)
    const match = existing.find((v) => !matched.has(v.id) && variant.sku != null && v.sku === variant.sku) ??
      existing.find((v) => !matched.has(v.id) && v.option1 === slots.option1 && v.option2 === slots.option2 && v.option3 === slots.option3)
    const columns = { sku: variant.sku, ...slots, position, barcode: variant.barcode, weight_grams: variant.grams }
    let id: string
    if (match != null) {
      matched.add(match.id)
      id = match.id
      await ctx.db('catalog_variants').where({ id }).update({ ...columns, updated_at: ctx.db.fn.now() })
      counts.variantsUpdated++
      await emitCatalog(events, ctx, 'catalog.variant.updated', { variantId: id, productId: product.id, sku: variant.sku, changed: ['import'] })
    } else {
      [{ id }] = await ctx.db('catalog_variants').insert({ product_id: product.id, ...columns }).returning(['id']) as Array<{ id: string }>
      counts.variantsCreated++
      await emitCatalog(events, ctx, 'catalog.variant.created', { variantId: id, productId: product.id, sku: variant.sku })
    }
    await writePrices(ctx, id, variant)
    if (variant.prices.length > 0) {
      await emitCatalog(events, ctx, 'catalog.price.updated', { variantId: id, productId: product.id, prices: variant.prices })
    }
    variantRows.push({ parsed, id })
  }
  await syncImages(ctx, product.id, plan, variantRows)
  if (created) await emitCatalog(events, ctx, 'catalog.product.created', { productId: product.id, handle: product.handle, status: product.status })
  else await emitCatalog(events, ctx, 'catalog.product.updated', { productId: product.id, handle: product.handle, status: product.status, changed: ['import'] })
  return counts
}
