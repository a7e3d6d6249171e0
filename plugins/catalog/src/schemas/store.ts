import { CurrencyCode, Money, Page, PageQuery, Type, type Static } from '@comptoir/core'
import { Handle, Id, NullableString, NullableTimestamp, Timestamp } from './common.js'
import { VariantOptionValues } from './products.js'

export const AvailabilityStatus = Type.Union([
  Type.Literal('in_stock'), Type.Literal('low_stock'), Type.Literal('out_of_stock'), Type.Literal('backorder'),
])
export type AvailabilityStatus = Static<typeof AvailabilityStatus>

export const Availability = Type.Object({
  status: AvailabilityStatus,
  available: Type.Optional(Type.Integer()),
})
export type Availability = Static<typeof Availability>

export const ProductSort = Type.Union([
  Type.Literal('newest'), Type.Literal('price-asc'), Type.Literal('price-desc'),
  Type.Literal('title-asc'), Type.Literal('title-desc'), Type.Literal('relevance'),
], { description: 'relevance needs q' })
export type ProductSort = Static<typeof ProductSort>

const filterFields = {
  currency: Type.Optional(CurrencyCode),
  category: Type.Optional(Handle),
  collection: Type.Optional(Handle),
  tag: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  option: Type.Optional(Type.Array(Type.String({ minLength: 3, maxLength: 360, pattern: '^[^:]+:.+$' }), {
    maxItems: 10, description: '`Name:Value`, repeatable; values of one option are alternatives',
  })),
  minPrice: Type.Optional(Type.Integer({ minimum: 0, description: 'Lowest price, minor units of `currency`' })),
  maxPrice: Type.Optional(Type.Integer({ minimum: 0 })),
}

export const StoreProductQuery = Type.Object({
  ...PageQuery.properties,
  ...filterFields,
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  sort: Type.Optional(ProductSort),
}, { additionalProperties: false })
export type StoreProductQuery = Static<typeof StoreProductQuery>

export const SearchQuery = Type.Object({
  ...PageQuery.properties,
  ...filterFields,
  q: Type.String({ minLength: 1, maxLength: 200 }),
  sort: Type.Optional(ProductSort),
}, { additionalProperties: false })
export type SearchQuery = Static<typeof SearchQuery>

export const PriceRange = Type.Object({ min: Money, max: Money, compareAt: Type.Union([Money, Type.Null()]) })
export type PriceRange = Static<typeof PriceRange>

export const StoreProductSummary = Type.Object({
  id: Id,
  handle: Type.String(),
  title: Type.String(),
  vendor: NullableString,
  productType: NullableString,
  tags: Type.Array(Type.String()),
  thumbnail: Type.Union([Type.Object({ url: Type.String(), alt: NullableString }), Type.Null()]),
  price: Type.Union([PriceRange, Type.Null()], { description: 'Lowest and highest current price in the requested currency' }),
  availability: Type.Optional(AvailabilityStatus),
  publishedAt: NullableTimestamp,
  createdAt: Timestamp,
})
export type StoreProductSummary = Static<typeof StoreProductSummary>
export const StoreProductPage = Page(StoreProductSummary)

export const StoreVariant = Type.Object({
  id: Id,
  sku: NullableString,
  title: Type.String(),
  options: VariantOptionValues,
  barcode: NullableString,
  weightGrams: Type.Union([Type.Integer(), Type.Null()]),
  price: Type.Union([Money, Type.Null()]),
  compareAtPrice: Type.Union([Money, Type.Null()]),
  availability: Type.Optional(Availability),
  imageIds: Type.Array(Id),
})
export type StoreVariant = Static<typeof StoreVariant>

export const StoreProduct = Type.Object({
  id: Id,
  handle: Type.String(),
  title: Type.String(),
  description: Type.String(),
  vendor: NullableString,
  productType: NullableString,
  tags: Type.Array(Type.String()),
  seoTitle: NullableString,
  seoDescription: NullableString,
  options: Type.Array(Type.Object({ name: Type.String(), values: Type.Array(Type.String()) })),
  variants: Type.Array(StoreVariant),
  images: Type.Array(Type.Object({ id: Id, url: Type.String(), alt: NullableString, position: Type.Integer(), variantIds: Type.Array(Id) })),
  categories: Type.Array(Type.Object({ id: Id, handle: Type.String(), name: Type.String() })),
  publishedAt: NullableTimestamp,
  createdAt: Timestamp,
})
export type StoreProduct = Static<typeof StoreProduct>

export const StoreProductParams = Type.Object({ handle: Handle }, { additionalProperties: false })
export type StoreProductParams = Static<typeof StoreProductParams>

export const StoreProductDetailQuery = Type.Object({ currency: Type.Optional(CurrencyCode) }, { additionalProperties: false })
export type StoreProductDetailQuery = Static<typeof StoreProductDetailQuery>

export const Facets = Type.Object({
  currency: CurrencyCode,
  categories: Type.Array(Type.Object({ id: Id, handle: Type.String(), name: Type.String(), count: Type.Integer() })),
  options: Type.Array(Type.Object({ name: Type.String(), values: Type.Array(Type.Object({ value: Type.String(), count: Type.Integer() })) })),
  prices: Type.Array(Type.Object({
    min: Type.Integer({ description: 'Inclusive, minor units' }),
    max: Type.Integer({ description: 'Exclusive, minor units' }),
    count: Type.Integer(),
  })),
})
export type Facets = Static<typeof Facets>

export const SearchResult = Type.Object({
  ...Page(StoreProductSummary).properties,
  facets: Type.Union([Facets, Type.Null()], { description: 'Counts over the whole result set; sent with the first page only' }),
})
export type SearchResult = Static<typeof SearchResult>
