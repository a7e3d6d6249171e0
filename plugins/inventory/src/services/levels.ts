import { inTransaction, keysetPage, type Cradle, type Ctx, type PageOf } from '@comptoir/core'
import { InventoryNotFoundError, QuantityOutOfRangeError } from '../errors.js'
import { applyMovements, syncCrossings, type LevelAfter, type MovementKind } from '../movements.js'
import { iso } from '../rows.js'
import type { StockAdjustmentInput, StockCountInput, StockLevel, StockLevelInput, StockLevelQuery, StockReceiptInput } from '../schemas/index.js'
import { ensureLevel } from './consume.js'

interface LevelRow extends LevelAfter { incoming: number, updated_at: Date | string }
export const levelColumns = ['id', 'item_id', 'location_id', 'variant_id', 'on_hand', 'reserved', 'incoming', 'low_stock_threshold', 'is_low', 'is_out', 'updated_at'] as const

export function toLevel (row: LevelRow): StockLevel {
  return {
    id: row.id,
    itemId: row.item_id,
    variantId: row.variant_id,
    locationId: row.location_id,
    onHand: row.on_hand,
    reserved: row.reserved,
    available: row.on_hand - row.reserved,
    incoming: row.incoming,
    lowStockThreshold: row.low_stock_threshold,
    isLow: row.is_low,
    isOut: row.is_out,
    updatedAt: iso(row.updated_at),
  }
}

/** Stock levels (`inventoryLevels`): per item and location; receive, adjust and count write the ledger. */
export function createLevelService ({ events, inventoryItems }: Cradle) {
  async function get (ctx: Ctx, levelId: string): Promise<StockLevel> {
    const row = await ctx.db('inventory_levels').select(levelColumns).where({ id: levelId }).first() as LevelRow | undefined
    if (row == null) throw new InventoryNotFoundError('level', levelId)
    return toLevel(row)
  }

  async function move (ctx: Ctx, levelId: string, kind: MovementKind, onHandDelta: number, reason?: string | null, reference?: string | null): Promise<StockLevel> {
    return await inTransaction(ctx, async (tx) => {
      await get(tx, levelId)
      if (onHandDelta !== 0) await applyMovements(tx, events, [{ levelId, kind, onHandDelta, reason: reason ?? null, reference: reference ?? null }])
      return await get(tx, levelId)
    })
  }

  return {
    get,

    async list (ctx: Ctx, query: StockLevelQuery): Promise<PageOf<StockLevel>> {
      const q = ctx.db('inventory_levels').select(levelColumns)
      if (query.variantId != null) q.where({ variant_id: query.variantId })
      if (query.locationId != null) q.where({ location_id: query.locationId })
      const result = await keysetPage<LevelRow>(q, query, { list: 'inventory.levels', columns: ['id'], keyOf: (r) => [r.id] })
      return { items: result.items.map(toLevel), nextCursor: result.nextCursor }
    },

    /** The level of a variant at a location (its item is created with the defaults when missing). */
    async create (ctx: Ctx, input: StockLevelInput): Promise<{ level: StockLevel, created: boolean }> {
      return await inTransaction(ctx, async (tx) => {
        const item = await inventoryItems.ensure(tx, input.variantId)
        const existing = await tx.db('inventory_levels').where({ item_id: item.id, location_id: input.locationId }).first('id') as { id: string } | undefined
        const levelId = await ensureLevel(tx, item, input.locationId)
        if (input.lowStockThreshold != null) await tx.db('inventory_levels').where({ id: levelId }).update({ low_stock_threshold: input.lowStockThreshold })
        return { level: await get(tx, levelId), created: existing == null }
      })
    },

    /** Changes the level's low-stock threshold; crossing it either way emits its event. */
    async setThreshold (ctx: Ctx, levelId: string, threshold: number): Promise<StockLevel> {
      return await inTransaction(ctx, async (tx) => {
        const [row] = await tx.db('inventory_levels').where({ id: levelId })
          .update({ low_stock_threshold: threshold, updated_at: tx.db.fn.now() }).returning(levelColumns) as LevelRow[]
        if (row == null) throw new InventoryNotFoundError('level', levelId)
        await syncCrossings(tx, events, [row])
        return await get(tx, levelId)
      })
    },

    /** Adds or removes units with a reason (ledger `adjusted`); never below reserved. */
    async adjust (ctx: Ctx, levelId: string, input: StockAdjustmentInput): Promise<StockLevel> {
      return await move(ctx, levelId, 'adjusted', input.delta, input.reason, input.reference)
    },

    /**
     * Changes the units expected at a level (`incoming`, not on hand, never available): positive
     * when another plugin's purchase order is sent, negative when it arrives or is cancelled. One
     * conditional statement; never below zero (each caller removes only what it added).
     */
    async expect (ctx: Ctx, levelId: string, delta: number): Promise<StockLevel> {
      try {
        const [row] = await ctx.db('inventory_levels').where({ id: levelId })
          .update({ incoming: ctx.db.raw('greatest(0, incoming + ?::int)', [delta]), updated_at: ctx.db.fn.now() }).returning(levelColumns) as LevelRow[]
        if (row == null) throw new InventoryNotFoundError('level', levelId)
        return toLevel(row)
      } catch (error) {
        if ((error as { code?: string }).code === '22003') throw new QuantityOutOfRangeError(error)
        throw error
      }
    },

    /** Units received from a supplier (ledger `received`). */
    async receive (ctx: Ctx, levelId: string, input: StockReceiptInput): Promise<StockLevel> {
      return await move(ctx, levelId, 'received', input.quantity, input.reason, input.reference)
    },

    /**
     * Sets on hand to the counted number; the ledger records the difference (`counted`). The level
     * is locked first so a concurrent movement cannot slip between the read and the write.
     */
    async count (ctx: Ctx, levelId: string, input: StockCountInput, kind: MovementKind = 'counted'): Promise<StockLevel> {
      return await inTransaction(ctx, async (tx) => {
        const row = await tx.db('inventory_levels').select('on_hand').where({ id: levelId }).forUpdate().first() as { on_hand: number } | undefined
        if (row == null) throw new InventoryNotFoundError('level', levelId)
        return await move(tx, levelId, kind, input.counted - row.on_hand, input.reason ?? null, input.reference ?? null)
      })
    },
  }
}

export type LevelService = ReturnType<typeof createLevelService>
