import { CurrencyCode, Page, Type, type Static } from '@comptoir/core'
import { CountryCode, Id, Nullable, PromotionCode, Timestamp } from '../pricing/schemas.js'

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max })

export const CartAddress = Type.Object({
  firstName: Text(100),
  lastName: Text(100),
  company: Type.Optional(Nullable(Text(100))),
  line1: Text(200),
  line2: Type.Optional(Nullable(Text(200))),
  city: Text(100),
  postalCode: Text(20),
  region: Type.Optional(Nullable(Text(100))),
  country: CountryCode,
  phone: Type.Optional(Nullable(Type.String({ minLength: 3, maxLength: 40, pattern: '^\\+?[0-9 ().-]{3,40}$' }))),
}, { additionalProperties: false })
export type CartAddress = Static<typeof CartAddress>

export const CartStatus = Type.Union([Type.Literal('open'), Type.Literal('completing'), Type.Literal('completed'), Type.Literal('merged')])
export type CartStatus = Static<typeof CartStatus>

export const CartLine = Type.Object({
  id: Id,
  variantId: Id,
  productId: Id,
  sku: Nullable(Type.String()),
  title: Type.String(),
  variantTitle: Nullable(Type.String()),
  imageUrl: Nullable(Type.String()),
  quantity: Type.Integer(),
  unitAmount: Type.Integer({ description: 'Price snapshot in the cart currency, refreshed when the cart is read' }),
  compareAtAmount: Nullable(Type.Integer()),
  subtotalAmount: Type.Integer(),
  discountAmount: Type.Integer(),
  taxAmount: Type.Integer(),
  totalAmount: Type.Integer(),
  taxRateBps: Type.Integer(),
  requiresShipping: Type.Boolean(),
  available: Type.Boolean({ description: 'False when the product is no longer published or priced in this currency: remove it to check out' }),
})
export type CartLine = Static<typeof CartLine>

export const CartPromotion = Type.Object({
  id: Id,
  code: Type.String(),
  discountAmount: Type.Integer(),
  applicable: Type.Boolean(),
  reason: Nullable(Type.String({ description: 'Why it gives nothing now: inactive, not_started, ended, currency_mismatch, minimum_subtotal_not_met' })),
})

export const CartTotals = Type.Object({
  subtotal: Type.Integer(),
  discount: Type.Integer(),
  shipping: Type.Integer(),
  tax: Type.Integer({ description: 'Included in the prices when taxInclusive, added on top otherwise' }),
  total: Type.Integer(),
  weightGrams: Type.Integer(),
})

