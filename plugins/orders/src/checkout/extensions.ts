import type { Ctx, TSchema } from '@comptoir/core'
import type { OrderAddress } from '../orders/schemas.js'

/** What the storefront request says about the shopper, for risk checks (never stored by orders). */
export interface CheckoutRequestFacts {
  ip: string | null
  userAgent: string | null
  /** The `x-device-id` header a storefront may send (its own device fingerprint). */
  deviceId: string | null
}

/** The checkout an extension sees in `beforePayment`: the cart about to become order `orderId`. */
export interface CheckoutFacts {
  /** The id the order will have (its row is written after every `beforePayment` returns, in the same transaction). */
  orderId: string
  cartId: string
  customerId: string | null
  email: string
  currency: string
  lines: Array<{ variantId: string, productId: string, sku: string | null, title: string, quantity: number, unitAmount: number, totalAmount: number }>
  shippingAddress: OrderAddress | null
  billingAddress: OrderAddress | null
  /** Minor units of `currency`, before any extension's adjustment. */
  totals: { subtotal: number, discount: number, shipping: number, tax: number, total: number }
  payment: { provider: string }
  request: CheckoutRequestFacts
  /** The shopper's `extensions.<id>` from the checkout body, already validated against `inputSchema`; undefined when absent. */
  input: unknown
}

/** A discount line an extension adds (loyalty points, store credit): applied after tax, like a gift card. */
export interface CheckoutAdjustment {
  /** Stable machine code, e.g. `loyalty_points`. */
  code: string
  /** Shown to the shopper and the merchant. */
  label: string
  /** Positive minor units taken off the order total (capped so the total never goes below zero). */
  amount: number
}

/** A refusal: checkout answers problem+json with this `code` and shopper-safe `message`; nothing is written. */
export interface CheckoutRefusal {
  /** The extension's stable error code (`FRAUD_CHECKOUT_REFUSED`): upper snake case. */
  code: string
  message: string
  /** HTTP status, 403 by default. */
  status?: 402 | 403 | 409 | 422
  /** Never sent to the shopper: handed back to this extension's `onFailure` (`failure.refusal.data`), to record the attempt after the rollback. */
  data?: unknown
}

/** A hold: the order is placed but not fulfilled, shipped or captured until released. */
export interface CheckoutHold { reason: string }

export interface BeforePaymentResult {
  adjustments?: CheckoutAdjustment[]
  hold?: CheckoutHold
  refuse?: CheckoutRefusal
}

/** What `afterPayment` receives: the order and a payment result as orders recorded it. */
export interface CheckoutOrderRef { orderId: string, number: string, customerId: string | null, email: string, currency: string, totalAmount: number }
export interface PaymentResultFacts {
  paymentId: string
  provider: string
  status: 'authorized' | 'captured' | 'failed' | 'canceled'
  amount: number
  reference: string | null
  failureCode: string | null
  /** What the gateway said about risk when it says anything (Stripe Radar): passed through from the provider. */
  risk: PaymentRisk | null
}
export interface PaymentRisk { level?: string, score?: number, outcome?: string, cardFingerprint?: string, cardCountry?: string }

/** Why a checkout did not become a confirmed order, for `onFailure` (runs after the rollback, outside any transaction). */
export interface CheckoutFailure {
  cartId: string
  /** Null when the order was never written (refusal, stock shortfall, any error before payment). */
  orderId: string | null
  stage: 'before_payment' | 'payment'
  /** The problem code (`ORDERS_PAYMENT_DECLINED`, an extension's refusal code, `INVENTORY_INSUFFICIENT_STOCK`...). */
  code: string
  facts: CheckoutFacts | null
  /** When an extension refused: its id and the refusal's `data`. */
  refusal: { extension: string, data: unknown } | null
}

/**
 * A checkout extension, registered from a plugin's `onBoot`:
 * `services.ordersCheckoutExtensions.register({ id: 'loyalty', inputSchema, beforePayment })`.
 */
export interface CheckoutExtension {
  /** Lower-case kebab; also the key of the shopper's input under `extensions` in the checkout body. */
  id: string
  /** TypeBox schema of `extensions.<id>`; without one, any input for this id is refused (400). */
  inputSchema?: TSchema
  /** Inside checkout's first transaction, before the payment is authorised. A throw rolls the checkout back. */
  beforePayment?: (ctx: Ctx, checkout: CheckoutFacts) => Promise<BeforePaymentResult | undefined | void>
  /** Inside the transaction recording a payment result (order row locked); may put the order on hold. */
  afterPayment?: (ctx: Ctx, order: CheckoutOrderRef, payment: PaymentResultFacts) => Promise<{ hold?: CheckoutHold } | undefined | void>
  /** After a checkout failed; errors it throws are logged, never change the answer. */
  onFailure?: (ctx: Ctx, failure: CheckoutFailure) => Promise<void>
}

/** The registry of checkout extensions, one per app (no module state), in registration order. */
export function createCheckoutExtensionRegistry () {
  const extensions = new Map<string, CheckoutExtension>()
  return {
    /** Adds an extension; a second one with the same id is a boot error. */
    register (extension: CheckoutExtension): void {
      if (!/^[a-z][a-z0-9-]{0,39}$/.test(extension.id)) throw new Error(`checkout extension id '${extension.id}' must be lower-case kebab (at most 40 characters)`)
      if (extensions.has(extension.id)) throw new Error(`a checkout extension with id '${extension.id}' is already registered`)
      extensions.set(extension.id, extension)
    },
    get (id: string): CheckoutExtension | undefined {
      return extensions.get(id)
    },
    list (): CheckoutExtension[] {
      return [...extensions.values()]
    },
  }
}
export type CheckoutExtensionRegistry = ReturnType<typeof createCheckoutExtensionRegistry>
