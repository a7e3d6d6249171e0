import { inTransaction, keysetPage, type Cradle, type Ctx, type PageOf } from '@comptoir/core'
import { InventoryNotFoundError, SameLocationTransferError, TransferStateError } from '../errors.js'
import { applyMovements } from '../movements.js'
import { iso, isoOrNull } from '../rows.js'
import type { StockTransfer, StockTransferInput, TransferQuery } from '../schemas/index.js'
import { ensureLevel, lockLevels } from './consume.js'

interface TransferRow {
  id: string
  from_location_id: string
  to_location_id: string
  status: StockTransfer['status']
  note: string | null
  created_at: Date | string
  shipped_at: Date | string | null
  received_at: Date | string | null
}
const columns = ['id', 'from_location_id', 'to_location_id', 'status', 'note', 'created_at', 'shipped_at', 'received_at'] as const
interface LineRow { transfer_id: string, item_id: string, variant_id: string, quantity: number, allow_backorder: boolean, low_stock_threshold: number }

/** The level of each line's item at a location (created empty when missing), one after the other on the transaction. */
async function levelsAt (ctx: Ctx, items: readonly LineRow[], locationId: string): Promise<string[]> {
  const ids: string[] = []
  for (const l of items) ids.push(await ensureLevel(ctx, { id: l.item_id, variant_id: l.variant_id, allow_backorder: l.allow_backorder, low_stock_threshold: l.low_stock_threshold }, locationId))
  return ids
}

