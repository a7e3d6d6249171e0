import { inTransaction, isUniqueViolation, keysetPage, type Cradle, type Ctx, type PageOf, type PluginScope } from '@comptoir/core'
import type { CatalogConfig } from '../config.js'
import { CatalogNotFoundError, HandleTakenError, OptionNameTakenError, UnknownReferencesError } from '../errors.js'
import { handleFromTitle } from '../handles.js'
import { sanitizeDescription } from '../html.js'
import { loadProduct } from '../hydrate.js'
import { emitCatalog } from '../outbox.js'
import { productColumns, toProductSummary, type OptionRow, type ProductRow } from '../rows.js'
import type { AdminProductQuery, Product, ProductInput, ProductPatch, ProductStatus, ProductSummary } from '../schemas/index.js'
import { insertVariant } from '../variant-writes.js'

const fieldColumns = {
  handle: 'handle', title: 'title', description: 'description', status: 'status', vendor: 'vendor', productType: 'product_type',
  tags: 'tags', metadata: 'metadata', seoTitle: 'seo_title', seoDescription: 'seo_description',
} as const

/** Product columns of an input; descriptions are sanitised, tags trimmed and deduplicated. */
function productValues (input: ProductPatch): Record<string, unknown> {
  const values: Record<string, unknown> = {}
  for (const [field, column] of Object.entries(fieldColumns) as Array<[keyof typeof fieldColumns, string]>) {
    const value = input[field]
    if (value === undefined) continue
    if (field === 'description') values[column] = sanitizeDescription(value as string)
    else if (field === 'tags') values[column] = [...new Set((value as string[]).map((t) => t.trim()).filter((t) => t !== ''))]
    else if (field === 'metadata') values[column] = JSON.stringify(value)
    else values[column] = value
  }
  return values
}

/** Replaces a product's categories; unknown ids are a 422 naming them. */
export async function replaceProductCategories (ctx: Ctx, productId: string, categoryIds: readonly string[]): Promise<void> {
  if (categoryIds.length > 0) {
    const found = await ctx.db('catalog_categories').whereIn('id', categoryIds).pluck('id') as string[]
    const missing = categoryIds.filter((id) => !found.includes(id))
    if (missing.length > 0) throw new UnknownReferencesError('categoryIds', missing)
  }
  await ctx.db('catalog_product_categories').where({ product_id: productId }).delete()
  if (categoryIds.length > 0) {
    await ctx.db('catalog_product_categories').insert(categoryIds.map((id) => ({ product_id: productId, category_id: id })))
  }
}

/** Locks a product row for the rest of the transaction (option and variant changes serialise on it). */
export async function lockProduct (ctx: Ctx, productId: string): Promise<ProductRow> {
  const row = await ctx.db('catalog_products').select(productColumns).where({ id: productId }).forUpdate().first() as ProductRow | undefined
  if (row == null) throw new CatalogNotFoundError('product', productId)
  return row
}

