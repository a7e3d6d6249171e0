import { inTransaction, isUniqueViolation, keysetPage, type Ctx, type PageOf } from '@comptoir/core'
import type { ShippingOption } from '@comptoir/plugin-orders'
import { CarrierCodeTakenError, CarrierRateExistsError, CarrierRateInvalidError, SuppliersNotFoundError, TrackingUnavailableError } from '../errors.js'
import { intOrNull, iso, json } from '../rows.js'
import type {
  Carrier, CarrierInput, CarrierPatch, CarrierRate, CarrierRateInput, CarrierRatePatch, CarrierRateQuery, CarrierService, CarrierServiceInput,
  CarrierServicePatch, DeliveryZone, DeliveryZoneInput, DeliveryZonePatch, ListQuery, WeightRate,
} from '../schemas/index.js'

interface CarrierRow { id: string, name: string, code: string, tracking_url_template: string | null, active: boolean, created_at: Date | string, updated_at: Date | string }
interface ServiceRow { id: string, carrier_id: string, name: string, code: string, transit_days: number, cutoff_time: string | null, active: boolean, created_at: Date | string, updated_at: Date | string }
interface ZoneRow { id: string, name: string, created_at: Date | string, updated_at: Date | string }
interface RateRow {
  id: string, service_id: string, zone_id: string, currency: string, rate_type: 'flat' | 'weight', flat_amount: string | number | null,
  weight_rates: WeightRate[] | string | null, free_over_amount: string | number | null, active: boolean, position: number, created_at: Date | string, updated_at: Date | string
}
const carrierColumns = ['id', 'name', 'code', 'tracking_url_template', 'active', 'created_at', 'updated_at'] as const
const serviceColumns = ['id', 'carrier_id', 'name', 'code', 'transit_days', 'cutoff_time', 'active', 'created_at', 'updated_at'] as const
const zoneColumns = ['id', 'name', 'created_at', 'updated_at'] as const
const rateColumns = ['id', 'service_id', 'zone_id', 'currency', 'rate_type', 'flat_amount', 'weight_rates', 'free_over_amount', 'active', 'position', 'created_at', 'updated_at'] as const

const toCarrier = (r: CarrierRow): Carrier => ({
  id: r.id, name: r.name, code: r.code, trackingUrlTemplate: r.tracking_url_template, active: r.active, createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
})
const toRate = (r: RateRow): CarrierRate => ({
  id: r.id, serviceId: r.service_id, zoneId: r.zone_id, currency: r.currency, rateType: r.rate_type, flatAmount: intOrNull(r.flat_amount),
  weightRates: r.weight_rates == null ? null : json<WeightRate[]>(r.weight_rates), freeOverAmount: intOrNull(r.free_over_amount),
  active: r.active, position: r.position, createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
})

/** The day a parcel handed over at `now` arrives: it leaves today before the cut-off (UTC), else tomorrow, then `transitDays`. */
export function deliveryDay (transitDays: number, cutoffTime: string | null, now: Date): string {
  const [h, m] = (cutoffTime ?? '24:00').split(':').map(Number) as [number, number]
  const leavesToday = now.getUTCHours() * 60 + now.getUTCMinutes() < h * 60 + m
  const day = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + ((leavesToday ? 0 : 1) + transitDays) * 86_400_000
  return new Date(day).toISOString().slice(0, 10)
}

/** A flat rate needs an amount; a weight rate brackets with distinct bounds and at most one open-ended (as orders' own options). */
function checkRate (rate: { rateType: 'flat' | 'weight', flatAmount: number | null, weightRates: WeightRate[] | null }): void {
  if (rate.rateType === 'flat' && rate.flatAmount == null) throw new CarrierRateInvalidError('A flat rate needs flatAmount')
  if (rate.rateType === 'weight') {
    const bounds = (rate.weightRates ?? []).map((r) => r.upToGrams ?? -1)
    if (bounds.length === 0) throw new CarrierRateInvalidError('A weight rate needs weightRates')
    if (new Set(bounds).size !== bounds.length) throw new CarrierRateInvalidError('weightRates repeat a bound (or have two open-ended brackets)')
  }
}

function sortedRates (rates: WeightRate[] | null | undefined): string | null {
  return rates == null ? null : JSON.stringify([...rates].sort((a, b) => (a.upToGrams ?? Infinity) - (b.upToGrams ?? Infinity)))
}

