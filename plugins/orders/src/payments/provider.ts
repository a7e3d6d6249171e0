import type { Ctx, TSchema } from '@comptoir/core'
import type { PaymentRisk } from '../checkout/extensions.js'

/**
 * The payment provider port: what a payment plugin (manual, stripe, ...) implements so the
 * orders plugin can take, capture, cancel and refund payments without knowing the gateway.
 * Every method is called OUTSIDE any database transaction (no row lock is held while a gateway
 * answers) and must be idempotent on its `idempotencyKey`: orders derives the keys from its own
 * ids, so a retry after a crash repeats the same gateway call instead of charging twice.
 */
export interface PaymentProvider {
  /** Stable id stored on payments (`manual`, `stripe`); lower-case kebab. */
  readonly id: string
  /** Shown to buyers when the storefront lists payment options. */
  readonly title: string
  /**
   * True when money is settled outside the gateway (cash on delivery, bank transfer): an admin
   * marks the payment paid (capture) and orders never captures it automatically at fulfilment.
   */
  readonly manualSettlement?: boolean
  /** TypeBox schema of the provider-specific `payment.data` a storefront sends at checkout. */
  readonly dataSchema?: TSchema
  /** Creates the payment for an order and authorizes it when it can do so server-side. */
  authorize: (ctx: Ctx, input: AuthorizePaymentInput) => Promise<AuthorizePaymentResult>
  /** Captures `amount` (≤ authorized) of an authorized payment. */
  capture: (ctx: Ctx, input: CapturePaymentInput) => Promise<CapturePaymentResult>
  /** Voids an authorization that was not captured (cancellation, failed checkout). */
  cancel: (ctx: Ctx, input: CancelPaymentInput) => Promise<void>
  /** Refunds `amount` (≤ captured − refunded) of a captured payment. */
  refund: (ctx: Ctx, input: RefundPaymentInput) => Promise<RefundPaymentResult>
}

export interface AuthorizePaymentInput {
  /** Our payment id (orders_payments.id): one per order payment attempt. */
  paymentId: string
  orderId: string
  /** Human-friendly order number (for gateway descriptions and metadata). */
  orderNumber: string
  /** Integer minor units of `currency`. */
  amount: number
  /** ISO 4217, upper-case. */
  currency: string
  customerId: string | null
  email: string
  /** What the storefront sent as `payment.data`, already validated against `dataSchema`. */
  data: Record<string, unknown>
  idempotencyKey: string
}

/**
 * `authorized`: funds held (or, for manual providers, awaiting settlement); `captured`: the
 * gateway captured at once (automatic capture); `requires_action`: the buyer must finish in the
 * browser (3-D Secure) with `clientSecret`, and the final state arrives through a webhook;
 * `failed`: declined, nothing held.
 */
export type AuthorizeStatus = 'authorized' | 'captured' | 'requires_action' | 'failed'

export interface AuthorizePaymentResult {
  status: AuthorizeStatus
  /** The gateway's id for this payment (a PaymentIntent id); null when there is none. */
  reference: string | null
  /** Handed to the storefront once (Stripe's client secret); never stored or logged. */
  clientSecret?: string | null
  /** Amount authorized or captured, minor units (defaults to the requested amount). */
  amount?: number
  /** Why it failed, for the buyer (`card_declined`, "Your card was declined."). */
  failureCode?: string
  failureMessage?: string
  /** The gateway's risk assessment (Stripe Radar's level and outcome, the card fingerprint), for checkout extensions. */
  risk?: PaymentRisk
}

export interface CapturePaymentInput {
  paymentId: string
  reference: string | null
  amount: number
  currency: string
  idempotencyKey: string
}

export interface CapturePaymentResult {
  /** `pending`: the gateway accepted the capture and confirms it by webhook. */
  status: 'captured' | 'pending'
  amountCaptured: number
}

export interface CancelPaymentInput {
  paymentId: string
  reference: string | null
  idempotencyKey: string
}

export interface RefundPaymentInput {
  paymentId: string
  /** Our refund id (orders_refunds.id). */
  refundId: string
  reference: string | null
  amount: number
  currency: string
  reason: string | null
  idempotencyKey: string
}

export interface RefundPaymentResult {
  /** The gateway's refund id; null when there is none. */
  reference: string | null
  status: 'succeeded' | 'pending' | 'failed'
}

/**
 * The registry of providers, one per app (no module state). Payment plugins register from
 * their manifest's `onBoot`: `services.ordersPaymentProviders.register(provider)`.
 */
export function createPaymentProviderRegistry () {
  const providers = new Map<string, PaymentProvider>()
  return {
    /** Adds a provider; registering a second provider with the same id is a boot error. */
    register (provider: PaymentProvider): void {
      if (providers.has(provider.id)) throw new Error(`a payment provider with id '${provider.id}' is already registered`)
      providers.set(provider.id, provider)
    },
    /** The provider with this id, or undefined. */
    get (id: string): PaymentProvider | undefined {
      return providers.get(id)
    },
    /** Every registered provider, in registration order. */
    list (): PaymentProvider[] {
      return [...providers.values()]
    },
  }
}

export type PaymentProviderRegistry = ReturnType<typeof createPaymentProviderRegistry>
