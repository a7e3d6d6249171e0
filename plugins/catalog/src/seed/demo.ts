import type { Ctx, PluginManifest } from '@comptoir/core'
import type { CatalogConfig } from '../config.js'
import type { PriceInput, ProductInput } from '../schemas/index.js'
import { generateCatalog } from './generate.js'

/** The app a manifest seed receives (a Fastify instance), named through core's types. */
type SeedApp = Parameters<NonNullable<PluginManifest['seed']>>[1]

/** Options `comptoir seed` may pass on (`--products N`, `--seed S`). */
export interface SeedOptions { flags?: Record<string, string | boolean> }

const usdRate = 1.08

function prices (eurCents: number, currencies: readonly string[], compareAtEur?: number): PriceInput[] {
  const all: PriceInput[] = [
    { currency: 'EUR', amount: eurCents, compareAtAmount: compareAtEur ?? null },
    { currency: 'USD', amount: Math.floor(eurCents * usdRate / 100) * 100 + 99, compareAtAmount: compareAtEur == null ? null : Math.floor(compareAtEur * usdRate / 100) * 100 + 99 },
  ]
  return all.filter((p) => currencies.includes(p.currency))
}

function image (slug: string, n: number, alt: string): { url: string, alt: string, position: number } {
  return { url: `https://picsum.photos/seed/comptoir-${slug}-${n}/800/800`, alt, position: n }
}

function demoProducts (currencies: readonly string[], categories: Map<string, string>): ProductInput[] {
  const category = (handle: string): string[] => { const id = categories.get(handle); return id == null ? [] : [id] }
  const sizes = ['S', 'M', 'L', 'XL']
  return [
    {
      handle: 'organic-cotton-t-shirt', title: 'Organic Cotton T-Shirt', status: 'published', vendor: 'Le Comptoir Basics', productType: 'T-Shirt',
      description: '<p>A heavyweight tee in <strong>organic cotton</strong>, garment-dyed.</p>', tags: ['organic', 'bestseller'], categoryIds: category('t-shirts'),
      options: [{ name: 'Size', values: sizes }, { name: 'Colour', values: ['White', 'Navy'] }],
      variants: sizes.flatMap((size) => ['White', 'Navy'].map((colour) => ({ sku: `TEE-${colour.toUpperCase()}-${size}`, options: { Size: size, Colour: colour }, weightGrams: 220, prices: prices(2900, currencies) }))),
      images: [image('tee', 0, 'Organic Cotton T-Shirt, white'), image('tee', 1, 'Organic Cotton T-Shirt, navy')],
    },
    {
      handle: 'merino-wool-sweater', title: 'Merino Wool Sweater', status: 'published', vendor: 'Fjord & Field', productType: 'Sweater',
      description: '<p>Fine merino, knitted in Portugal. Warm, light, and it does not itch.</p>', tags: ['winter'], categoryIds: category('sweaters'),
      options: [{ name: 'Size', values: ['S', 'M', 'L'] }],
      variants: ['S', 'M', 'L'].map((size) => ({ sku: `MERINO-${size}`, options: { Size: size }, weightGrams: 380, prices: prices(8900, currencies, 11900) })),
      images: [image('merino', 0, 'Merino Wool Sweater')],
    },
    {
      handle: 'waxed-canvas-jacket', title: 'Waxed Canvas Jacket', status: 'published', vendor: 'Atelier Nord', productType: 'Jacket',
      description: '<p>Waxed cotton canvas, corduroy collar, four pockets.</p>', tags: ['new'], categoryIds: category('jackets'),
      options: [{ name: 'Size', values: ['M', 'L'] }, { name: 'Colour', values: ['Olive', 'Black'] }],
      variants: [['M', 'Olive'], ['L', 'Olive'], ['M', 'Black'], ['L', 'Black']].map(([size, colour]) => ({
        sku: `WAXED-${(colour as string).toUpperCase()}-${size as string}`, options: { Size: size as string, Colour: colour as string }, weightGrams: 1200, prices: prices(18900, currencies),
      })),
      images: [image('jacket', 0, 'Waxed Canvas Jacket, olive'), image('jacket', 1, 'Waxed Canvas Jacket, black')],
    },
    {
      handle: 'stoneware-mug', title: 'Stoneware Mug', status: 'published', vendor: 'Casa Verde', productType: 'Kitchenware',
      description: '<p>Hand-thrown stoneware, 350 ml. Dishwasher safe.</p>', tags: ['handmade', 'gift'], categoryIds: category('kitchen'),
      options: [{ name: 'Colour', values: ['Sand', 'Charcoal'] }],
      variants: ['Sand', 'Charcoal'].map((colour) => ({ sku: `MUG-${colour.toUpperCase()}`, options: { Colour: colour }, weightGrams: 400, prices: prices(1800, currencies) })),
      images: [image('mug', 0, 'Stoneware Mug')],
    },
    {
      handle: 'canvas-tote-bag', title: 'Canvas Tote Bag', status: 'published', vendor: 'Harbour Goods', productType: 'Bag',
      description: '<p>Heavy canvas, leather handles, an inside pocket.</p>', tags: ['sustainable'], categoryIds: category('bags'),
      variants: [{ sku: 'TOTE-NATURAL', weightGrams: 450, prices: prices(3500, currencies) }],
      images: [image('tote', 0, 'Canvas Tote Bag')],
    },
    {
      handle: 'linen-shirt-draft', title: 'Linen Shirt', status: 'draft', vendor: 'Maison Lumen', productType: 'Shirt',
      description: '<p>Coming soon.</p>', tags: ['summer'], categoryIds: category('shirts'),
      options: [{ name: 'Size', values: ['M'] }],
      variants: [{ sku: 'LINEN-M', options: { Size: 'M' }, prices: prices(6900, currencies) }],
    },
  ]
}

/**
 * The catalog's demo data for `comptoir seed`: the category tree, a handful of products with
 * variants, images and prices in EUR and USD, and a collection. With `--products N`, a
 * generated catalog of N products instead (see generateCatalog).
 */
export async function seedCatalog (ctx: Ctx, app: SeedApp, options: SeedOptions = {}): Promise<void> {
  const loaded = app.comptoir.plugins.find((p) => p.manifest.name === 'catalog')
  const currencies = (loaded?.config as CatalogConfig | undefined)?.currencies ?? ['EUR', 'USD']
  const { catalog, catalogCollections, events } = app.services
  const generated = Number(options.flags?.products ?? 0)
  if (Number.isInteger(generated) && generated > 0) {
    await generateCatalog(ctx, { events }, { products: generated, seed: Number(options.flags?.seed ?? 42), currencies })
    return
  }
  await generateCatalog(ctx, { events }, { products: 0, currencies })
  const categories = new Map((await ctx.db('catalog_categories').select('id', 'handle') as Array<{ id: string, handle: string }>).map((c) => [c.handle, c.id]))
  const created = []
  for (const input of demoProducts(currencies, categories)) created.push(await catalog.create(ctx, input))
  const collection = await catalogCollections.create(ctx, { handle: 'featured', title: 'Featured', description: 'Our favourites this season.' })
  await catalogCollections.setProducts(ctx, collection.id, created.filter((p) => p.status === 'published').slice(0, 3).map((p) => p.id))
}