/** Carriers, their services, delivery zones and rates (`suppliersCarriers`); active rates are checkout shipping options. */
export function createCarrierService () {
  async function carrierRow (ctx: Ctx, carrierId: string): Promise<CarrierRow> {
    const row = await ctx.db('suppliers_carriers').select(carrierColumns).where({ id: carrierId }).first() as CarrierRow | undefined
    if (row == null) throw new SuppliersNotFoundError('carrier', carrierId)
    return row
  }

  async function toServices (ctx: Ctx, rows: readonly ServiceRow[], now = new Date()): Promise<CarrierService[]> {
    const zones = rows.length === 0 ? [] : await ctx.db('suppliers_carrier_rates').distinct('service_id', 'zone_id').whereIn('service_id', rows.map((r) => r.id)).orderBy(['service_id', 'zone_id']) as Array<{ service_id: string, zone_id: string }>
    return rows.map((r) => ({
      id: r.id, carrierId: r.carrier_id, name: r.name, code: r.code, transitDays: r.transit_days, cutoffTime: r.cutoff_time, active: r.active,
      zoneIds: zones.filter((z) => z.service_id === r.id).map((z) => z.zone_id),
      estimatedDeliveryOn: deliveryDay(r.transit_days, r.cutoff_time, now),
      createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
    }))
  }

  async function zonesOf (ctx: Ctx, rows: readonly ZoneRow[]): Promise<DeliveryZone[]> {
    const countries = rows.length === 0 ? [] : await ctx.db('suppliers_delivery_zone_countries').select('zone_id', 'country').whereIn('zone_id', rows.map((r) => r.id)).orderBy('country') as Array<{ zone_id: string, country: string }>
    return rows.map((r) => ({ id: r.id, name: r.name, countries: countries.filter((c) => c.zone_id === r.id).map((c) => c.country), createdAt: iso(r.created_at), updatedAt: iso(r.updated_at) }))
  }

  async function rateRow (ctx: Ctx, rateId: string): Promise<RateRow> {
    const row = await ctx.db('suppliers_carrier_rates').select(rateColumns).where({ id: rateId }).first() as RateRow | undefined
    if (row == null) throw new SuppliersNotFoundError('carrier_rate', rateId)
    return row
  }

  async function unique<T> (fn: () => Promise<T>, onTaken: (error: unknown) => Error, constraint: string): Promise<T> {
    try {
      return await fn()
    } catch (error) {
      if (isUniqueViolation(error, constraint)) throw onTaken(error)
      throw error
    }
  }

  return {
    async listCarriers (ctx: Ctx, query: ListQuery): Promise<PageOf<Carrier>> {
      const result = await keysetPage<CarrierRow>(ctx.db('suppliers_carriers').select(carrierColumns), query, { list: 'suppliers.carriers', columns: ['id'], keyOf: (r) => [r.id] })
      return { items: result.items.map(toCarrier), nextCursor: result.nextCursor }
    },

    async getCarrier (ctx: Ctx, carrierId: string): Promise<Carrier> {
      return toCarrier(await carrierRow(ctx, carrierId))
    },

    async createCarrier (ctx: Ctx, input: CarrierInput): Promise<Carrier> {
      return await unique(async () => {
        const [row] = await ctx.db('suppliers_carriers').insert({
          name: input.name, code: input.code, tracking_url_template: input.trackingUrlTemplate ?? null, active: input.active ?? true,
        }).returning(carrierColumns) as CarrierRow[]
        return toCarrier(row as CarrierRow)
      }, (e) => new CarrierCodeTakenError('carrier', input.code, e), 'suppliers_carriers_code_key')
    },

    async updateCarrier (ctx: Ctx, carrierId: string, patch: CarrierPatch): Promise<Carrier> {
      return await unique(async () => {
        const changes: Record<string, unknown> = {}
        if (patch.name !== undefined) changes.name = patch.name
        if (patch.code !== undefined) changes.code = patch.code
        if (patch.trackingUrlTemplate !== undefined) changes.tracking_url_template = patch.trackingUrlTemplate
        if (patch.active !== undefined) changes.active = patch.active
        const [row] = await ctx.db('suppliers_carriers').where({ id: carrierId }).update({ ...changes, updated_at: ctx.db.fn.now() }).returning(carrierColumns) as CarrierRow[]
        if (row == null) throw new SuppliersNotFoundError('carrier', carrierId)
        return toCarrier(row)
      }, (e) => new CarrierCodeTakenError('carrier', patch.code ?? '', e), 'suppliers_carriers_code_key')
    },

    /** The carrier's tracking page for a parcel: its template with {trackingNumber} filled in (URL-encoded). */
    async trackingUrl (ctx: Ctx, carrierId: string, trackingNumber: string): Promise<string> {
      const carrier = await carrierRow(ctx, carrierId)
      if (carrier.tracking_url_template == null) throw new TrackingUnavailableError(carrierId)
      return carrier.tracking_url_template.replaceAll('{trackingNumber}', encodeURIComponent(trackingNumber))
    },

    async listServices (ctx: Ctx, carrierId: string): Promise<{ items: CarrierService[] }> {
      await carrierRow(ctx, carrierId)
      const rows = await ctx.db('suppliers_carrier_services').select(serviceColumns).where({ carrier_id: carrierId }).orderBy(['name', 'id']) as ServiceRow[]
      return { items: await toServices(ctx, rows) }
    },

    async createService (ctx: Ctx, carrierId: string, input: CarrierServiceInput): Promise<CarrierService> {
      await carrierRow(ctx, carrierId)
      return await unique(async () => {
        const [row] = await ctx.db('suppliers_carrier_services').insert({
          carrier_id: carrierId, name: input.name, code: input.code, transit_days: input.transitDays, cutoff_time: input.cutoffTime ?? null, active: input.active ?? true,
        }).returning(serviceColumns) as ServiceRow[]
        return (await toServices(ctx, [row as ServiceRow]))[0] as CarrierService
      }, (e) => new CarrierCodeTakenError('carrier_service', input.code, e), 'suppliers_carrier_services_code_key')
    },

    async updateService (ctx: Ctx, serviceId: string, patch: CarrierServicePatch): Promise<CarrierService> {
      return await unique(async () => {
        const changes: Record<string, unknown> = {}
        if (patch.name !== undefined) changes.name = patch.name
        if (patch.code !== undefined) changes.code = patch.code
        if (patch.transitDays !== undefined) changes.transit_days = patch.transitDays
        if (patch.cutoffTime !== undefined) changes.cutoff_time = patch.cutoffTime
        if (patch.active !== undefined) changes.active = patch.active
        const [row] = await ctx.db('suppliers_carrier_services').where({ id: serviceId }).update({ ...changes, updated_at: ctx.db.fn.now() }).returning(serviceColumns) as ServiceRow[]
        if (row == null) throw new SuppliersNotFoundError('carrier_service', serviceId)
        return (await toServices(ctx, [row]))[0] as CarrierService
      }, (e) => new CarrierCodeTakenError('carrier_service', patch.code ?? '', e), 'suppliers_carrier_services_code_key')
    },

    async listZones (ctx: Ctx): Promise<{ items: DeliveryZone[] }> {
      return { items: await zonesOf(ctx, await ctx.db('suppliers_delivery_zones').select(zoneColumns).orderBy(['name', 'id']) as ZoneRow[]) }
    },

    async createZone (ctx: Ctx, input: DeliveryZoneInput): Promise<DeliveryZone> {
      return await inTransaction(ctx, async (tx) => {
        const [row] = await tx.db('suppliers_delivery_zones').insert({ name: input.name }).returning(zoneColumns) as ZoneRow[]
        await tx.db('suppliers_delivery_zone_countries').insert(input.countries.map((country) => ({ zone_id: (row as ZoneRow).id, country })))
        return (await zonesOf(tx, [row as ZoneRow]))[0] as DeliveryZone
      })
    },

    async updateZone (ctx: Ctx, zoneId: string, patch: DeliveryZonePatch): Promise<DeliveryZone> {
      return await inTransaction(ctx, async (tx) => {
        const [row] = await tx.db('suppliers_delivery_zones').where({ id: zoneId })
          .update({ ...(patch.name != null ? { name: patch.name } : {}), updated_at: tx.db.fn.now() }).returning(zoneColumns) as ZoneRow[]
        if (row == null) throw new SuppliersNotFoundError('delivery_zone', zoneId)
        if (patch.countries != null) {
          await tx.db('suppliers_delivery_zone_countries').where({ zone_id: zoneId }).delete()
          await tx.db('suppliers_delivery_zone_countries').insert(patch.countries.map((country) => ({ zone_id: zoneId, country })))
        }
        return (await zonesOf(tx, [row]))[0] as DeliveryZone
      })
    },

    async listRates (ctx: Ctx, query: CarrierRateQuery): Promise<PageOf<CarrierRate>> {
      const q = ctx.db('suppliers_carrier_rates').select(rateColumns)
      if (query.serviceId != null) q.where({ service_id: query.serviceId })
      if (query.zoneId != null) q.where({ zone_id: query.zoneId })
      const result = await keysetPage<RateRow>(q, query, { list: 'suppliers.carrier-rates', columns: ['id'], keyOf: (r) => [r.id] })
      return { items: result.items.map(toRate), nextCursor: result.nextCursor }
    },

    async createRate (ctx: Ctx, input: CarrierRateInput): Promise<CarrierRate> {
      checkRate({ rateType: input.rateType, flatAmount: input.flatAmount ?? null, weightRates: input.weightRates ?? null })
      return await inTransaction(ctx, async (tx) => {
        if (await tx.db('suppliers_carrier_services').where({ id: input.serviceId }).first('id') == null) throw new SuppliersNotFoundError('carrier_service', input.serviceId)
        if (await tx.db('suppliers_delivery_zones').where({ id: input.zoneId }).first('id') == null) throw new SuppliersNotFoundError('delivery_zone', input.zoneId)
        return await unique(async () => {
          const [row] = await tx.db('suppliers_carrier_rates').insert({
            service_id: input.serviceId, zone_id: input.zoneId, currency: input.currency, rate_type: input.rateType,
            flat_amount: input.rateType === 'flat' ? input.flatAmount : null, weight_rates: input.rateType === 'weight' ? sortedRates(input.weightRates) : null,
            free_over_amount: input.freeOverAmount ?? null, active: input.active ?? true, position: input.position ?? 100,
          }).returning(rateColumns) as RateRow[]
          return toRate(row as RateRow)
        }, (e) => new CarrierRateExistsError(e), 'suppliers_carrier_rates_key')
      })
    },

    async updateRate (ctx: Ctx, rateId: string, patch: CarrierRatePatch): Promise<CarrierRate> {
      return await inTransaction(ctx, async (tx) => {
        const next = { ...toRate(await rateRow(tx, rateId)), ...patch }
        checkRate({ rateType: next.rateType, flatAmount: next.flatAmount ?? null, weightRates: next.weightRates ?? null })
        return await unique(async () => {
          const [row] = await tx.db('suppliers_carrier_rates').where({ id: rateId }).update({
            currency: next.currency, rate_type: next.rateType, flat_amount: next.rateType === 'flat' ? next.flatAmount : null,
            weight_rates: next.rateType === 'weight' ? sortedRates(next.weightRates) : null, free_over_amount: next.freeOverAmount ?? null,
            active: next.active, position: next.position, updated_at: tx.db.fn.now(),
          }).returning(rateColumns) as RateRow[]
          return toRate(row as RateRow)
        }, (e) => new CarrierRateExistsError(e), 'suppliers_carrier_rates_key')
      })
    },

    async deleteRate (ctx: Ctx, rateId: string): Promise<void> {
      const deleted = await ctx.db('suppliers_carrier_rates').where({ id: rateId }).delete().returning('id') as unknown[]
      if (deleted.length === 0) throw new SuppliersNotFoundError('carrier_rate', rateId)
    },

    /**
     * Active rates of active services of active carriers for a destination and currency, as
     * orders shipping options (the rate id is the option id): what checkout offers through the
     * `suppliers` shipping option provider. Named "Carrier Service (n days)".
     */
    async shippingOptionsFor (ctx: Ctx, country: string, currency: string): Promise<ShippingOption[]> {
      const rows = await ctx.db('suppliers_carrier_rates as r')
        .join('suppliers_carrier_services as s', 's.id', 'r.service_id')
        .join('suppliers_carriers as c', 'c.id', 's.carrier_id')
        .join('suppliers_delivery_zone_countries as z', 'z.zone_id', 'r.zone_id')
        .distinct(...rateColumns.map((col) => `r.${col}`), 's.name as service_name', 's.transit_days', 'c.name as carrier_name')
        .where({ 'z.country': country, 'r.currency': currency, 'r.active': true, 's.active': true, 'c.active': true })
        .orderBy([{ column: 'r.position' }, { column: 'r.id' }]) as Array<RateRow & { service_name: string, transit_days: number, carrier_name: string }>
      return rows.map((r) => {
        const rate = toRate(r)
        return {
          id: rate.id, zoneId: rate.zoneId, name: `${r.carrier_name} ${r.service_name} (${r.transit_days} ${r.transit_days === 1 ? 'day' : 'days'})`,
          currency: rate.currency, rateType: rate.rateType, flatAmount: rate.flatAmount, weightRates: rate.weightRates, freeOverAmount: rate.freeOverAmount,
          active: true, position: rate.position, createdAt: rate.createdAt, updatedAt: rate.updatedAt,
        }
      })
    },
  }
}

export type CarriersService = ReturnType<typeof createCarrierService>
