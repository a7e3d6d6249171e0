import { inTransaction, type Cradle, type Ctx } from '@comptoir/core'
import type { ReplenishmentSuggestion } from '@comptoir/plugin-inventory'
import type { PurchaseOrderLineInput, ReplenishmentOrderInput, ReplenishmentOrders } from '../schemas/index.js'
import type { ItemRow } from './items.js'

/** The most units one line may order (as the purchase order schemas allow). */
export const maxLineUnits = 1_000_000

/** Units to order: at least the suggestion and the MOQ, rounded up to whole packs (at most `maxLineUnits`, in whole packs). */
export function orderQuantity (suggested: number, packSize: number, minimumOrderQuantity: number): number {
  const wanted = Math.max(suggested, minimumOrderQuantity)
  return Math.min(Math.ceil(wanted / packSize), Math.floor(maxLineUnits / packSize)) * packSize
}

/**
 * Whole packs to add to a line so the order reaches the supplier's minimum order value
 * (0 when it already does or the line costs nothing).
 */
export function packsToReachMinimum (subtotal: number, minimum: number | null, packSize: number, unitCost: number): number {
  if (minimum == null || subtotal >= minimum || unitCost === 0) return 0
  return Math.ceil((minimum - subtotal) / (packSize * unitCost))
}

/**
 * From replenishment to purchase orders (`suppliersReplenishment`): inventory's suggestions become
 * draft orders, one per preferred supplier, each line in whole packs and at least the MOQ; an order
 * below the supplier's minimum value is topped up on its most urgent line. Variants already on an
 * open draft are skipped, so running it twice does not order twice.
 */
export function createReplenishmentOrderService ({ inventoryReplenishment, suppliers, suppliersItems, suppliersPurchaseOrders }: Cradle) {
  async function allSuggestions (ctx: Ctx): Promise<ReplenishmentSuggestion[]> {
    const all: ReplenishmentSuggestion[] = []
    let cursor: string | undefined
    do {
      const page = await inventoryReplenishment.suggestions(ctx, { limit: 100, ...(cursor != null ? { cursor } : {}) })
      all.push(...page.items)
      cursor = page.nextCursor ?? undefined
    } while (cursor != null)
    return all
  }

  return {
    async createDrafts (ctx: Ctx, input: ReplenishmentOrderInput): Promise<ReplenishmentOrders> {
      return await inTransaction(ctx, async (tx) => {
        const only = input.variantIds == null ? null : new Set(input.variantIds)
        // Most urgent first (inventory's order): a supplier's first line is its most urgent.
        const suggestions = (await allSuggestions(tx)).filter((s) => only == null || only.has(s.variantId))
        const variantIds = suggestions.map((s) => s.variantId)
        const preferred = await suppliersItems.preferredFor(tx, variantIds)
        const onDraft = new Set(variantIds.length === 0 ? [] : await tx.db('suppliers_purchase_order_lines as l')
          .join('suppliers_purchase_orders as o', 'o.id', 'l.purchase_order_id')
          .where('o.status', 'draft').whereIn('l.variant_id', variantIds).pluck('l.variant_id') as string[])
        const skipped: ReplenishmentOrders['skipped'] = []
        const bySupplier = new Map<string, Array<{ item: ItemRow, quantity: number }>>()
        for (const s of suggestions) {
          const item = preferred.get(s.variantId)
          if (item == null) { skipped.push({ variantId: s.variantId, reason: 'no_supplier' }); continue }
          if (onDraft.has(s.variantId)) { skipped.push({ variantId: s.variantId, reason: 'on_open_draft' }); continue }
          const lines = bySupplier.get(item.supplier_id) ?? []
          lines.push({ item, quantity: orderQuantity(s.suggestedQuantity, item.pack_size, item.minimum_order_quantity) })
          bySupplier.set(item.supplier_id, lines)
        }
        const purchaseOrders = []
        for (const [supplierId, lines] of [...bySupplier].sort(([a], [b]) => a < b ? -1 : 1)) {
          const supplier = await suppliers.row(tx, supplierId)
          const first = lines[0] as { item: ItemRow, quantity: number }
          const subtotal = lines.reduce((sum, l) => sum + l.quantity * Number(l.item.cost_amount), 0)
          const extraPacks = packsToReachMinimum(subtotal, supplier.minimum_order_amount == null ? null : Number(supplier.minimum_order_amount),
            first.item.pack_size, Number(first.item.cost_amount))
          first.quantity = Math.min(first.quantity + first.item.pack_size * extraPacks, Math.floor(maxLineUnits / first.item.pack_size) * first.item.pack_size)
          const orderLines: PurchaseOrderLineInput[] = lines.map((l) => ({ variantId: l.item.variant_id, quantity: l.quantity }))
          purchaseOrders.push(await suppliersPurchaseOrders.create(tx, {
            supplierId, locationId: input.locationId, lines: orderLines, note: 'From replenishment suggestions',
          }))
        }
        return { purchaseOrders, skipped }
      })
    },
  }
}

export type ReplenishmentOrderService = ReturnType<typeof createReplenishmentOrderService>
