import { CurrencyCode, Page, Type, type Static } from '@comptoir/core'

export const Id = Type.String({ format: 'uuid' })
export const Timestamp = Type.String({ format: 'date-time' })
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])
export const CountryCode = Type.String({ pattern: '^[A-Z]{2}$', minLength: 2, maxLength: 2, description: 'ISO 3166-1 alpha-2' })
const Amount = Type.Integer({ minimum: 0, maximum: 100_000_000_000, description: 'Integer minor units of the currency' })
const Name = Type.String({ minLength: 1, maxLength: 200 })

// --- shipping ---
export const WeightRate = Type.Object({
  upToGrams: Nullable(Type.Integer({ minimum: 1, maximum: 10_000_000, description: 'Upper bound (inclusive); null: any heavier cart' })),
  amount: Amount,
}, { additionalProperties: false })
export type WeightRate = Static<typeof WeightRate>
export const RateType = Type.Union([Type.Literal('flat'), Type.Literal('weight')])

export const ShippingOption = Type.Object({
  id: Id,
  zoneId: Id,
  name: Type.String(),
  currency: CurrencyCode,
  rateType: RateType,
  flatAmount: Nullable(Type.Integer()),
  weightRates: Nullable(Type.Array(WeightRate)),
  freeOverAmount: Nullable(Type.Integer({ description: 'Free when the discounted merchandise reaches this amount' })),
  active: Type.Boolean(),
  position: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type ShippingOption = Static<typeof ShippingOption>

const optionFields = {
  name: Name,
  currency: CurrencyCode,
  rateType: RateType,
  flatAmount: Type.Optional(Nullable(Amount)),
  weightRates: Type.Optional(Nullable(Type.Array(WeightRate, { minItems: 1, maxItems: 50 }))),
  freeOverAmount: Type.Optional(Nullable(Amount)),
  active: Type.Optional(Type.Boolean()),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000 })),
}
export const ShippingOptionInput = Type.Object({ zoneId: Id, ...optionFields }, { additionalProperties: false })
export type ShippingOptionInput = Static<typeof ShippingOptionInput>
export const ShippingOptionPatch = Type.Partial(Type.Object(optionFields, { additionalProperties: false }), { additionalProperties: false, minProperties: 1 })
export type ShippingOptionPatch = Static<typeof ShippingOptionPatch>
export const ShippingOptionParams = Type.Object({ shippingOptionId: Id }, { additionalProperties: false })
export type ShippingOptionParams = Static<typeof ShippingOptionParams>

export const ShippingZone = Type.Object({
  id: Id,
  name: Type.String(),
  countries: Type.Array(CountryCode),
  options: Type.Array(ShippingOption),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type ShippingZone = Static<typeof ShippingZone>
const Countries = Type.Array(CountryCode, { minItems: 1, maxItems: 250, uniqueItems: true })
export const ShippingZoneInput = Type.Object({ name: Name, countries: Countries }, { additionalProperties: false })
export type ShippingZoneInput = Static<typeof ShippingZoneInput>
export const ShippingZonePatch = Type.Object({ name: Type.Optional(Name), countries: Type.Optional(Countries) }, { additionalProperties: false, minProperties: 1 })
export type ShippingZonePatch = Static<typeof ShippingZonePatch>
export const ShippingZoneParams = Type.Object({ zoneId: Id }, { additionalProperties: false })
export type ShippingZoneParams = Static<typeof ShippingZoneParams>
export const ShippingZoneList = Type.Object({ items: Type.Array(ShippingZone) })
export type ShippingZoneList = Static<typeof ShippingZoneList>

// --- tax ---
export const TaxRate = Type.Object({
  id: Id,
  country: CountryCode,
  region: Nullable(Type.String()),
  name: Type.String(),
  rateBps: Type.Integer({ description: 'Basis points: 2000 = 20 %' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type TaxRate = Static<typeof TaxRate>
const taxFields = {
  country: CountryCode,
  region: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 100, description: 'Matches the address region exactly; null: the country default' }))),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  rateBps: Type.Integer({ minimum: 0, maximum: 10000 }),
}
export const TaxRateInput = Type.Object(taxFields, { additionalProperties: false })
export type TaxRateInput = Static<typeof TaxRateInput>
export const TaxRatePatch = Type.Partial(Type.Object(taxFields), { additionalProperties: false, minProperties: 1 })
export type TaxRatePatch = Static<typeof TaxRatePatch>
export const TaxRateParams = Type.Object({ taxRateId: Id }, { additionalProperties: false })
export type TaxRateParams = Static<typeof TaxRateParams>
export const TaxRateQuery = Type.Object({ country: Type.Optional(CountryCode) }, { additionalProperties: false })
export type TaxRateQuery = Static<typeof TaxRateQuery>
export const TaxRateList = Type.Object({ items: Type.Array(TaxRate) })
export type TaxRateList = Static<typeof TaxRateList>

// --- promotions ---
export const PromotionKind = Type.Union([Type.Literal('percentage'), Type.Literal('fixed')])
export const PromotionCode = Type.String({ minLength: 2, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description: 'Case-insensitive' })
export const Promotion = Type.Object({
  id: Id,
  code: Type.String(),
  description: Nullable(Type.String()),
  kind: PromotionKind,
  percentBps: Nullable(Type.Integer({ description: 'Basis points of the subtotal: 1000 = 10 %' })),
  amount: Nullable(Type.Integer()),
  currency: Nullable(CurrencyCode),
  minSubtotalAmount: Nullable(Type.Integer()),
  startsAt: Nullable(Timestamp),
  endsAt: Nullable(Timestamp),
  usageLimit: Nullable(Type.Integer()),
  usageLimitPerCustomer: Nullable(Type.Integer()),
  usageCount: Type.Integer({ description: 'Checkouts that claimed this code (completed or in progress)' }),
  active: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type Promotion = Static<typeof Promotion>
const promotionFields = {
  code: PromotionCode,
  description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  kind: PromotionKind,
  percentBps: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 10000 }))),
  amount: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100_000_000_000 }))),
  currency: Type.Optional(Nullable(CurrencyCode)),
  minSubtotalAmount: Type.Optional(Nullable(Amount)),
  startsAt: Type.Optional(Nullable(Timestamp)),
  endsAt: Type.Optional(Nullable(Timestamp)),
  usageLimit: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 2_000_000_000 }))),
  usageLimitPerCustomer: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1_000_000 }))),
  active: Type.Optional(Type.Boolean()),
}
export const PromotionInput = Type.Object(promotionFields, { additionalProperties: false })
export type PromotionInput = Static<typeof PromotionInput>
export const PromotionPatch = Type.Partial(Type.Object(promotionFields), { additionalProperties: false, minProperties: 1 })
export type PromotionPatch = Static<typeof PromotionPatch>
export const PromotionParams = Type.Object({ promotionId: Id }, { additionalProperties: false })
export type PromotionParams = Static<typeof PromotionParams>
export const PromotionQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 512, pattern: '^[A-Za-z0-9_-]+$' })),
  active: Type.Optional(Type.Boolean()),
}, { additionalProperties: false })
export type PromotionQuery = Static<typeof PromotionQuery>
export const PromotionPage = Page(Promotion)
