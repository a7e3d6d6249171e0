import { ConflictError, NotFoundError, UnprocessableError } from '@comptoir/core'

/** 404: no such cart, or the caller does not own it (never tells which). */
export class CartNotFoundError extends NotFoundError {
  readonly code = 'ORDERS_CART_NOT_FOUND'
  readonly title = 'Cart not found'
  constructor (cartId: string) { super(`No cart ${cartId}`, { cartId }) }
}

/** 409: the cart is being checked out or became an order; it can no longer change. */
export class CartCompletedError extends ConflictError {
  readonly code = 'ORDERS_CART_COMPLETED'
  readonly title = 'Cart already checked out'
  constructor (cartId: string, status: string) { super(`Cart ${cartId} is ${status}`, { cartId, status }) }
}

/** 409: the guest cart was merged into a customer's cart at login; use that one. */
export class CartMergedError extends ConflictError {
  readonly code = 'ORDERS_CART_MERGED'
  readonly title = 'Cart merged into another'
  constructor (cartId: string) { super(`Cart ${cartId} was merged into the customer's cart`, { cartId }) }
}

/** 422: checkout needs what `missing` lists (`lines`, `email`, `shippingAddress`, `shippingOption`). */
export class CartIncompleteError extends UnprocessableError {
  readonly code = 'ORDERS_CART_INCOMPLETE'
  readonly title = 'Cart incomplete'
  constructor (cartId: string, missing: string[]) { super(`Cart ${cartId} misses: ${missing.join(', ')}`, { cartId, missing }) }
}

export class CartLineNotFoundError extends NotFoundError {
  readonly code = 'ORDERS_CART_LINE_NOT_FOUND'
  readonly title = 'Cart line not found'
  constructor (lineId: string) { super(`No line ${lineId} in this cart`, { lineId }) }
}

export class VariantNotFoundError extends NotFoundError {
  readonly code = 'ORDERS_VARIANT_NOT_FOUND'
  readonly title = 'Variant not found'
  constructor (variantId: string) { super(`No variant ${variantId}`, { variantId }) }
}

/** 409: the variant is not for sale now (product not published, or no price in the cart's currency). */
export class VariantUnavailableError extends ConflictError {
  readonly code = 'ORDERS_VARIANT_UNAVAILABLE'
  readonly title = 'Variant not available'
  constructor (variants: Array<{ variantId: string, reason: 'not_found' | 'not_published' | 'no_price' | 'not_for_sale' }>, currency: string) {
    super(`Not for sale in ${currency}: ${variants.map((v) => `${v.variantId} (${v.reason})`).join(', ')}`, { variants, currency })
  }
}

/** 409 at checkout: a price changed since the cart was last read; read the cart again (it shows the new prices). */
export class CartPriceChangedError extends ConflictError {
  readonly code = 'ORDERS_CART_PRICE_CHANGED'
  readonly title = 'Prices changed'
  constructor (lines: Array<{ lineId: string, variantId: string, previousAmount: number, currentAmount: number }>) {
    super('Some prices changed since the cart was last shown; read the cart again before checking out', { lines })
  }
}

/** 422: more of one variant than `maxLineQuantity`. */
export class LineQuantityLimitError extends UnprocessableError {
  readonly code = 'ORDERS_LINE_QUANTITY_LIMIT'
  readonly title = 'Quantity over the limit'
  constructor (requested: number, max: number) { super(`At most ${max} of one item per cart (asked ${requested})`, { requested, max }) }
}

/** 422: more distinct lines than `maxLines`, or more promotion codes than allowed. */
export class CartLimitError extends UnprocessableError {
  readonly code = 'ORDERS_CART_LIMIT'
  readonly title = 'Cart limit reached'
  constructor (what: 'lines' | 'promotions', max: number) { super(`A cart holds at most ${max} ${what}`, { limit: what, max }) }
}

/** 409: completeCheckout on a cart that is not being checked out (a caller bug, or a second completion). */
export class CartNotCompletingError extends ConflictError {
  readonly code = 'ORDERS_CART_NOT_COMPLETING'
  readonly title = 'Cart is not being checked out'
  constructor (cartId: string, status: string) { super(`Cart ${cartId} is ${status}, not completing`, { cartId, status }) }
}
