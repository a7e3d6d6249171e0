import { inTransaction, type Cradle, type Ctx } from '@comptoir/core'
import { ShippingOptionNotFoundError, ShippingRateInvalidError, ShippingZoneNotFoundError } from './errors.js'
import type {
  ShippingOption, ShippingOptionInput, ShippingOptionPatch, ShippingZone, ShippingZoneInput, ShippingZoneList, ShippingZonePatch, WeightRate,
} from './schemas.js'
import type { ShippingRate } from './totals.js'

interface ZoneRow { id: string, name: string, created_at: Date, updated_at: Date }
interface OptionRow {
  id: string, zone_id: string, name: string, currency: string, rate_type: 'flat' | 'weight', flat_amount: string | number | null,
  weight_rates: WeightRate[] | null, free_over_amount: string | number | null, active: boolean, position: number, created_at: Date, updated_at: Date
}
const optionColumns = ['id', 'zone_id', 'name', 'currency', 'rate_type', 'flat_amount', 'weight_rates', 'free_over_amount', 'active', 'position', 'created_at', 'updated_at']
const num = (value: string | number | null): number | null => value == null ? null : Number(value)
const iso = (value: Date | string): string => new Date(value).toISOString()

function toOption (row: OptionRow): ShippingOption {
  return {
    id: row.id, zoneId: row.zone_id, name: row.name, currency: row.currency, rateType: row.rate_type, flatAmount: num(row.flat_amount),
    weightRates: row.weight_rates, freeOverAmount: num(row.free_over_amount), active: row.active, position: row.position,
    createdAt: iso(row.created_at), updatedAt: iso(row.updated_at),
  }
}

/** The rate of an option, as the totals need it. */
export function toShippingRate (option: ShippingOption): ShippingRate {
  return { id: option.id, name: option.name, rateType: option.rateType, flatAmount: option.flatAmount, weightRates: option.weightRates, freeOverAmount: option.freeOverAmount }
}

/** A flat option needs an amount; a weight option needs brackets with distinct bounds and at most one open-ended. */
function checkRate (option: Pick<ShippingOption, 'rateType' | 'flatAmount' | 'weightRates'>): void {
  if (option.rateType === 'flat' && option.flatAmount == null) throw new ShippingRateInvalidError('A flat option needs flatAmount')
  if (option.rateType === 'weight') {
    const rates = option.weightRates ?? []
    if (rates.length === 0) throw new ShippingRateInvalidError('A weight option needs weightRates')
    const bounds = rates.map((r) => r.upToGrams ?? -1)
    if (new Set(bounds).size !== bounds.length) throw new ShippingRateInvalidError('weightRates repeat a bound (or have two open-ended brackets)')
  }
}

function sortRates (rates: WeightRate[] | null | undefined): string | null {
  if (rates == null) return null
  return JSON.stringify([...rates].sort((a, b) => (a.upToGrams ?? Infinity) - (b.upToGrams ?? Infinity)))
}

/** Carts that had chosen a deleted option lose the choice (no foreign key since providers' options: see the 202612071400 migration). */
async function clearChoice (ctx: Ctx, optionIds: readonly string[]): Promise<void> {
  if (optionIds.length > 0) await ctx.db('orders_carts').whereIn('shipping_option_id', optionIds).update({ shipping_option_id: null })
}

