import { Page, Type, type Static } from '@comptoir/core'
import { Amount, Code, CurrencyCode, Days, Id, Name, NullableString, PageFields, Timestamp } from './common.js'

const CountryCode = Type.String({ pattern: '^[A-Z]{2}$', minLength: 2, maxLength: 2, description: 'ISO 3166-1 alpha-2' })
const TrackingTemplate = Type.String({ minLength: 12, maxLength: 1000, pattern: '^https://[^\\s]*\\{trackingNumber\\}[^\\s]*$', description: 'https URL holding {trackingNumber}' })
const Cutoff = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM, UTC' })

export const Carrier = Type.Object({
  id: Id,
  name: Type.String(),
  code: Type.String(),
  trackingUrlTemplate: NullableString,
  active: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type Carrier = Static<typeof Carrier>
export const CarrierPage = Page(Carrier)
const carrierFields = {
  name: Name,
  code: Code,
  trackingUrlTemplate: Type.Optional(Type.Union([TrackingTemplate, Type.Null()])),
  active: Type.Optional(Type.Boolean()),
}
export const CarrierInput = Type.Object(carrierFields, { additionalProperties: false })
export type CarrierInput = Static<typeof CarrierInput>
export const CarrierPatch = Type.Partial(Type.Object(carrierFields), { additionalProperties: false, minProperties: 1 })
export type CarrierPatch = Static<typeof CarrierPatch>
export const CarrierParams = Type.Object({ carrierId: Id }, { additionalProperties: false })
export type CarrierParams = Static<typeof CarrierParams>
export const TrackingQuery = Type.Object({ trackingNumber: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9-]+$' }) }, { additionalProperties: false })
export type TrackingQuery = Static<typeof TrackingQuery>
export const TrackingUrl = Type.Object({ url: Type.String() })

export const CarrierService = Type.Object({
  id: Id,
  carrierId: Id,
  name: Type.String(),
  code: Type.String(),
  transitDays: Type.Integer(),
  cutoffTime: NullableString,
  active: Type.Boolean(),
  zoneIds: Type.Array(Id, { description: 'Zones it serves: those it has a rate for' }),
  estimatedDeliveryOn: Type.String({ format: 'date', description: 'Arrival of a parcel handed over now: today before the cut-off (UTC), else tomorrow, plus transit days' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type CarrierService = Static<typeof CarrierService>
export const CarrierServiceList = Type.Object({ items: Type.Array(CarrierService) })
const serviceFields = {
  name: Name,
  code: Code,
  transitDays: Days,
  cutoffTime: Type.Optional(Type.Union([Cutoff, Type.Null()])),
  active: Type.Optional(Type.Boolean()),
}
export const CarrierServiceInput = Type.Object(serviceFields, { additionalProperties: false })
export type CarrierServiceInput = Static<typeof CarrierServiceInput>
export const CarrierServicePatch = Type.Partial(Type.Object(serviceFields), { additionalProperties: false, minProperties: 1 })
export type CarrierServicePatch = Static<typeof CarrierServicePatch>
export const CarrierServiceParams = Type.Object({ serviceId: Id }, { additionalProperties: false })
export type CarrierServiceParams = Static<typeof CarrierServiceParams>

export const DeliveryZone = Type.Object({ id: Id, name: Type.String(), countries: Type.Array(CountryCode), createdAt: Timestamp, updatedAt: Timestamp })
export type DeliveryZone = Static<typeof DeliveryZone>
export const DeliveryZoneList = Type.Object({ items: Type.Array(DeliveryZone) })
const Countries = Type.Array(CountryCode, { minItems: 1, maxItems: 250, uniqueItems: true })
export const DeliveryZoneInput = Type.Object({ name: Name, countries: Countries }, { additionalProperties: false })
export type DeliveryZoneInput = Static<typeof DeliveryZoneInput>
export const DeliveryZonePatch = Type.Object({ name: Type.Optional(Name), countries: Type.Optional(Countries) }, { additionalProperties: false, minProperties: 1 })
export type DeliveryZonePatch = Static<typeof DeliveryZonePatch>
export const DeliveryZoneParams = Type.Object({ zoneId: Id }, { additionalProperties: false })
export type DeliveryZoneParams = Static<typeof DeliveryZoneParams>

export const WeightRate = Type.Object({
  upToGrams: Type.Union([Type.Integer({ minimum: 1, maximum: 1_000_000_000 }), Type.Null()], { description: 'null: no upper bound' }),
  amount: Amount,
}, { additionalProperties: false })
export type WeightRate = Static<typeof WeightRate>
export const RateType = Type.Union([Type.Literal('flat'), Type.Literal('weight')])
export const CarrierRate = Type.Object({
  id: Id,
  serviceId: Id,
  zoneId: Id,
  currency: CurrencyCode,
  rateType: RateType,
  flatAmount: Type.Union([Type.Integer(), Type.Null()]),
  weightRates: Type.Union([Type.Array(WeightRate), Type.Null()]),
  freeOverAmount: Type.Union([Type.Integer(), Type.Null()]),
  active: Type.Boolean(),
  position: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type CarrierRate = Static<typeof CarrierRate>
export const CarrierRatePage = Page(CarrierRate)
const rateFields = {
  currency: CurrencyCode,
  rateType: RateType,
  flatAmount: Type.Optional(Type.Union([Amount, Type.Null()])),
  weightRates: Type.Optional(Type.Union([Type.Array(WeightRate, { minItems: 1, maxItems: 50 }), Type.Null()])),
  freeOverAmount: Type.Optional(Type.Union([Amount, Type.Null()])),
  active: Type.Optional(Type.Boolean()),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
}
export const CarrierRateInput = Type.Object({ serviceId: Id, zoneId: Id, ...rateFields }, { additionalProperties: false })
export type CarrierRateInput = Static<typeof CarrierRateInput>
export const CarrierRatePatch = Type.Partial(Type.Object(rateFields), { additionalProperties: false, minProperties: 1 })
export type CarrierRatePatch = Static<typeof CarrierRatePatch>
export const CarrierRateQuery = Type.Object({ ...PageFields, serviceId: Type.Optional(Id), zoneId: Type.Optional(Id) }, { additionalProperties: false })
export type CarrierRateQuery = Static<typeof CarrierRateQuery>
export const CarrierRateParams = Type.Object({ rateId: Id }, { additionalProperties: false })
export type CarrierRateParams = Static<typeof CarrierRateParams>
