import { inTransaction, isCheckViolation, keysetPage, type Cradle, type Ctx, type PageOf, type PluginScope } from '@comptoir/core'
import type { SuppliersConfig } from '../config.js'
import {
  AmountOutOfRangeError, CurrencyMismatchError, DuplicateLineError, PurchaseOrderEmptyError, PurchaseOrderStateError, SupplierInactiveError, UnitCostRequiredError,
} from '../errors.js'
import type { PurchaseOrder, PurchaseOrderInput, PurchaseOrderLineInput, PurchaseOrderPatch, PurchaseOrderQuery, PurchaseOrderStatus } from '../schemas/index.js'
import { eventPayload, getOrder, hydrateOrders, linesOf, lockOrder, outstandingOf, selectOrders, type OrderRow } from './purchase-order-rows.js'

/** Runs a write of order amounts; past what an amount holds (CHECK or bigint overflow) it is a 422. */
async function withinRange<T> (fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    if (isCheckViolation(error) || (error as { code?: string }).code === '22003') throw new AmountOutOfRangeError(error)
    throw error
  }
}

/**
 * Purchase orders (`suppliersPurchaseOrders`): drafts and their lines, then the state machine
 * draft → sent → partially_received → received, or cancelled. Each transition is one conditional
 * step on the locked order row; an illegal one is 409 SUPPLIERS_PURCHASE_ORDER_STATE. Sending shows
 * the units as incoming at the order's location (inventoryLevels.expect); cancelling or closing
 * takes what is still outstanding back off.
 */
