import { inTransaction, isUniqueViolation, type Cradle, type Ctx } from '@comptoir/core'
import { CatalogNotFoundError, OptionNameTakenError, OptionValueInUseError, ProductHasVariantsError, TooManyOptionsError } from '../errors.js'
import { loadProduct } from '../hydrate.js'
import { emitCatalog } from '../outbox.js'
import { optionColumns, type OptionRow } from '../rows.js'
import type { OptionInput, OptionPatch, Product } from '../schemas/index.js'
import { lockProduct } from './products.js'

async function hasVariants (ctx: Ctx, productId: string): Promise<boolean> {
  return await ctx.db('catalog_variants').where({ product_id: productId }).first('id') != null
}

function nameTaken (error: unknown, name: string): unknown {
  return isUniqueViolation(error, 'catalog_product_options_name_unique') ? new OptionNameTakenError(name, error) : error
}

/**
 * Product options (Size, Colour; at most 3). Options are added or removed only while the product
 * has no variants (each variant holds one value per option); renaming and new values are always fine.
 */
export function createOptionService ({ events }: Cradle) {
  async function changed (ctx: Ctx, productId: string): Promise<Product> {
    const product = await loadProduct(ctx.db, productId)
    await emitCatalog(events, ctx, 'catalog.product.updated', { productId, handle: product.handle, status: product.status, changed: ['options'] })
    return product
  }

  async function findOption (ctx: Ctx, productId: string, optionId: string): Promise<OptionRow> {
    const row = await ctx.db('catalog_product_options').select(optionColumns).where({ id: optionId, product_id: productId }).first() as OptionRow | undefined
    if (row == null) throw new CatalogNotFoundError('option', optionId)
    return row
  }

  return {
    /** Adds an option with its values; 409 once the product has variants, 422 past 3 options. */
    async add (ctx: Ctx, productId: string, input: OptionInput): Promise<Product> {
      return await inTransaction(ctx, async (tx) => {
        await lockProduct(tx, productId)
        if (await hasVariants(tx, productId)) throw new ProductHasVariantsError(productId)
        const count = (await tx.db('catalog_product_options').where({ product_id: productId }).pluck('id')).length
        if (count >= 3) throw new TooManyOptionsError()
        try {
          await tx.db('catalog_product_options').insert({ product_id: productId, position: count + 1, name: input.name.trim(), values: input.values.map((v) => v.trim()) })
        } catch (error) {
          throw nameTaken(error, input.name)
        }
        return await changed(tx, productId)
      })
    },

    /** Renames an option or replaces its values; values still used by variants cannot go (409). */
    async update (ctx: Ctx, productId: string, optionId: string, patch: OptionPatch): Promise<Product> {
      return await inTransaction(ctx, async (tx) => {
        await lockProduct(tx, productId)
        const option = await findOption(tx, productId, optionId)
        if (patch.values != null) {
          const column = `option${option.position}`
          const used = await tx.db('catalog_variants').distinct(column).where({ product_id: productId })
            .whereNotNull(column).pluck(column) as string[]
          const kept = patch.values.map((v) => v.trim())
          const dropped = used.filter((value) => !kept.includes(value)).sort()
          if (dropped.length > 0) throw new OptionValueInUseError(option.name, dropped)
        }
        try {
          await tx.db('catalog_product_options').where({ id: optionId }).update({
            ...(patch.name != null ? { name: patch.name.trim() } : {}),
            ...(patch.values != null ? { values: patch.values.map((v) => v.trim()) } : {}),
          })
        } catch (error) {
          throw nameTaken(error, patch.name ?? option.name)
        }
        return await changed(tx, productId)
      })
    },

    /** Removes an option (only while the product has no variants); later options move up. */
    async remove (ctx: Ctx, productId: string, optionId: string): Promise<Product> {
      return await inTransaction(ctx, async (tx) => {
        await lockProduct(tx, productId)
        const option = await findOption(tx, productId, optionId)
        if (await hasVariants(tx, productId)) throw new ProductHasVariantsError(productId)
        await tx.db('catalog_product_options').where({ id: optionId }).delete()
        // One row at a time, lowest first: each move lands on the position just freed.
        const later = await tx.db('catalog_product_options').where({ product_id: productId }).andWhere('position', '>', option.position)
          .orderBy('position').pluck('id') as string[]
        for (const id of later) await tx.db('catalog_product_options').where({ id }).decrement('position', 1)
        return await changed(tx, productId)
      })
    },
  }
}

export type OptionService = ReturnType<typeof createOptionService>
