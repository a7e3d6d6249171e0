import { Page, PageQuery, Type, type Static } from '@comptoir/core'
import { Handle, Id, NullableString, NullableTimestamp, Price, PriceInput, ProductStatus, Timestamp } from './common.js'

const OptionName = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' })
const OptionValue = Type.String({ minLength: 1, maxLength: 255, pattern: '\\S' })
/** A variant's value for each option of its product, by option name (`{ "Size": "M" }`). */
export const VariantOptionValues = Type.Record(Type.String({ maxLength: 100 }), OptionValue, { maxProperties: 3 })
const Measure = Type.Union([Type.Integer({ minimum: 0, maximum: 2_000_000_000 }), Type.Null()])
const Tags = Type.Array(Type.String({ minLength: 1, maxLength: 255 }), { maxItems: 250 })
const Metadata = Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), { maxProperties: 100 })

export const ProductOption = Type.Object({
  id: Id,
  name: Type.String(),
  position: Type.Integer(),
  values: Type.Array(Type.String()),
})
export type ProductOption = Static<typeof ProductOption>

export const OptionInput = Type.Object({
  name: OptionName,
  values: Type.Array(OptionValue, { minItems: 1, maxItems: 250, uniqueItems: true }),
}, { additionalProperties: false })
export type OptionInput = Static<typeof OptionInput>

export const OptionPatch = Type.Object({
  name: Type.Optional(OptionName),
  values: Type.Optional(Type.Array(OptionValue, { minItems: 1, maxItems: 250, uniqueItems: true })),
}, { additionalProperties: false, minProperties: 1 })
export type OptionPatch = Static<typeof OptionPatch>

export const Variant = Type.Object({
  id: Id,
  productId: Id,
  sku: NullableString,
  title: Type.String({ description: 'The option values joined by " / "' }),
  options: VariantOptionValues,
  position: Type.Integer(),
  barcode: NullableString,
  weightGrams: Measure,
  lengthMm: Measure,
  widthMm: Measure,
  heightMm: Measure,
  prices: Type.Array(Price),
  imageIds: Type.Array(Id),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type Variant = Static<typeof Variant>

const variantFields = {
  sku: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 255, pattern: '^\\S(.*\\S)?$' }), Type.Null()])),
  options: Type.Optional(VariantOptionValues),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
  barcode: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 255 }), Type.Null()])),
  weightGrams: Type.Optional(Measure),
  lengthMm: Type.Optional(Measure),
  widthMm: Type.Optional(Measure),
  heightMm: Type.Optional(Measure),
}
export const VariantInput = Type.Object({
  ...variantFields,
  prices: Type.Optional(Type.Array(PriceInput, { maxItems: 30 })),
}, { additionalProperties: false })
export type VariantInput = Static<typeof VariantInput>

export const VariantPatch = Type.Object(variantFields, { additionalProperties: false, minProperties: 1 })
export type VariantPatch = Static<typeof VariantPatch>

export const VariantPricesInput = Type.Object({
  prices: Type.Array(PriceInput, { maxItems: 30, description: 'The full set: currencies left out lose their price' }),
}, { additionalProperties: false })
export type VariantPricesInput = Static<typeof VariantPricesInput>

export const Image = Type.Object({
  id: Id,
  productId: Id,
  url: Type.String(),
  alt: NullableString,
  position: Type.Integer(),
  variantIds: Type.Array(Id),
})
export type Image = Static<typeof Image>

const imageFields = {
  alt: Type.Optional(Type.Union([Type.String({ maxLength: 512 }), Type.Null()])),
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
  variantIds: Type.Optional(Type.Array(Id, { maxItems: 250, uniqueItems: true })),
}
export const ImageInput = Type.Object({
  url: Type.String({ minLength: 1, maxLength: 2048, format: 'uri', pattern: '^https?://' }),
  ...imageFields,
}, { additionalProperties: false })
export type ImageInput = Static<typeof ImageInput>

export const ImagePatch = Type.Object(imageFields, { additionalProperties: false, minProperties: 1 })
export type ImagePatch = Static<typeof ImagePatch>

export const Product = Type.Object({
  id: Id,
  handle: Type.String(),
  title: Type.String(),
  description: Type.String({ description: 'Sanitised HTML' }),
  status: ProductStatus,
  vendor: NullableString,
  productType: NullableString,
  tags: Type.Array(Type.String()),
  metadata: Metadata,
  seoTitle: NullableString,
  seoDescription: NullableString,
  publishedAt: NullableTimestamp,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  options: Type.Array(ProductOption),
  variants: Type.Array(Variant),
  images: Type.Array(Image),
  categoryIds: Type.Array(Id),
  collectionIds: Type.Array(Id),
})
export type Product = Static<typeof Product>

export const ProductSummary = Type.Object({
  id: Id,
  handle: Type.String(),
  title: Type.String(),
  status: ProductStatus,
  vendor: NullableString,
  productType: NullableString,
  tags: Type.Array(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type ProductSummary = Static<typeof ProductSummary>
export const ProductSummaryPage = Page(ProductSummary)

const productFields = {
  handle: Type.Optional(Handle),
  title: Type.Optional(Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' })),
  description: Type.Optional(Type.String({ maxLength: 100000, description: 'HTML; sanitised on write' })),
  status: Type.Optional(ProductStatus),
  vendor: Type.Optional(Type.Union([Type.String({ maxLength: 255 }), Type.Null()])),
  productType: Type.Optional(Type.Union([Type.String({ maxLength: 255 }), Type.Null()])),
  tags: Type.Optional(Tags),
  metadata: Type.Optional(Metadata),
  seoTitle: Type.Optional(Type.Union([Type.String({ maxLength: 255 }), Type.Null()])),
  seoDescription: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])),
  categoryIds: Type.Optional(Type.Array(Id, { maxItems: 50, uniqueItems: true })),
}

/** What a client sends to create a product, with its options, variants and images at once. */
export const ProductInput = Type.Object({
  ...productFields,
  title: Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' }),
  options: Type.Optional(Type.Array(OptionInput, { maxItems: 3 })),
  variants: Type.Optional(Type.Array(VariantInput, { maxItems: 250 })),
  images: Type.Optional(Type.Array(Type.Omit(ImageInput, ['variantIds']), { maxItems: 250 })),
}, { additionalProperties: false })
export type ProductInput = Static<typeof ProductInput>

export const ProductPatch = Type.Object(productFields, { additionalProperties: false, minProperties: 1 })
export type ProductPatch = Static<typeof ProductPatch>

export const AdminProductQuery = Type.Object({
  ...PageQuery.properties,
  status: Type.Optional(ProductStatus),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Matches handle, title or SKU' })),
}, { additionalProperties: false })
export type AdminProductQuery = Static<typeof AdminProductQuery>
