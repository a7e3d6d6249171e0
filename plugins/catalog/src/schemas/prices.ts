import { CurrencyCode, Page, PageQuery, Type, type Static } from '@comptoir/core'
import { Amount, Id, NullableTimestamp, Timestamp } from './common.js'

export const PriceList = Type.Object({
  id: Id,
  name: Type.String(),
  startsAt: NullableTimestamp,
  endsAt: NullableTimestamp,
  active: Type.Boolean({ description: 'True while now is within [startsAt, endsAt)' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type PriceList = Static<typeof PriceList>
export const PriceListPage = Page(PriceList)

export const PriceListInput = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
  startsAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
  endsAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
}, { additionalProperties: false })
export type PriceListInput = Static<typeof PriceListInput>

export const PriceListPatch = Type.Partial(PriceListInput, { additionalProperties: false, minProperties: 1 })
export type PriceListPatch = Static<typeof PriceListPatch>

export const PriceListParams = Type.Object({ priceListId: Id }, { additionalProperties: false })
export type PriceListParams = Static<typeof PriceListParams>

export const PriceListPrice = Type.Object({ variantId: Id, currency: CurrencyCode, amount: Amount })
export type PriceListPrice = Static<typeof PriceListPrice>
export const PriceListPricePage = Page(PriceListPrice)

export const PriceListPricesInput = Type.Object({
  prices: Type.Array(Type.Object({
    variantId: Id,
    currency: CurrencyCode,
    amount: Type.Union([Amount, Type.Null()], { description: 'Null removes the variant from the list in this currency' }),
  }, { additionalProperties: false }), { minItems: 1, maxItems: 1000 }),
}, { additionalProperties: false })
export type PriceListPricesInput = Static<typeof PriceListPricesInput>

/** Bulk update of base prices, by variant id or by SKU. */
export const BulkPriceInput = Type.Object({
  prices: Type.Array(Type.Object({
    variantId: Type.Optional(Id),
    sku: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    currency: CurrencyCode,
    amount: Type.Union([Amount, Type.Null()], { description: 'Null removes the price in this currency' }),
    compareAtAmount: Type.Optional(Type.Union([Amount, Type.Null()])),
  }, { additionalProperties: false }), { minItems: 1, maxItems: 1000 }),
}, { additionalProperties: false })
export type BulkPriceInput = Static<typeof BulkPriceInput>

export const BulkPriceResult = Type.Object({
  updated: Type.Integer({ description: 'Prices written or removed' }),
  variants: Type.Integer({ description: 'Variants whose prices changed' }),
})
export type BulkPriceResult = Static<typeof BulkPriceResult>

export const PriceListPriceQuery = Type.Object({ ...PageQuery.properties }, { additionalProperties: false })
export type PriceListPriceQuery = Static<typeof PriceListPriceQuery>