/** Transfers between locations (`inventoryTransfers`): requested → in transit (out of the source) → received (into the destination). */
export function createTransferService ({ events, inventoryItems }: Cradle) {
  async function lines (ctx: Ctx, ids: readonly string[]): Promise<LineRow[]> {
    return await ctx.db('inventory_transfer_lines as t').join('inventory_items as i', 'i.id', 't.item_id')
      .select('t.transfer_id', 't.item_id', 't.variant_id', 't.quantity', 'i.allow_backorder', 'i.low_stock_threshold')
      .whereIn('t.transfer_id', ids).orderBy('t.item_id') as LineRow[]
  }

  async function hydrate (ctx: Ctx, rows: readonly TransferRow[]): Promise<StockTransfer[]> {
    const all = rows.length === 0 ? [] : await lines(ctx, rows.map((r) => r.id))
    return rows.map((r) => ({
      id: r.id,
      fromLocationId: r.from_location_id,
      toLocationId: r.to_location_id,
      status: r.status,
      note: r.note,
      lines: all.filter((l) => l.transfer_id === r.id).map((l) => ({ variantId: l.variant_id, quantity: l.quantity })),
      createdAt: iso(r.created_at),
      shippedAt: isoOrNull(r.shipped_at),
      receivedAt: isoOrNull(r.received_at),
    }))
  }

  async function get (ctx: Ctx, transferId: string): Promise<StockTransfer> {
    const row = await ctx.db('inventory_transfers').select(columns).where({ id: transferId }).first() as TransferRow | undefined
    if (row == null) throw new InventoryNotFoundError('transfer', transferId)
    return (await hydrate(ctx, [row]))[0] as StockTransfer
  }

  /** Locks the transfer and checks its state: two ships of one transfer cannot both move stock. */
  async function lock (ctx: Ctx, transferId: string, expected: StockTransfer['status']): Promise<TransferRow> {
    const row = await ctx.db('inventory_transfers').select(columns).where({ id: transferId }).forUpdate().first() as TransferRow | undefined
    if (row == null) throw new InventoryNotFoundError('transfer', transferId)
    if (row.status !== expected) throw new TransferStateError(transferId, row.status, expected)
    return row
  }

  async function emit (ctx: Ctx, name: string, row: TransferRow, status: string): Promise<void> {
    await events.emit(ctx, name, { transferId: row.id, fromLocationId: row.from_location_id, toLocationId: row.to_location_id, status })
  }

  return {
    get,

    async list (ctx: Ctx, query: TransferQuery): Promise<PageOf<StockTransfer>> {
      const q = ctx.db('inventory_transfers').select(columns)
      if (query.status != null) q.where({ status: query.status })
      const result = await keysetPage<TransferRow>(q, query, { list: 'inventory.transfers', columns: ['id'], direction: 'desc', keyOf: (r) => [r.id] })
      return { items: await hydrate(ctx, result.items), nextCursor: result.nextCursor }
    },

    async create (ctx: Ctx, input: StockTransferInput): Promise<StockTransfer> {
      if (input.fromLocationId === input.toLocationId) throw new SameLocationTransferError()
      return await inTransaction(ctx, async (tx) => {
        for (const id of [input.fromLocationId, input.toLocationId]) {
          if (await tx.db('inventory_locations').where({ id }).first('id') == null) throw new InventoryNotFoundError('location', id)
        }
        const [row] = await tx.db('inventory_transfers').insert({
          from_location_id: input.fromLocationId, to_location_id: input.toLocationId, note: input.note ?? null,
        }).returning(columns) as TransferRow[]
        const quantities = new Map<string, number>()
        for (const l of input.lines) quantities.set(l.variantId, (quantities.get(l.variantId) ?? 0) + l.quantity)
        for (const [variantId, quantity] of quantities) {
          const item = await inventoryItems.ensure(tx, variantId)
          await tx.db('inventory_transfer_lines').insert({ transfer_id: (row as TransferRow).id, item_id: item.id, variant_id: variantId, quantity })
        }
        await emit(tx, 'inventory.transfer.created', row as TransferRow, 'requested')
        return await get(tx, (row as TransferRow).id)
      })
    },

    /** Takes the units out of the source (ledger `transferred_out`); they show as incoming at the destination. */
    async ship (ctx: Ctx, transferId: string): Promise<StockTransfer> {
      return await inTransaction(ctx, async (tx) => {
        const row = await lock(tx, transferId, 'requested')
        const items = await lines(tx, [transferId])
        const from = await levelsAt(tx, items, row.from_location_id)
        const to = await levelsAt(tx, items, row.to_location_id)
        await lockLevels(tx, [...from, ...to])
        await applyMovements(tx, events, items.map((l, i) => ({ levelId: from[i] as string, kind: 'transferred_out' as const, onHandDelta: -l.quantity, reference: `transfer:${transferId}` })))
        await tx.db.raw('update inventory_levels l set incoming = l.incoming + v.q from unnest(?::uuid[], ?::int[]) as v(id, q) where l.id = v.id',
          [to, items.map((l) => l.quantity)])
        await tx.db('inventory_transfers').where({ id: transferId }).update({ status: 'in_transit', shipped_at: tx.db.fn.now(), updated_at: tx.db.fn.now() })
        await emit(tx, 'inventory.transfer.shipped', row, 'in_transit')
        return await get(tx, transferId)
      })
    },

    /** Puts the units on hand at the destination (ledger `transferred_in`). */
    async receive (ctx: Ctx, transferId: string): Promise<StockTransfer> {
      return await inTransaction(ctx, async (tx) => {
        const row = await lock(tx, transferId, 'in_transit')
        const items = await lines(tx, [transferId])
        const to = await levelsAt(tx, items, row.to_location_id)
        await lockLevels(tx, to)
        await tx.db.raw('update inventory_levels l set incoming = greatest(0, l.incoming - v.q) from unnest(?::uuid[], ?::int[]) as v(id, q) where l.id = v.id',
          [to, items.map((l) => l.quantity)])
        await applyMovements(tx, events, items.map((l, i) => ({ levelId: to[i] as string, kind: 'transferred_in' as const, onHandDelta: l.quantity, reference: `transfer:${transferId}` })))
        await tx.db('inventory_transfers').where({ id: transferId }).update({ status: 'received', received_at: tx.db.fn.now(), updated_at: tx.db.fn.now() })
        await emit(tx, 'inventory.transfer.received', row, 'received')
        return await get(tx, transferId)
      })
    },

    /** Cancels a transfer not yet shipped. */
    async cancel (ctx: Ctx, transferId: string): Promise<StockTransfer> {
      return await inTransaction(ctx, async (tx) => {
        const row = await lock(tx, transferId, 'requested')
        await tx.db('inventory_transfers').where({ id: transferId }).update({ status: 'cancelled', updated_at: tx.db.fn.now() })
        await emit(tx, 'inventory.transfer.cancelled', row, 'cancelled')
        return await get(tx, transferId)
      })
    },
  }
}

export type TransferService = ReturnType<typeof createTransferService>
