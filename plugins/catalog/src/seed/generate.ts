import { randomUUID } from 'node:crypto'
import type { Ctx, EventsService } from '@comptoir/core'
import { analyzeCatalog } from '../analyze.js'
import { insertRows } from '../bulk-insert.js'
import { handleFromTitle } from '../handles.js'
import { emitCreatedBatch } from '../outbox.js'
import { adjectives, categoryTree, colours, materials, phrases, productKinds, tagWords, vendors, type CategorySeed } from './vocabulary.js'

export interface GenerateOptions {
  products: number
  /** Same seed, same catalog. */
  seed?: number
  /** Currencies to price in: the first is the base, others are converted (default EUR, USD). */
  currencies?: readonly string[]
  /** Emit catalog.products.created / catalog.variants.created per batch (default true; benchmarks turn it off). */
  emitEvents?: boolean
  onProgress?: (done: number) => void
}

/** Rates from EUR used to derive the other currencies' prices. */
const rates: Record<string, number> = { EUR: 1, USD: 1.08, GBP: 0.86, CHF: 0.95, JPY: 160, CAD: 1.47, SEK: 11.4 }
const batchSize = 1000

/** A small deterministic PRNG (mulberry32), so a seed always generates the same catalog. */
function prng (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

async function ensureCategories (ctx: Ctx): Promise<Map<string, string>> {
  async function walk (nodes: CategorySeed[], parentPath: string, parentId: string | null): Promise<void> {
    for (const [position, node] of nodes.entries()) {
      const id = randomUUID()
      await ctx.db('catalog_categories').insert({ id, parent_id: parentId, handle: node.handle, name: node.name, path: `${parentPath}${id}/`, position })
        .onConflict('handle').ignore()
      const row = await ctx.db('catalog_categories').select('id', 'path').where({ handle: node.handle }).first() as { id: string, path: string }
      await walk(node.children ?? [], row.path, row.id)
    }
  }
  await walk(categoryTree, '/', null)
  const rows = await ctx.db('catalog_categories').select('id', 'handle') as Array<{ id: string, handle: string }>
  return new Map(rows.map((r) => [r.handle, r.id]))
}

/** A price ending in 9 (psychological pricing), in the currency's minor units. */
function converted (eur: number, currency: string): number {
  const raw = Math.round(eur * (rates[currency] ?? 1))
  return currency === 'JPY' ? Math.max(100, Math.round(raw / 100) * 100) : Math.max(99, Math.floor(raw / 100) * 100 + 99)
}

/**
 * Generates a realistic catalog fast (multi-row inserts, batches of 1000 products, one batch event each): a category
 * tree, products with Size/Colour options, about 3 variants each, prices in every currency
 * (with some compare-at prices), 1–3 images and tags. Handles are unique per seed and index.
 */
export async function generateCatalog (ctx: Ctx, services: { events: EventsService }, options: GenerateOptions): Promise<{ products: number, variants: number }> {
  const random = prng(options.seed ?? 42)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
  const between = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1))
  const currencies = options.currencies ?? ['EUR', 'USD']
  const categories = await ensureCategories(ctx)
  const start = Date.now() - options.products * 1000
  let variantsTotal = 0
  for (let offset = 0; offset < options.products; offset += batchSize) {
    const products: Array<Record<string, unknown>> = []
    const optionRows: Array<Record<string, unknown>> = []
    const variants: Array<Record<string, unknown>> = []
    const prices: Array<Record<string, unknown>> = []
    const images: Array<Record<string, unknown>> = []
    const links: Array<Record<string, unknown>> = []
    for (let i = offset; i < Math.min(options.products, offset + batchSize); i++) {
      const kind = pick(productKinds)
      const title = `${pick(adjectives)} ${pick(materials)} ${pick(kind.nouns)}`
      const id = randomUUID()
      const handle = `${handleFromTitle(title)}-${(options.seed ?? 42).toString(36)}-${i.toString(36)}`
      const status = random() < 0.95 ? 'published' : 'draft'
      products.push({
        id, handle, title, status, vendor: pick(vendors), product_type: kind.type,
        description: `<p>${pick(phrases)}</p><ul><li>${pick(materials)}, ${pick(phrases).toLowerCase()}</li></ul>`,
        tags: [...new Set([pick(tagWords), pick(tagWords)])], created_at: new Date(start + i * 1000), updated_at: new Date(start + i * 1000),
        published_at: status === 'published' ? new Date(start + i * 1000) : null,
      })
      links.push({ product_id: id, category_id: categories.get(kind.category) })
      const colourValues = kind.colours ? [...new Set([pick(colours), pick(colours), pick(colours)])].slice(0, between(1, 3)) : []
      const sizeValues = kind.sizes == null ? [] : kind.sizes.slice(between(0, 1), kind.sizes.length - between(0, 1))
      const optionNames = [...(sizeValues.length > 0 ? ['Size'] : []), ...(colourValues.length > 0 ? ['Colour'] : [])]
      const valueLists = [...(sizeValues.length > 0 ? [sizeValues] : []), ...(colourValues.length > 0 ? [colourValues] : [])]
      optionNames.forEach((name, index) => optionRows.push({ id: randomUUID(), product_id: id, position: index + 1, name, values: valueLists[index] }))
      let combos: string[][] = [[]]
      for (const values of valueLists) combos = combos.flatMap((c) => values.map((v) => [...c, v]))
      combos = combos.filter(() => random() < 0.8).slice(0, 8)
      if (combos.length === 0) combos = [valueLists.map((v) => v[0] as string)]
      const base = Math.floor(between(kind.price[0], kind.price[1]) / 100) * 100 + 99
      combos.forEach((values, position) => {
        const variantId = randomUUID()
        variants.push({
          id: variantId, product_id: id, sku: `${handle.slice(0, 200)}-${position + 1}`.toUpperCase(), option1: values[0] ?? null, option2: values[1] ?? null,
          option3: null, position, barcode: String(4000000000000 + i * 10 + position), weight_grams: between(kind.grams[0], kind.grams[1]),
        })
        const onSale = random() < 0.15
        for (const currency of currencies) {
          const amount = converted(base, currency)
          prices.push({ variant_id: variantId, currency, amount, compare_at_amount: onSale ? converted(Math.round(base * 1.25), currency) : null })
        }
      })
      for (let n = 0; n < between(1, 3); n++) {
        images.push({ id: randomUUID(), product_id: id, url: `https://picsum.photos/seed/${handle}-${n}/800/800`, alt: `${title}, view ${n + 1}`, position: n })
      }
    }
    await insertRows(ctx.db, 'catalog_products', ['id', 'handle', 'title', 'status', 'vendor', 'product_type', 'description', 'tags', 'created_at', 'updated_at', 'published_at'], products)
    await insertRows(ctx.db, 'catalog_product_options', ['id', 'product_id', 'position', 'name', 'values'], optionRows)
    await insertRows(ctx.db, 'catalog_variants', ['id', 'product_id', 'sku', 'option1', 'option2', 'option3', 'position', 'barcode', 'weight_grams'], variants)
    await insertRows(ctx.db, 'catalog_prices', ['variant_id', 'currency', 'amount', 'compare_at_amount'], prices)
    await insertRows(ctx.db, 'catalog_images', ['id', 'product_id', 'url', 'alt', 'position'], images)
    await insertRows(ctx.db, 'catalog_product_categories', ['product_id', 'category_id'], links)
    if (options.emitEvents !== false) {
      await emitCreatedBatch(services.events, ctx,
        products.map((p) => ({ productId: p.id as string, handle: p.handle as string, status: p.status as string })),
        variants.map((v) => ({ variantId: v.id as string, productId: v.product_id as string, sku: v.sku as string })))
    }
    variantsTotal += variants.length
    options.onProgress?.(Math.min(options.products, offset + batchSize))
  }
  await analyzeCatalog(ctx.db)
  return { products: options.products, variants: variantsTotal }
}
