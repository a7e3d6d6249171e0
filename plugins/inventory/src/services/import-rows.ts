import type { Cradle, Ctx } from '@comptoir/core'
import { ImportRowInvalidError } from '../errors.js'

/** Caches of one import run: location name/id → id, SKU → variant id. */
export interface ImportLookups { locations: Map<string, string | null>, items: Map<string, string | null> }

export interface ImportTarget { variantId: string, locationId: string, onHand: number, threshold: number | null }

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function integer (column: string, value: string | undefined, required: boolean): number | null {
  if (value == null || value === '') {
    if (required) throw new ImportRowInvalidError(column, `'${column}' is required`)
    return null
  }
  if (!/^\d{1,9}$/.test(value)) throw new ImportRowInvalidError(column, `'${column}' must be a whole number from 0, got '${value.slice(0, 50)}'`)
  return Number(value)
}

async function locationOf (ctx: Ctx, lookups: ImportLookups, key: string): Promise<string> {
  if (key === '') throw new ImportRowInvalidError('location', "'location' is required")
  if (!lookups.locations.has(key)) {
    const q = ctx.db('inventory_locations').select('id')
    if (uuid.test(key)) q.where({ id: key })
    else q.whereRaw('lower(name) = lower(?)', [key]).orWhere({ code: key })
    const row = await q.first() as { id: string } | undefined
    lookups.locations.set(key, row?.id ?? null)
  }
  const id = lookups.locations.get(key)
  if (id == null) throw new ImportRowInvalidError('location', `No stock location named '${key.slice(0, 100)}'`)
  return id
}

/** A SKU's variant: inventory's own copy first, else the catalog's search (exact SKU match). */
async function variantOfSku (ctx: Ctx, deps: Pick<Cradle, 'catalog'>, lookups: ImportLookups, sku: string): Promise<string> {
  if (!lookups.items.has(sku)) {
    const own = await ctx.db('inventory_items').select('variant_id').where({ sku }).first() as { variant_id: string } | undefined
    let variantId = own?.variant_id ?? null
    if (variantId == null) {
      const page = await deps.catalog.list(ctx, { q: sku, limit: 20 })
      for (const summary of page.items) {
        const product = await deps.catalog.get(ctx, summary.id)
        variantId = product.variants.find((v) => v.sku === sku)?.id ?? null
        if (variantId != null) break
      }
    }
    lookups.items.set(sku, variantId)
  }
  const id = lookups.items.get(sku)
  if (id == null) throw new ImportRowInvalidError('sku', `No variant has SKU '${sku.slice(0, 100)}'`)
  return id
}

/** Reads one CSV record into the level it sets; throws ImportRowInvalidError naming the column. */
export async function resolveImportRow (ctx: Ctx, deps: Pick<Cradle, 'catalog' | 'inventoryItems'>, lookups: ImportLookups, record: Record<string, string>): Promise<ImportTarget> {
  const onHand = integer('on_hand', record.on_hand, true) as number
  const threshold = integer('low_stock_threshold', record.low_stock_threshold, false)
  const locationId = await locationOf(ctx, lookups, record.location ?? '')
  let variantId: string
  if (record.variant_id != null && record.variant_id !== '') {
    if (!uuid.test(record.variant_id)) throw new ImportRowInvalidError('variant_id', `'variant_id' must be a uuid, got '${record.variant_id.slice(0, 50)}'`)
    variantId = record.variant_id
  } else if (record.sku != null && record.sku !== '') {
    variantId = await variantOfSku(ctx, deps, lookups, record.sku)
  } else {
    throw new ImportRowInvalidError('sku', "Each row needs a 'sku' or a 'variant_id'")
  }
  return { variantId, locationId, onHand, threshold }
}