export function createPurchaseOrderService ({ events, suppliers, suppliersItems, catalogVariants, inventoryLocations, inventoryLevels }: Cradle, { config }: PluginScope<SuppliersConfig>) {
  function expectState (row: OrderRow, allowed: readonly PurchaseOrderStatus[]): void {
    if (!allowed.includes(row.status)) throw new PurchaseOrderStateError(row.id, row.status, allowed)
  }

  /** Replaces the order's lines (costs default to the supplier's items) and recomputes its subtotal. */
  async function writeLines (ctx: Ctx, order: OrderRow, lines: readonly PurchaseOrderLineInput[]): Promise<void> {
    const seen = new Set<string>()
    for (const l of lines) {
      if (seen.has(l.variantId)) throw new DuplicateLineError(l.variantId)
      seen.add(l.variantId)
    }
    const items = await suppliersItems.forVariants(ctx, order.supplier_id, [...seen])
    for (const variantId of seen) if (!items.has(variantId)) await catalogVariants.get(ctx, variantId)
    const rows = lines.map((l, position) => {
      const item = items.get(l.variantId)
      if (item != null && item.currency !== order.currency) throw new CurrencyMismatchError(order.currency, item.currency)
      const unit = l.unitCostAmount ?? (item == null ? null : Number(item.cost_amount))
      if (unit == null) throw new UnitCostRequiredError(l.variantId)
      return {
        purchase_order_id: order.id, position, variant_id: l.variantId, supplier_sku: item?.supplier_sku ?? null,
        quantity: l.quantity, unit_cost_amount: unit, expected_on: l.expectedOn ?? null,
      }
    })
    await ctx.db('suppliers_purchase_order_lines').where({ purchase_order_id: order.id }).delete()
    if (rows.length > 0) await ctx.db('suppliers_purchase_order_lines').insert(rows)
    await withinRange(async () => await ctx.db.raw(`update suppliers_purchase_orders o set subtotal_amount = coalesce((
      select sum(l.quantity::bigint * l.unit_cost_amount) from suppliers_purchase_order_lines l where l.purchase_order_id = o.id), 0), updated_at = now()
      where o.id = ?`, [order.id]))
  }

  /**
   * Adds (+) or removes (−) each line's outstanding units from incoming at the order's location.
   * Adding creates the level; removing skips a level that is gone (its variant was deleted), so a
   * sent order for a deleted variant can still be cancelled or closed.
   */
  async function moveIncoming (ctx: Ctx, order: OrderRow, sign: 1 | -1): Promise<void> {
    const lines = await linesOf(ctx, [order.id])
    for (const line of lines) {
      const units = outstandingOf(line, order.status)
      if (units === 0) continue
      const levelId = sign > 0
        ? (await inventoryLevels.create(ctx, { variantId: line.variant_id, locationId: order.location_id })).level.id
        : (await inventoryLevels.list(ctx, { variantId: line.variant_id, locationId: order.location_id, limit: 1 })).items[0]?.id
      if (levelId != null) await inventoryLevels.expect(ctx, levelId, sign * units)
    }
  }

  async function transition (ctx: Ctx, orderId: string, allowed: readonly PurchaseOrderStatus[], to: PurchaseOrderStatus,
    before: (tx: Ctx, row: OrderRow) => Promise<void>, stamp: Record<string, unknown>): Promise<PurchaseOrder> {
    return await inTransaction(ctx, async (tx) => {
      const row = await lockOrder(tx, orderId)
      expectState(row, allowed)
      await before(tx, row)
      await tx.db('suppliers_purchase_orders').where({ id: orderId, status: row.status }).update({ status: to, ...stamp, updated_at: tx.db.fn.now() })
      await events.emit(tx, `suppliers.purchase-order.${to.replace('_', '-')}`, eventPayload(row, to))
      return await getOrder(tx, orderId)
    })
  }

  return {
    get: getOrder,

    async list (ctx: Ctx, query: PurchaseOrderQuery): Promise<PageOf<PurchaseOrder>> {
      const q = selectOrders(ctx)
      if (query.supplierId != null) q.where({ supplier_id: query.supplierId })
      if (query.status != null) q.where({ status: query.status })
      const result = await keysetPage<OrderRow>(q, query, { list: 'suppliers.purchase-orders', columns: ['id'], keyOf: (r) => [r.id] })
      return { items: await hydrateOrders(ctx, result.items), nextCursor: result.nextCursor }
    },

    /** A draft order in the supplier's currency, for a stock location, with optional lines. */
    async create (ctx: Ctx, input: PurchaseOrderInput): Promise<PurchaseOrder> {
      return await inTransaction(ctx, async (tx) => {
        const supplier = await suppliers.row(tx, input.supplierId, true)
        if (!supplier.active) throw new SupplierInactiveError(supplier.id)
        await inventoryLocations.get(tx, input.locationId)
        const { rows } = await tx.db.raw("select nextval('suppliers_purchase_order_number_seq')::bigint as n") as { rows: Array<{ n: string | number }> }
        const number = `${config.purchaseOrderPrefix}${String(rows[0]?.n ?? 0).padStart(6, '0')}`
        const [inserted] = await tx.db('suppliers_purchase_orders').insert({
          number, supplier_id: supplier.id, location_id: input.locationId, currency: supplier.currency,
          expected_on: input.expectedOn ?? null, extra_costs_amount: input.extraCostsAmount ?? 0, note: input.note ?? null,
        }).returning('id') as Array<{ id: string }>
        const row = await lockOrder(tx, (inserted as { id: string }).id)
        if (input.lines != null) await writeLines(tx, row, input.lines)
        await events.emit(tx, 'suppliers.purchase-order.created', eventPayload(row, 'draft'))
        return await getOrder(tx, row.id)
      })
    },

    /** Changes a draft's location, expected day, extra costs or note. */
    async update (ctx: Ctx, orderId: string, patch: PurchaseOrderPatch): Promise<PurchaseOrder> {
      return await inTransaction(ctx, async (tx) => {
        expectState(await lockOrder(tx, orderId), ['draft'])
        if (patch.locationId != null) await inventoryLocations.get(tx, patch.locationId)
        const changes: Record<string, unknown> = {}
        if (patch.locationId !== undefined) changes.location_id = patch.locationId
        if (patch.expectedOn !== undefined) changes.expected_on = patch.expectedOn
        if (patch.extraCostsAmount !== undefined) changes.extra_costs_amount = patch.extraCostsAmount
        if (patch.note !== undefined) changes.note = patch.note
        await withinRange(async () => await tx.db('suppliers_purchase_orders').where({ id: orderId }).update({ ...changes, updated_at: tx.db.fn.now() }))
        return await getOrder(tx, orderId)
      })
    },

    /** Replaces a draft's lines. */
    async replaceLines (ctx: Ctx, orderId: string, lines: readonly PurchaseOrderLineInput[]): Promise<PurchaseOrder> {
      return await inTransaction(ctx, async (tx) => {
        const row = await lockOrder(tx, orderId)
        expectState(row, ['draft'])
        await writeLines(tx, row, lines)
        return await getOrder(tx, orderId)
      })
    },

    /**
     * draft → sent: the supplier has the order; its units show as incoming at the location. Without
     * an expected day, each line is expected after its item's lead time (else the supplier's), from today (UTC).
     */
    async send (ctx: Ctx, orderId: string): Promise<PurchaseOrder> {
      return await transition(ctx, orderId, ['draft'], 'sent', async (tx, row) => {
        const supplier = await suppliers.row(tx, row.supplier_id)
        if (!supplier.active) throw new SupplierInactiveError(supplier.id)
        if ((await linesOf(tx, [row.id])).length === 0) throw new PurchaseOrderEmptyError()
        if (row.expected_on == null) {
          await tx.db.raw(`update suppliers_purchase_order_lines l set expected_on = (now() at time zone 'utc')::date + coalesce(
            (select i.lead_time_days from suppliers_items i where i.supplier_id = ? and i.variant_id = l.variant_id), ?::int)
            where l.purchase_order_id = ? and l.expected_on is null`, [row.supplier_id, supplier.lead_time_days, row.id])
        }
        await moveIncoming(tx, { ...row, status: 'sent' }, 1)
      }, { sent_at: ctx.db.fn.now() })
    },

    /** draft or sent → cancelled: whatever was incoming is no longer. */
    async cancel (ctx: Ctx, orderId: string): Promise<PurchaseOrder> {
      return await transition(ctx, orderId, ['draft', 'sent'], 'cancelled', async (tx, row) => {
        await moveIncoming(tx, row, -1)
      }, { cancelled_at: ctx.db.fn.now() })
    },

    /** partially_received → received, short: the supplier will not deliver the rest (under-delivery stays recorded on the lines). */
    async close (ctx: Ctx, orderId: string): Promise<PurchaseOrder> {
      return await transition(ctx, orderId, ['partially_received'], 'received', async (tx, row) => {
        await moveIncoming(tx, row, -1)
      }, { received_at: ctx.db.fn.now() })
    },
  }
}

export type PurchaseOrderService = ReturnType<typeof createPurchaseOrderService>
