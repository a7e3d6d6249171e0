import { inTransaction, isUniqueViolation, type Cradle, type Ctx } from '@comptoir/core'
import { CatalogNotFoundError, ImageTakenError, UnknownReferencesError } from '../errors.js'
import { emitCatalog } from '../outbox.js'
import { imageColumns, toImage, type ImageRow } from '../rows.js'
import type { Image, ImageInput, ImagePatch } from '../schemas/index.js'
import { lockProduct } from './products.js'

/** Ties an image to variants of its own product (replacing earlier ties). */
async function linkVariants (ctx: Ctx, image: ImageRow, variantIds: readonly string[]): Promise<void> {
  if (variantIds.length > 0) {
    const found = await ctx.db('catalog_variants').where({ product_id: image.product_id }).whereIn('id', variantIds).pluck('id') as string[]
    const missing = variantIds.filter((id) => !found.includes(id))
    if (missing.length > 0) throw new UnknownReferencesError('variantIds', missing)
  }
  await ctx.db('catalog_image_variants').where({ image_id: image.id }).delete()
  if (variantIds.length > 0) await ctx.db('catalog_image_variants').insert(variantIds.map((id) => ({ image_id: image.id, variant_id: id })))
}

async function readImage (ctx: Ctx, imageId: string): Promise<Image> {
  const row = await ctx.db('catalog_images').select(imageColumns).where({ id: imageId }).first() as ImageRow | undefined
  if (row == null) throw new CatalogNotFoundError('image', imageId)
  const variantIds = await ctx.db('catalog_image_variants').where({ image_id: imageId }).orderBy('variant_id').pluck('variant_id') as string[]
  return toImage(row, variantIds)
}

/** Product images: URL, alt text, position, optionally tied to variants. */
export function createImageService ({ events }: Cradle) {
  async function touched (ctx: Ctx, productId: string): Promise<void> {
    const [row] = await ctx.db('catalog_products').where({ id: productId }).update({ updated_at: ctx.db.fn.now() }).returning(['handle', 'status']) as Array<{ handle: string, status: string }>
    await emitCatalog(events, ctx, 'catalog.product.updated', { productId, handle: row.handle, status: row.status, changed: ['images'] })
  }

  return {
    async add (ctx: Ctx, productId: string, input: ImageInput): Promise<Image> {
      return await inTransaction(ctx, async (tx) => {
        await lockProduct(tx, productId)
        let row: ImageRow
        try {
          const position = input.position ?? (await tx.db('catalog_images').where({ product_id: productId }).pluck('id')).length
          ;[row] = await tx.db('catalog_images').insert({ product_id: productId, url: input.url, alt: input.alt ?? null, position })
            .returning(imageColumns) as ImageRow[]
        } catch (error) {
          if (isUniqueViolation(error, 'catalog_images_product_url_unique')) throw new ImageTakenError(input.url, error)
          throw error
        }
        if (input.variantIds != null) await linkVariants(tx, row, input.variantIds)
        await touched(tx, productId)
        return await readImage(tx, row.id)
      })
    },

    get: readImage,

    async update (ctx: Ctx, imageId: string, patch: ImagePatch): Promise<Image> {
      return await inTransaction(ctx, async (tx) => {
        const current = await tx.db('catalog_images').select(imageColumns).where({ id: imageId }).first() as ImageRow | undefined
        if (current == null) throw new CatalogNotFoundError('image', imageId)
        await lockProduct(tx, current.product_id)
        const columns = { ...(patch.alt !== undefined ? { alt: patch.alt } : {}), ...(patch.position !== undefined ? { position: patch.position } : {}) }
        if (Object.keys(columns).length > 0) await tx.db('catalog_images').where({ id: imageId }).update({ ...columns, updated_at: tx.db.fn.now() })
        if (patch.variantIds != null) await linkVariants(tx, current, patch.variantIds)
        await touched(tx, current.product_id)
        return await readImage(tx, imageId)
      })
    },

    async delete (ctx: Ctx, imageId: string): Promise<void> {
      await inTransaction(ctx, async (tx) => {
        const row = await tx.db('catalog_images').select('product_id').where({ id: imageId }).first() as { product_id: string } | undefined
        if (row == null) throw new CatalogNotFoundError('image', imageId)
        await lockProduct(tx, row.product_id)
        await tx.db('catalog_images').where({ id: imageId }).delete()
        await touched(tx, row.product_id)
      })
    },
  }
}

export type ImageService = ReturnType<typeof createImageService>