/** Products: create (with options, variants and images), read, list, update, publish, archive, delete. */
export function createProductService ({ events }: Cradle, { config }: PluginScope<CatalogConfig>) {
  /** Inserts or updates a product row; publishing stamps `published_at` the first time. */
  async function writeProduct (ctx: Ctx, values: Record<string, unknown>, productId?: string): Promise<ProductRow> {
    const publishing = values.status === 'published'
    try {
      if (productId == null) {
        const insert = { ...values, ...(publishing ? { published_at: ctx.db.fn.now() } : {}) }
        const [created] = await ctx.db('catalog_products').insert(insert).returning(productColumns) as ProductRow[]
        return created
      }
      const update = { ...values, ...(publishing ? { published_at: ctx.db.raw('coalesce(published_at, now())') } : {}) }
      const [updated] = await ctx.db('catalog_products').where({ id: productId })
        .update({ ...update, updated_at: ctx.db.fn.now() }).returning(productColumns) as ProductRow[]
      if (updated == null) throw new CatalogNotFoundError('product', productId)
      return updated
    } catch (error) {
      if (isUniqueViolation(error, 'catalog_products_handle_unique')) throw new HandleTakenError('product', String(values.handle), error)
      throw error
    }
  }

  async function setStatus (ctx: Ctx, productId: string, status: ProductStatus): Promise<Product> {
    return await update(ctx, productId, { status })
  }

  async function update (ctx: Ctx, productId: string, patch: ProductPatch): Promise<Product> {
    return await inTransaction(ctx, async (tx) => {
      const before = await lockProduct(tx, productId)
      const values = productValues(patch)
      const row = await writeProduct(tx, values, productId)
      if (patch.categoryIds !== undefined) await replaceProductCategories(tx, productId, patch.categoryIds)
      const changed = Object.keys(patch).filter((field) => field === 'categoryIds' ||
        JSON.stringify(before[fieldColumns[field as keyof typeof fieldColumns] as keyof ProductRow]) !==
        JSON.stringify(row[fieldColumns[field as keyof typeof fieldColumns] as keyof ProductRow]))
      if (changed.length > 0) {
        await emitCatalog(events, tx, 'catalog.product.updated', { productId, handle: row.handle, status: row.status, changed })
      }
      return await loadProduct(tx.db, productId)
    })
  }

  return {
    /**
     * Creates a product with its options, variants (and their prices) and images in one
     * transaction. A handle defaults to one made from the title; a taken one is a 409.
     */
    async create (ctx: Ctx, input: ProductInput): Promise<Product> {
      return await inTransaction(ctx, async (tx) => {
        const handle = input.handle ?? handleFromTitle(input.title)
        const row = await writeProduct(tx, productValues({ ...input, handle: handle === '' ? 'product' : handle }))
        const options: OptionRow[] = []
        for (const [index, option] of (input.options ?? []).entries()) {
          try {
            const [created] = await tx.db('catalog_product_options').insert({
              product_id: row.id, position: index + 1, name: option.name.trim(), values: option.values.map((v) => v.trim()),
            }).returning(['id', 'product_id', 'position', 'name', 'values']) as OptionRow[]
            options.push(created)
          } catch (error) {
            if (isUniqueViolation(error, 'catalog_product_options_name_unique')) throw new OptionNameTakenError(option.name, error)
            throw error
          }
        }
        await emitCatalog(events, tx, 'catalog.product.created', { productId: row.id, handle: row.handle, status: row.status })
        for (const [index, variantInput] of (input.variants ?? []).entries()) {
          const variant = await insertVariant(tx, row.id, options, { position: index, ...variantInput }, config.currencies)
          await emitCatalog(events, tx, 'catalog.variant.created', { variantId: variant.id, productId: row.id, sku: variant.sku })
          if ((variantInput.prices ?? []).length > 0) {
            await emitCatalog(events, tx, 'catalog.price.updated', {
              variantId: variant.id, productId: row.id,
              prices: (variantInput.prices ?? []).map((p) => ({ currency: p.currency, amount: p.amount, compareAtAmount: p.compareAtAmount ?? null })),
            })
          }
        }
        for (const [index, image] of (input.images ?? []).entries()) {
          await tx.db('catalog_images').insert({ product_id: row.id, url: image.url, alt: image.alt ?? null, position: image.position ?? index })
            .onConflict(['product_id', 'url']).ignore()
        }
        if (input.categoryIds != null) await replaceProductCategories(tx, row.id, input.categoryIds)
        return await loadProduct(tx.db, row.id)
      })
    },

    /** One product with everything it holds; an unknown id is a 404. */
    async get (ctx: Ctx, productId: string): Promise<Product> {
      return await loadProduct(ctx.db, productId)
    },

    /** Admin list, newest first: every status unless one is asked; `q` matches handle, title or SKU. */
    async list (ctx: Ctx, query: AdminProductQuery): Promise<PageOf<ProductSummary>> {
      const q = ctx.db('catalog_products as p').select(productColumns.map((c) => `p.${c}`))
        .select(ctx.db.raw(`to_char(p.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_key`))
      if (query.status != null) void q.where('p.status', query.status)
      if (query.q != null) {
        const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
        void q.where((w) => {
          void w.whereILike('p.title', like).orWhereILike('p.handle', like)
            .orWhereExists(ctx.db('catalog_variants as v').select(ctx.db.raw('1')).whereRaw('v.product_id = p.id').andWhereILike('v.sku', like))
        })
      }
      const page = await keysetPage<ProductRow & { created_key: string }>(q, query, {
        list: 'catalog.admin-products', columns: ['p.created_at', 'p.id'], direction: 'desc', keyOf: (r) => [r.created_key, r.id],
      })
      return { items: page.items.map(toProductSummary), nextCursor: page.nextCursor }
    },

    /** Changes product fields; `categoryIds` replaces the categories. Emits `catalog.product.updated` with what changed. */
    update,

    /** Makes the product visible on the storefront. */
    async publish (ctx: Ctx, productId: string): Promise<Product> { return await setStatus(ctx, productId, 'published') },
    /** Hides the product from the storefront (back to draft). */
    async unpublish (ctx: Ctx, productId: string): Promise<Product> { return await setStatus(ctx, productId, 'draft') },
    /** Soft delete: hidden everywhere but the admin, kept for orders and reports. */
    async archive (ctx: Ctx, productId: string): Promise<Product> { return await setStatus(ctx, productId, 'archived') },

    /** Deletes a product with its variants, prices and images. */
    async delete (ctx: Ctx, productId: string): Promise<void> {
      await inTransaction(ctx, async (tx) => {
        const row = await lockProduct(tx, productId)
        const variants = await tx.db('catalog_variants').select('id', 'sku').where({ product_id: productId }).orderBy('id') as Array<{ id: string, sku: string | null }>
        await tx.db('catalog_products').where({ id: productId }).delete()
        for (const variant of variants) {
          await emitCatalog(events, tx, 'catalog.variant.deleted', { variantId: variant.id, productId, sku: variant.sku })
        }
        await emitCatalog(events, tx, 'catalog.product.deleted', { productId, handle: row.handle, variantIds: variants.map((v) => v.id) })
      })
    },

    /** Replaces the categories a product is listed in. */
    async setCategories (ctx: Ctx, productId: string, categoryIds: readonly string[]): Promise<Product> {
      return await update(ctx, productId, { categoryIds: [...categoryIds] })
    },
  }
}

export type ProductService = ReturnType<typeof createProductService>
