import { inTransaction, type Cradle, type Ctx, type PluginScope } from '@comptoir/core'
import type { CatalogConfig } from '../config.js'
import { CatalogNotFoundError } from '../errors.js'
import { loadProduct } from '../hydrate.js'
import { emitCatalog } from '../outbox.js'
import { optionColumns, variantColumns, type OptionRow, type VariantRow } from '../rows.js'
import type { PriceInput, Variant, VariantInput, VariantPatch } from '../schemas/index.js'
import { ensureOptionValues, insertVariant, optionSlots, variantConflict, variantPatchColumns, writePrices } from '../variant-writes.js'
import { lockProduct } from './products.js'
import { purchasableVariants, type PurchasableVariant } from '../queries/purchasable.js'

async function productOptions (ctx: Ctx, productId: string): Promise<OptionRow[]> {
  return await ctx.db('catalog_product_options').select(optionColumns).where({ product_id: productId }).orderBy('position') as OptionRow[]
}

/** Locks a variant and its product (product first, the order every writer uses). */
async function lockVariant (ctx: Ctx, variantId: string): Promise<VariantRow> {
  const found = await ctx.db('catalog_variants').select('product_id').where({ id: variantId }).first() as { product_id: string } | undefined
  if (found == null) throw new CatalogNotFoundError('variant', variantId)
  await lockProduct(ctx, found.product_id)
  const row = await ctx.db('catalog_variants').select(variantColumns).where({ id: variantId }).forUpdate().first() as VariantRow | undefined
  if (row == null) throw new CatalogNotFoundError('variant', variantId)
  return row
}

async function readVariant (ctx: Ctx, productId: string, variantId: string): Promise<Variant> {
  const product = await loadProduct(ctx.db, productId)
  const variant = product.variants.find((v) => v.id === variantId)
  if (variant == null) throw new CatalogNotFoundError('variant', variantId)
  return variant
}

/** Variants of a product and their base prices. */
export function createVariantService ({ events }: Cradle, { config }: PluginScope<CatalogConfig>) {
  async function setPrices (ctx: Ctx, variantId: string, prices: readonly PriceInput[]): Promise<Variant> {
    return await inTransaction(ctx, async (tx) => {
      const variant = await lockVariant(tx, variantId)
      const changes = await writePrices(tx, variantId, prices, config.currencies, true)
      if (changes.length > 0) await emitCatalog(events, tx, 'catalog.price.updated', { variantId, productId: variant.product_id, prices: changes })
      return await readVariant(tx, variant.product_id, variantId)
    })
  }

  return {
    /** Adds a variant: one value per product option (new values join the option), unique SKU and values. */
    async create (ctx: Ctx, productId: string, input: VariantInput): Promise<Variant> {
      return await inTransaction(ctx, async (tx) => {
        await lockProduct(tx, productId)
        const row = await insertVariant(tx, productId, await productOptions(tx, productId), input, config.currencies)
        await emitCatalog(events, tx, 'catalog.variant.created', { variantId: row.id, productId, sku: row.sku })
        if ((input.prices ?? []).length > 0) {
          await emitCatalog(events, tx, 'catalog.price.updated', {
            variantId: row.id, productId, prices: (input.prices ?? []).map((p) => ({ currency: p.currency, amount: p.amount, compareAtAmount: p.compareAtAmount ?? null })),
          })
        }
        return await readVariant(tx, productId, row.id)
      })
    },

    /**
     * Variants as a cart sells them: product status, effective price in `currency`, weight, image.
     * Ids must be uuids (validate at the edge); unknown ids are absent from the map.
     */
    async forPurchase (ctx: Ctx, variantIds: readonly string[], currency: string): Promise<Map<string, PurchasableVariant>> {
      return await purchasableVariants(ctx, variantIds, currency)
    },

    /**
     * Every variant's id, product and SKU, in id order, `limit` (at most 5000) after `afterId`:
     * for bulk readers (a plugin's seed stocking the whole catalog) that page without hydrating products.
     */
    async refsAfter (ctx: Ctx, afterId: string | null, limit: number): Promise<Array<{ id: string, productId: string, sku: string | null }>> {
      const q = ctx.db('catalog_variants').select('id', 'product_id', 'sku').orderBy('id').limit(Math.max(1, Math.min(limit, 5000)))
      if (afterId != null) q.where('id', '>', afterId)
      const rows = await q as Array<{ id: string, product_id: string, sku: string | null }>
      return rows.map((r) => ({ id: r.id, productId: r.product_id, sku: r.sku }))
    },

    async get (ctx: Ctx, variantId: string): Promise<Variant> {
      const row = await ctx.db('catalog_variants').select('product_id').where({ id: variantId }).first() as { product_id: string } | undefined
      if (row == null) throw new CatalogNotFoundError('variant', variantId)
      return await readVariant(ctx, row.product_id, variantId)
    },

    /** Changes a variant's fields or option values; duplicates are 409s naming the field. */
    async update (ctx: Ctx, variantId: string, patch: VariantPatch): Promise<Variant> {
      return await inTransaction(ctx, async (tx) => {
        const current = await lockVariant(tx, variantId)
        const options = await productOptions(tx, current.product_id)
        const columns = variantPatchColumns(patch, options, current)
        if (patch.options != null) await ensureOptionValues(tx, options, optionSlots(options, patch.options))
        if (Object.keys(columns).length > 0) {
          let updated: VariantRow
          try {
            [updated] = await tx.db('catalog_variants').where({ id: variantId }).update({ ...columns, updated_at: tx.db.fn.now() }).returning(variantColumns) as VariantRow[]
          } catch (error) {
            throw variantConflict(error, current.product_id, patch.sku, patch.options)
          }
          await emitCatalog(events, tx, 'catalog.variant.updated', {
            variantId, productId: current.product_id, sku: updated.sku, changed: Object.keys(patch),
          })
        }
        return await readVariant(tx, current.product_id, variantId)
      })
    },

    async delete (ctx: Ctx, variantId: string): Promise<void> {
      await inTransaction(ctx, async (tx) => {
        const row = await lockVariant(tx, variantId)
        await tx.db('catalog_variants').where({ id: variantId }).delete()
        await emitCatalog(events, tx, 'catalog.variant.deleted', { variantId, productId: row.product_id, sku: row.sku })
      })
    },

    /** Replaces a variant's base prices: currencies left out lose their price. */
    setPrices,
  }
}

export type VariantService = ReturnType<typeof createVariantService>