export const Cart = Type.Object({
  id: Id,
  status: CartStatus,
  currency: CurrencyCode,
  customerId: Nullable(Id),
  email: Nullable(Type.String()),
  shippingAddress: Nullable(CartAddress),
  billingAddress: Nullable(CartAddress),
  shippingOption: Nullable(Type.Object({ id: Id, name: Type.String(), amount: Type.Integer(), taxAmount: Type.Integer() })),
  lines: Type.Array(CartLine),
  promotions: Type.Array(CartPromotion),
  totals: CartTotals,
  taxInclusive: Type.Boolean(),
  taxRateBps: Type.Integer({ description: 'Rate of the shipping address (0 until there is one)' }),
  orderId: Nullable(Id),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type Cart = Static<typeof Cart>

export const CreatedCart = Type.Object({
  cart: Cart,
  cartToken: Nullable(Type.String({ description: 'Guest carts only, shown once: send it as x-cart-token on every call for this cart' })),
})
export type CreatedCart = Static<typeof CreatedCart>

export const CartInput = Type.Object({
  currency: Type.Optional(CurrencyCode),
  email: Type.Optional(Type.String({ format: 'email', minLength: 3, maxLength: 254 })),
}, { additionalProperties: false })
export type CartInput = Static<typeof CartInput>

export const CartPatch = Type.Object({
  email: Type.Optional(Nullable(Type.String({ format: 'email', minLength: 3, maxLength: 254 }))),
  shippingAddress: Type.Optional(Nullable(CartAddress)),
  billingAddress: Type.Optional(Nullable(CartAddress)),
}, { additionalProperties: false, minProperties: 1 })
export type CartPatch = Static<typeof CartPatch>

export const LineInput = Type.Object({ variantId: Id, quantity: Type.Integer({ minimum: 1, maximum: 100000 }) }, { additionalProperties: false })
export type LineInput = Static<typeof LineInput>
export const LinePatch = Type.Object({ quantity: Type.Integer({ minimum: 1, maximum: 100000 }) }, { additionalProperties: false })
export type LinePatch = Static<typeof LinePatch>

export const ShippingOptionChoice = Type.Object({ shippingOptionId: Nullable(Id) }, { additionalProperties: false })
export type ShippingOptionChoice = Static<typeof ShippingOptionChoice>
export const PromotionCodeInput = Type.Object({ code: PromotionCode }, { additionalProperties: false })
export type PromotionCodeInput = Static<typeof PromotionCodeInput>

export const CartParams = Type.Object({ cartId: Id }, { additionalProperties: false })
export type CartParams = Static<typeof CartParams>
export const CartLineParams = Type.Object({ cartId: Id, lineId: Id }, { additionalProperties: false })
export type CartLineParams = Static<typeof CartLineParams>
export const CartPromotionParams = Type.Object({ cartId: Id, code: PromotionCode }, { additionalProperties: false })
export type CartPromotionParams = Static<typeof CartPromotionParams>
export const CartTokenHeader = Type.Object({
  'x-cart-token': Type.Optional(Type.String({ maxLength: 100, description: 'The guest cart token returned at creation' })),
})

export const AvailableShippingOption = Type.Object({
  id: Id,
  name: Type.String(),
  currency: CurrencyCode,
  amount: Type.Integer({ description: 'What this option costs for this cart now (0 when free over the threshold)' }),
  taxAmount: Type.Integer(),
})
export const AvailableShippingOptions = Type.Object({ items: Type.Array(AvailableShippingOption) })
export type AvailableShippingOptions = Static<typeof AvailableShippingOptions>

export const CartSummary = Type.Object({
  id: Id,
  status: CartStatus,
  currency: CurrencyCode,
  customerId: Nullable(Id),
  email: Nullable(Type.String()),
  lineCount: Type.Integer(),
  orderId: Nullable(Id),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type CartSummary = Static<typeof CartSummary>
export const CartSummaryPage = Page(CartSummary)
export const AdminCartQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 512, pattern: '^[A-Za-z0-9_-]+$' })),
  status: Type.Optional(CartStatus),
  customerId: Type.Optional(Id),
  email: Type.Optional(Type.String({ maxLength: 254 })),
}, { additionalProperties: false })
export type AdminCartQuery = Static<typeof AdminCartQuery>

/** What checkout receives from `ordersCarts.beginCheckout` (the seam with the order lifecycle). */
export interface CheckoutLine {
  id: string, variantId: string, productId: string, sku: string | null, title: string, variantTitle: string | null, quantity: number,
  unitAmount: number, subtotalAmount: number, discountAmount: number, taxAmount: number, totalAmount: number, taxRateBps: number, requiresShipping: boolean
}
export interface CheckoutCart {
  id: string
  customerId: string | null
  email: string | null
  currency: string
  shippingAddress: CartAddress | null
  billingAddress: CartAddress | null
  shippingOption: { id: string, name: string, amount: number, taxAmount: number } | null
  lines: CheckoutLine[]
  promotions: Array<{ id: string, code: string, discountAmount: number }>
  totals: { subtotal: number, discount: number, shipping: number, tax: number, total: number }
  taxInclusive: boolean
}

/** Who calls: the signed-in customer and/or the guest cart token they sent. */
export interface CartAccess { customerId: string | null, cartToken: string | null }