/** Shipping zones (sets of countries) and their options (flat or by weight, free over a threshold), plus providers' options. */
export function createShippingService ({ ordersShippingProviders }: Cradle) {
  async function zoneRow (ctx: Ctx, zoneId: string): Promise<ZoneRow> {
    const row = await ctx.db('orders_shipping_zones').select('id', 'name', 'created_at', 'updated_at').where({ id: zoneId }).first() as ZoneRow | undefined
    if (row == null) throw new ShippingZoneNotFoundError(zoneId)
    return row
  }

  async function hydrateZones (ctx: Ctx, rows: ZoneRow[]): Promise<ShippingZone[]> {
    const ids = rows.map((r) => r.id)
    const countries = await ctx.db('orders_shipping_zone_countries').select('zone_id', 'country').whereIn('zone_id', ids).orderBy('country') as Array<{ zone_id: string, country: string }>
    const options = await ctx.db('orders_shipping_options').select(optionColumns).whereIn('zone_id', ids).orderBy(['position', 'name', 'id']) as OptionRow[]
    return rows.map((row) => ({
      id: row.id, name: row.name,
      countries: countries.filter((c) => c.zone_id === row.id).map((c) => c.country),
      options: options.filter((o) => o.zone_id === row.id).map(toOption),
      createdAt: iso(row.created_at), updatedAt: iso(row.updated_at),
    }))
  }

  async function optionRow (ctx: Ctx, optionId: string): Promise<OptionRow> {
    const row = await ctx.db('orders_shipping_options').select(optionColumns).where({ id: optionId }).first() as OptionRow | undefined
    if (row == null) throw new ShippingOptionNotFoundError(optionId)
    return row
  }

  return {
    async listZones (ctx: Ctx): Promise<ShippingZoneList> {
      const rows = await ctx.db('orders_shipping_zones').select('id', 'name', 'created_at', 'updated_at').orderBy(['name', 'id']) as ZoneRow[]
      return { items: await hydrateZones(ctx, rows) }
    },

    async getZone (ctx: Ctx, zoneId: string): Promise<ShippingZone> {
      return (await hydrateZones(ctx, [await zoneRow(ctx, zoneId)]))[0]
    },

    async createZone (ctx: Ctx, input: ShippingZoneInput): Promise<ShippingZone> {
      return await inTransaction(ctx, async (tx) => {
        const [row] = await tx.db('orders_shipping_zones').insert({ name: input.name }).returning(['id', 'name', 'created_at', 'updated_at']) as ZoneRow[]
        await tx.db('orders_shipping_zone_countries').insert(input.countries.map((country) => ({ zone_id: row.id, country })))
        return (await hydrateZones(tx, [row]))[0]
      })
    },

    async updateZone (ctx: Ctx, zoneId: string, patch: ShippingZonePatch): Promise<ShippingZone> {
      return await inTransaction(ctx, async (tx) => {
        await zoneRow(tx, zoneId)
        const [row] = await tx.db('orders_shipping_zones').where({ id: zoneId })
          .update({ ...(patch.name != null ? { name: patch.name } : {}), updated_at: tx.db.fn.now() }).returning(['id', 'name', 'created_at', 'updated_at']) as ZoneRow[]
        if (patch.countries != null) {
          await tx.db('orders_shipping_zone_countries').where({ zone_id: zoneId }).delete()
          await tx.db('orders_shipping_zone_countries').insert(patch.countries.map((country) => ({ zone_id: zoneId, country })))
        }
        return (await hydrateZones(tx, [row]))[0]
      })
    },

    /** Deletes a zone and its options; carts that had chosen one of them lose the choice. */
    async deleteZone (ctx: Ctx, zoneId: string): Promise<void> {
      await inTransaction(ctx, async (tx) => {
        const options = await tx.db('orders_shipping_options').where({ zone_id: zoneId }).pluck('id') as string[]
        const deleted = await tx.db('orders_shipping_zones').where({ id: zoneId }).delete().returning('id') as unknown[]
        if (deleted.length === 0) throw new ShippingZoneNotFoundError(zoneId)
        await clearChoice(tx, options)
      })
    },

    async getOption (ctx: Ctx, optionId: string): Promise<ShippingOption> {
      return toOption(await optionRow(ctx, optionId))
    },

    async createOption (ctx: Ctx, input: ShippingOptionInput): Promise<ShippingOption> {
      checkRate({ rateType: input.rateType, flatAmount: input.flatAmount ?? null, weightRates: input.weightRates ?? null })
      return await inTransaction(ctx, async (tx) => {
        await zoneRow(tx, input.zoneId)
        const [row] = await tx.db('orders_shipping_options').insert({
          zone_id: input.zoneId, name: input.name, currency: input.currency, rate_type: input.rateType,
          flat_amount: input.rateType === 'flat' ? input.flatAmount : null,
          weight_rates: input.rateType === 'weight' ? sortRates(input.weightRates) : null,
          free_over_amount: input.freeOverAmount ?? null, active: input.active ?? true, position: input.position ?? 0,
        }).returning(optionColumns) as OptionRow[]
        return toOption(row)
      })
    },

    async updateOption (ctx: Ctx, optionId: string, patch: ShippingOptionPatch): Promise<ShippingOption> {
      return await inTransaction(ctx, async (tx) => {
        const current = toOption(await optionRow(tx, optionId))
        const next = { ...current, ...patch }
        checkRate({ rateType: next.rateType, flatAmount: next.flatAmount ?? null, weightRates: next.weightRates ?? null })
        const [row] = await tx.db('orders_shipping_options').where({ id: optionId }).update({
          name: next.name, currency: next.currency, rate_type: next.rateType,
          flat_amount: next.rateType === 'flat' ? next.flatAmount : null,
          weight_rates: next.rateType === 'weight' ? sortRates(next.weightRates) : null,
          free_over_amount: next.freeOverAmount ?? null, active: next.active, position: next.position, updated_at: tx.db.fn.now(),
        }).returning(optionColumns) as OptionRow[]
        return toOption(row)
      })
    },

    async deleteOption (ctx: Ctx, optionId: string): Promise<void> {
      await inTransaction(ctx, async (tx) => {
        const deleted = await tx.db('orders_shipping_options').where({ id: optionId }).delete().returning('id') as unknown[]
        if (deleted.length === 0) throw new ShippingOptionNotFoundError(optionId)
        await clearChoice(tx, [optionId])
      })
    },

    /** Active options of every zone holding `country`, in `currency`, by position; then each provider's. */
    async optionsFor (ctx: Ctx, country: string, currency: string): Promise<ShippingOption[]> {
      const rows = await ctx.db('orders_shipping_options as o').distinct(optionColumns.map((c) => `o.${c}`))
        .join('orders_shipping_zone_countries as z', 'z.zone_id', 'o.zone_id')
        .where({ 'z.country': country, 'o.currency': currency, 'o.active': true })
        .orderBy([{ column: 'o.position' }, { column: 'o.name' }, { column: 'o.id' }]) as OptionRow[]
      const options = rows.map(toOption)
      for (const provider of ordersShippingProviders.list()) options.push(...await provider.optionsFor(ctx, { country, currency }))
      return options
    },
  }
}

export type ShippingService = ReturnType<typeof createShippingService>
