import { inTransaction, isUniqueViolation, keysetPage, type Cradle, type Ctx, type PageOf } from '@comptoir/core'
import { CurrencyMismatchError, PreferredConflictError, SupplierItemExistsError, SuppliersNotFoundError } from '../errors.js'
import { int, iso } from '../rows.js'
import type { SupplierItem, SupplierItemInput, SupplierItemPatch, SupplierItemQuery } from '../schemas/index.js'

export interface ItemRow {
  id: string
  supplier_id: string
  variant_id: string
  supplier_sku: string
  cost_amount: string | number
  currency: string
  pack_size: number
  minimum_order_quantity: number
  lead_time_days: number | null
  preferred: boolean
  active: boolean
  created_at: Date | string
  updated_at: Date | string
}
export const itemColumns = ['id', 'supplier_id', 'variant_id', 'supplier_sku', 'cost_amount', 'currency', 'pack_size', 'minimum_order_quantity',
  'lead_time_days', 'preferred', 'active', 'created_at', 'updated_at'] as const

export function toItem (row: ItemRow): SupplierItem {
  return {
    id: row.id,
    supplierId: row.supplier_id,
    variantId: row.variant_id,
    supplierSku: row.supplier_sku,
    cost: { amount: int(row.cost_amount), currency: row.currency },
    packSize: row.pack_size,
    minimumOrderQuantity: row.minimum_order_quantity,
    leadTimeDays: row.lead_time_days,
    preferred: row.preferred,
    active: row.active,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  }
}

function writeColumns (input: SupplierItemPatch): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (input.supplierSku !== undefined) out.supplier_sku = input.supplierSku
  if (input.cost !== undefined) { out.cost_amount = input.cost.amount; out.currency = input.cost.currency }
  if (input.packSize !== undefined) out.pack_size = input.packSize
  if (input.minimumOrderQuantity !== undefined) out.minimum_order_quantity = input.minimumOrderQuantity
  if (input.leadTimeDays !== undefined) out.lead_time_days = input.leadTimeDays
  if (input.preferred !== undefined) out.preferred = input.preferred
  if (input.active !== undefined) out.active = input.active
  return out
}

/** Supplier items (`suppliersItems`): a variant as one supplier sells it (SKU, cost, pack size, MOQ, lead time). */
export function createItemService ({ catalogVariants, suppliers }: Cradle) {
  /**
   * Makes this item the variant's only preferred one. The other item's flag is cleared first, in
   * the same transaction; the partial unique index refuses two preferred items racing.
   */
  async function takePreference (ctx: Ctx, variantId: string, itemId: string | null): Promise<void> {
    const q = ctx.db('suppliers_items').where({ variant_id: variantId, preferred: true })
    if (itemId != null) q.whereNot({ id: itemId })
    await q.update({ preferred: false, updated_at: ctx.db.fn.now() })
  }

  async function checked<T> (supplierId: string, variantId: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn()
    } catch (error) {
      if (isUniqueViolation(error, 'suppliers_items_supplier_variant_key')) throw new SupplierItemExistsError(supplierId, variantId, error)
      if (isUniqueViolation(error, 'suppliers_items_preferred_key')) throw new PreferredConflictError(variantId, error)
      throw error
    }
  }

  return {
    async get (ctx: Ctx, itemId: string): Promise<SupplierItem> {
      const row = await ctx.db('suppliers_items').select(itemColumns).where({ id: itemId }).first() as ItemRow | undefined
      if (row == null) throw new SuppliersNotFoundError('supplier_item', itemId)
      return toItem(row)
    },

    async list (ctx: Ctx, query: SupplierItemQuery): Promise<PageOf<SupplierItem>> {
      const q = ctx.db('suppliers_items').select(itemColumns)
      if (query.supplierId != null) q.where({ supplier_id: query.supplierId })
      if (query.variantId != null) q.where({ variant_id: query.variantId })
      const result = await keysetPage<ItemRow>(q, query, { list: 'suppliers.items', columns: ['id'], keyOf: (r) => [r.id] })
      return { items: result.items.map(toItem), nextCursor: result.nextCursor }
    },

    /** The supplier's item for each variant (active ones), keyed by variant id. */
    async forVariants (ctx: Ctx, supplierId: string, variantIds: readonly string[]): Promise<Map<string, ItemRow>> {
      if (variantIds.length === 0) return new Map()
      const rows = await ctx.db('suppliers_items').select(itemColumns).where({ supplier_id: supplierId, active: true }).whereIn('variant_id', [...variantIds]) as ItemRow[]
      return new Map(rows.map((r) => [r.variant_id, r]))
    },

    /** The preferred active item of each variant (of an active supplier), keyed by variant id. */
    async preferredFor (ctx: Ctx, variantIds: readonly string[]): Promise<Map<string, ItemRow>> {
      if (variantIds.length === 0) return new Map()
      const rows = await ctx.db('suppliers_items as i').join('suppliers_suppliers as s', 's.id', 'i.supplier_id')
        .select(itemColumns.map((c) => `i.${c}`)).where({ 'i.preferred': true, 'i.active': true, 's.active': true })
        .whereIn('i.variant_id', [...variantIds]) as ItemRow[]
      return new Map(rows.map((r) => [r.variant_id, r]))
    },

    async create (ctx: Ctx, input: SupplierItemInput): Promise<SupplierItem> {
      return await inTransaction(ctx, async (tx) => {
        const supplier = await suppliers.row(tx, input.supplierId, true)
        if (input.cost.currency !== supplier.currency) throw new CurrencyMismatchError(supplier.currency, input.cost.currency)
        await catalogVariants.get(tx, input.variantId)
        if (input.preferred === true) await takePreference(tx, input.variantId, null)
        return await checked(input.supplierId, input.variantId, async () => {
          const [row] = await tx.db('suppliers_items').insert({ supplier_id: input.supplierId, variant_id: input.variantId, ...writeColumns(input) })
            .returning(itemColumns) as ItemRow[]
          return toItem(row as ItemRow)
        })
      })
    },

    async update (ctx: Ctx, itemId: string, patch: SupplierItemPatch): Promise<SupplierItem> {
      return await inTransaction(ctx, async (tx) => {
        const current = await tx.db('suppliers_items').select(itemColumns).where({ id: itemId }).forUpdate().first() as ItemRow | undefined
        if (current == null) throw new SuppliersNotFoundError('supplier_item', itemId)
        if (patch.cost != null && patch.cost.currency !== current.currency) throw new CurrencyMismatchError(current.currency, patch.cost.currency)
        if (patch.preferred === true) await takePreference(tx, current.variant_id, itemId)
        return await checked(current.supplier_id, current.variant_id, async () => {
          const [row] = await tx.db('suppliers_items').where({ id: itemId }).update({ ...writeColumns(patch), updated_at: tx.db.fn.now() }).returning(itemColumns) as ItemRow[]
          return toItem(row as ItemRow)
        })
      })
    },

    async delete (ctx: Ctx, itemId: string): Promise<void> {
      const deleted = await ctx.db('suppliers_items').where({ id: itemId }).delete().returning('id') as unknown[]
      if (deleted.length === 0) throw new SuppliersNotFoundError('supplier_item', itemId)
    },

    /** Forgets a variant deleted in the catalog (its purchase order lines keep their history). */
    async dropVariant (ctx: Ctx, variantId: string): Promise<void> {
      await ctx.db('suppliers_items').where({ variant_id: variantId }).delete()
    },
  }
}

export type ItemService = ReturnType<typeof createItemService>
