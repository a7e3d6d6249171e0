import { CurrencyCode, Type, type Static } from '@comptoir/core'

/** An opaque id. */
export const Id = Type.String({ format: 'uuid' })
/** A URL-safe name, unique among its kind (`blue-cotton-shirt`). */
export const Handle = Type.String({ minLength: 1, maxLength: 255, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', description: 'Unique, URL-safe name' })
export const Timestamp = Type.String({ format: 'date-time' })
export const NullableTimestamp = Type.Union([Timestamp, Type.Null()])
export const NullableString = Type.Union([Type.String(), Type.Null()])
/** Integer minor units (cents), never negative. */
export const Amount = Type.Integer({ minimum: 0, maximum: 999_999_999_999, description: 'Integer minor units' })

export const ProductStatus = Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('archived')])
export type ProductStatus = Static<typeof ProductStatus>

/** A base price of a variant in one currency. */
export const Price = Type.Object({
  currency: CurrencyCode,
  amount: Amount,
  compareAtAmount: Type.Union([Amount, Type.Null()], { description: 'The "was" price shown struck through' }),
})
export type Price = Static<typeof Price>

export const PriceInput = Type.Object({
  currency: CurrencyCode,
  amount: Amount,
  compareAtAmount: Type.Optional(Type.Union([Amount, Type.Null()])),
}, { additionalProperties: false })
export type PriceInput = Static<typeof PriceInput>

export const ProductParams = Type.Object({ productId: Id }, { additionalProperties: false })
export type ProductParams = Static<typeof ProductParams>
export const VariantParams = Type.Object({ variantId: Id }, { additionalProperties: false })
export type VariantParams = Static<typeof VariantParams>
export const ImageParams = Type.Object({ imageId: Id }, { additionalProperties: false })
export type ImageParams = Static<typeof ImageParams>
export const OptionParams = Type.Object({ productId: Id, optionId: Id }, { additionalProperties: false })
export type OptionParams = Static<typeof OptionParams>
export const HandleParams = Type.Object({ handle: Handle }, { additionalProperties: false })
export type HandleParams = Static<typeof HandleParams>
