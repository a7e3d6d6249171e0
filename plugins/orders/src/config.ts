import { Type, type Static } from '@comptoir/core'

/** The orders plugin's options, listed next to it in comptoir.config.ts. */
export const OrdersConfig = Type.Object({
  // --- carts (used by src/carts and src/pricing) ---
  /** Largest quantity of one cart line. */
  maxLineQuantity: Type.Integer({ minimum: 1, maximum: 100000, default: 100 }),
  /** Most lines a cart may hold. */
  maxLines: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
  /** Open carts untouched for this many days are expired by `orders.expire-carts`. */
  cartTtlDays: Type.Integer({ minimum: 1, maximum: 3650, default: 30 }),
  /** Currency of a new cart when the storefront does not name one (ISO 4217). */
  defaultCurrency: Type.String({ pattern: '^[A-Z]{3}$', default: 'EUR' }),
  // --- checkout and lifecycle ---
  /**
   * An order still `pending` (payment not authorized, e.g. 3-D Secure abandoned) this long after
   * checkout is cancelled by `orders.cancel-unpaid-orders` and its stock released.
   */
  pendingPaymentTimeoutMinutes: Type.Integer({ minimum: 1, maximum: 30 * 24 * 60, default: 60 }),
  /** Prefix shown before order numbers (`#1001`). */
  orderNumberPrefix: Type.String({ maxLength: 20, default: '#' }),
  /** Register the built-in `manual` payment provider (bank transfer / pay on delivery, marked paid by an admin). */
  manualProvider: Type.Boolean({ default: true }),
}, { additionalProperties: false, default: {} })
export type OrdersConfig = Static<typeof OrdersConfig>
