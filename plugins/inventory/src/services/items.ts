import { inTransaction, isCheckViolation, keysetPage, type Cradle, type Ctx, type PageOf, type PluginScope } from '@comptoir/core'
import type { InventoryConfig } from '../config.js'
import { BelowReservedError, InventoryNotFoundError } from '../errors.js'
import { iso } from '../rows.js'
import type { InventoryItem, InventoryItemInput, InventoryItemQuery } from '../schemas/index.js'
import { itemColumns } from './consume.js'

export interface ItemRow {
  id: string
  variant_id: string
  sku: string | null
  track: boolean
  allow_backorder: boolean
  low_stock_threshold: number
  lead_time_days: number | null
  created_at: Date | string
  updated_at: Date | string
}

export function toItem (row: ItemRow): InventoryItem {
  return {
    id: row.id,
    variantId: row.variant_id,
    sku: row.sku,
    track: row.track,
    allowBackorder: row.allow_backorder,
    lowStockThreshold: row.low_stock_threshold,
    leadTimeDays: row.lead_time_days,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  }
}

/** Inventory items (`inventoryItems`): one per catalog variant that inventory knows of. */
export function createItemService ({ catalogVariants }: Cradle, { config }: PluginScope<InventoryConfig>) {
  async function findRow (ctx: Ctx, variantId: string): Promise<ItemRow | undefined> {
    return await ctx.db('inventory_items').select(itemColumns).where({ variant_id: variantId }).first() as ItemRow | undefined
  }

  /** The variant's item, created with the store's defaults when missing (the variant must exist in the catalog). */
  async function ensure (ctx: Ctx, variantId: string, input: InventoryItemInput = {}): Promise<ItemRow> {
    const found = await findRow(ctx, variantId)
    if (found != null) return found
    const variant = await catalogVariants.get(ctx, variantId)
    // A concurrent creation of the same item is not an error: both end with the one row.
    await ctx.db.raw(`insert into inventory_items (variant_id, sku, track, allow_backorder, low_stock_threshold, lead_time_days)
      values (?, ?, ?, ?, ?, ?) on conflict (variant_id) do nothing`, [variantId, variant.sku, input.track ?? true,
      input.allowBackorder ?? false, input.lowStockThreshold ?? config.defaultLowStockThreshold, input.leadTimeDays ?? null])
    return await findRow(ctx, variantId) as ItemRow
  }

  return {
    ensure,

    /**
     * Ensures an item, with the store's defaults, for each of many variants in one statement
     * (catalog batch events, the seed); those that exist are left alone, so it is idempotent.
     * Resolves to every given variant's item (id, variant, backorder, threshold).
     */
    async ensureMany (ctx: Ctx, variants: ReadonlyArray<{ variantId: string, sku: string | null }>): Promise<Array<Pick<ItemRow, 'id' | 'variant_id' | 'allow_backorder' | 'low_stock_threshold'>>> {
      if (variants.length === 0) return []
      const ids = variants.map((v) => v.variantId)
      await ctx.db.raw(`insert into inventory_items (variant_id, sku, low_stock_threshold)
        select v.id, v.sku, ? from unnest(?::uuid[], ?::text[]) as v(id, sku)
        on conflict (variant_id) do nothing`, [config.defaultLowStockThreshold, ids, variants.map((v) => v.sku) as string[]])
      return await ctx.db('inventory_items').select('id', 'variant_id', 'allow_backorder', 'low_stock_threshold')
        .whereRaw('variant_id = any(?::uuid[])', [ids]) as Array<Pick<ItemRow, 'id' | 'variant_id' | 'allow_backorder' | 'low_stock_threshold'>>
    },

    async get (ctx: Ctx, variantId: string): Promise<InventoryItem> {
      const row = await findRow(ctx, variantId)
      if (row == null) throw new InventoryNotFoundError('item', variantId)
      return toItem(row)
    },

    /** Creates or changes the variant's item; backorder is copied onto its levels (where the oversell CHECK reads it). */
    async put (ctx: Ctx, variantId: string, input: InventoryItemInput): Promise<{ item: InventoryItem, created: boolean }> {
      return await inTransaction(ctx, async (tx) => {
        const existing = await findRow(tx, variantId)
        if (existing == null) return { item: toItem(await ensure(tx, variantId, input)), created: true }
        const patch: Record<string, unknown> = {}
        if (input.track !== undefined) patch.track = input.track
        if (input.allowBackorder !== undefined) patch.allow_backorder = input.allowBackorder
        if (input.lowStockThreshold !== undefined) patch.low_stock_threshold = input.lowStockThreshold
        if (input.leadTimeDays !== undefined) patch.lead_time_days = input.leadTimeDays
        const [row] = await tx.db('inventory_items').where({ id: existing.id }).update({ ...patch, updated_at: tx.db.fn.now() }).returning(itemColumns) as ItemRow[]
        if (input.allowBackorder !== undefined && input.allowBackorder !== existing.allow_backorder) {
          try {
            await tx.db('inventory_levels').where({ item_id: existing.id }).update({ allow_backorder: input.allowBackorder, updated_at: tx.db.fn.now() })
          } catch (error) {
            // Levels already sold below zero: backorder cannot be switched off until stock arrives.
            if (isCheckViolation(error)) throw new BelowReservedError(existing.id, error)
            throw error
          }
        }
        return { item: toItem(row as ItemRow), created: false }
      })
    },

    async list (ctx: Ctx, query: InventoryItemQuery): Promise<PageOf<InventoryItem>> {
      const q = ctx.db('inventory_items').select(itemColumns)
      if (query.sku != null) q.where({ sku: query.sku })
      const result = await keysetPage<ItemRow>(q, query, { list: 'inventory.items', columns: ['id'], keyOf: (r) => [r.id] })
      return { items: result.items.map(toItem), nextCursor: result.nextCursor }
    },

    /** Forgets a deleted variant: its levels, reservations and item (the ledger keeps its history). */
    async dropVariant (ctx: Ctx, variantId: string): Promise<void> {
      await inTransaction(ctx, async (tx) => {
        await tx.db('inventory_items').where({ variant_id: variantId }).delete()
      })
    },

    /** Keeps the item's SKU copy in step with the catalog. */
    async syncSku (ctx: Ctx, variantId: string, sku: string | null): Promise<void> {
      await ctx.db('inventory_items').where({ variant_id: variantId }).whereRaw('sku is distinct from ?', [sku]).update({ sku, updated_at: ctx.db.fn.now() })
    },
  }
}

export type ItemService = ReturnType<typeof createItemService>
