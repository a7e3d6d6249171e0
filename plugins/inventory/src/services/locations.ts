import { inTransaction, isUniqueViolation, keysetPage, type Ctx, type PageOf } from '@comptoir/core'
import { InventoryNotFoundError, LocationInUseError, LocationNameTakenError } from '../errors.js'
import { iso } from '../rows.js'
import type { Address, ListQuery, StockLocation, StockLocationInput, StockLocationPatch } from '../schemas/index.js'

interface LocationRow {
  id: string
  name: string
  code: string | null
  address: Address | string | null
  priority: number
  active: boolean
  ships: boolean
  created_at: Date | string
  updated_at: Date | string
}
const columns = ['id', 'name', 'code', 'address', 'priority', 'active', 'ships', 'created_at', 'updated_at'] as const

function toLocation (row: LocationRow): StockLocation {
  return {
    id: row.id,
    name: row.name,
    code: row.code,
    address: typeof row.address === 'string' ? JSON.parse(row.address) as Address : row.address,
    priority: row.priority,
    active: row.active,
    ships: row.ships,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  }
}

function writeColumns (input: StockLocationPatch): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (input.name !== undefined) out.name = input.name
  if (input.code !== undefined) out.code = input.code
  if (input.address !== undefined) out.address = input.address == null ? null : JSON.stringify(input.address)
  if (input.priority !== undefined) out.priority = input.priority
  if (input.active !== undefined) out.active = input.active
  if (input.ships !== undefined) out.ships = input.ships
  return out
}

/** Stock locations (`inventoryLocations`): warehouses and stores, by priority. */
export function createLocationService () {
  async function get (ctx: Ctx, locationId: string): Promise<StockLocation> {
    const row = await ctx.db('inventory_locations').select(columns).where({ id: locationId }).first() as LocationRow | undefined
    if (row == null) throw new InventoryNotFoundError('location', locationId)
    return toLocation(row)
  }

  return {
    get,

    /** Locations, highest priority first. */
    async list (ctx: Ctx, page: ListQuery): Promise<PageOf<StockLocation>> {
      const query = ctx.db('inventory_locations').select(columns).select(ctx.db.raw('-priority as neg_priority'))
      const result = await keysetPage<LocationRow & { neg_priority: number }>(
        ctx.db.queryBuilder().select('*').from(query.as('l')), page,
        { list: 'inventory.locations', columns: ['neg_priority', 'id'], keyOf: (r) => [r.neg_priority, r.id] })
      return { items: result.items.map(toLocation), nextCursor: result.nextCursor }
    },

    async create (ctx: Ctx, input: StockLocationInput): Promise<StockLocation> {
      try {
        const [row] = await ctx.db('inventory_locations').insert(writeColumns(input)).returning(columns) as LocationRow[]
        return toLocation(row as LocationRow)
      } catch (error) {
        if (isUniqueViolation(error, 'inventory_locations_name_key')) throw new LocationNameTakenError(input.name, error)
        throw error
      }
    },

    async update (ctx: Ctx, locationId: string, patch: StockLocationPatch): Promise<StockLocation> {
      try {
        const [row] = await ctx.db('inventory_locations').where({ id: locationId })
          .update({ ...writeColumns(patch), updated_at: ctx.db.fn.now() }).returning(columns) as LocationRow[]
        if (row == null) throw new InventoryNotFoundError('location', locationId)
        return toLocation(row)
      } catch (error) {
        if (isUniqueViolation(error, 'inventory_locations_name_key')) throw new LocationNameTakenError(patch.name ?? '', error)
        throw error
      }
    },

    /** Deletes a location holding nothing (its empty levels go with it); otherwise deactivate it. */
    async delete (ctx: Ctx, locationId: string): Promise<void> {
      await inTransaction(ctx, async (tx) => {
        await get(tx, locationId)
        await tx.db('inventory_locations').where({ id: locationId }).forUpdate().first('id')
        const busy = await tx.db('inventory_levels').where({ location_id: locationId })
          .andWhere((q) => { q.whereNot('on_hand', 0).orWhereNot('reserved', 0).orWhereNot('incoming', 0) }).first('id')
        const transfers = await tx.db('inventory_transfers').where({ from_location_id: locationId }).orWhere({ to_location_id: locationId }).first('id')
        if (busy != null || transfers != null) throw new LocationInUseError(locationId)
        await tx.db('inventory_levels').where({ location_id: locationId }).delete()
        await tx.db('inventory_locations').where({ id: locationId }).delete()
      })
    },
  }
}

export type LocationService = ReturnType<typeof createLocationService>
