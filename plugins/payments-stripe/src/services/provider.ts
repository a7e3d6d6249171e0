import type { Cradle, Ctx } from '@comptoir/core'
import type {
  AuthorizePaymentInput, AuthorizePaymentResult, PaymentRisk, CancelPaymentInput, CapturePaymentInput, CapturePaymentResult, PaymentProvider,
  RefundPaymentInput, RefundPaymentResult,
} from '@comptoir/plugin-orders'
import Stripe from 'stripe'
import { StripeRequestRefusedError } from '../errors.js'
import { StripePaymentData } from '../schemas.js'
import { riskOf } from './charge-risk.js'
import { idOf } from './event-facts.js'

/** Stripe's refund reasons are an enum; ours is free text, kept in metadata. */
const refundReasonMax = 500
/** How far back, and through how many intents, a lost authorize is looked for. */
const lostIntentWindowSeconds = 3600
const lostIntentScanLimit = 1000

/**
 * The `stripe` payment provider (the orders plugin's port): a PaymentIntent per order payment,
 * confirmed server-side when the storefront sent a payment method, captured at fulfilment (or
 * at once, per the `payments-stripe.captureMethod` setting). Every call carries the key orders
 * derived from its own ids, so a retry after a crash replays instead of charging twice.
 */
export function createStripeProvider ({ paymentsStripeClient: client, paymentsStripeLedger: ledger, paymentsStripeIntents: intents, paymentsStripeWallet: wallet, settings }: Cradle): PaymentProvider {
  async function authorize (ctx: Ctx, input: AuthorizePaymentInput): Promise<AuthorizePaymentResult> {
    const data = input.data as StripePaymentData
    const captureMethod = await settings.get<'manual' | 'automatic'>(ctx, 'payments-stripe', 'captureMethod')
    // A saved card belongs to a Stripe Customer: the intent must name it; saving a new card needs one.
    const customer = input.customerId == null
      ? null
      : data.savePaymentMethod === true ? await wallet.ensureCustomer(ctx, input.customerId) : await wallet.stripeCustomerOf(ctx, input.customerId)
    const params: Stripe.PaymentIntentCreateParams = {
      amount: input.amount,
      // Amounts are already minor units for every currency, zero-decimal ones (JPY) included.
      currency: input.currency.toLowerCase(),
      capture_method: captureMethod,
      description: `Order ${input.orderNumber}`,
      metadata: { order_id: input.orderId, order_number: input.orderNumber, payment_id: input.paymentId },
      automatic_payment_methods: data.returnUrl != null ? { enabled: true } : { enabled: true, allow_redirects: 'never' },
      ...(customer != null ? { customer } : {}),
      ...(data.savePaymentMethod === true && customer != null ? { setup_future_usage: 'off_session' } : {}),
      ...(data.paymentMethod != null ? { payment_method: data.paymentMethod, confirm: true } : {}),
      ...(data.paymentMethod != null && data.returnUrl != null ? { return_url: data.returnUrl } : {}),
      // The charge carries Radar's outcome and the card's fingerprint (for fraud rules).
      expand: ['latest_charge'],
    }
    let intent: Stripe.PaymentIntent
    try {
      intent = await client.call(async (stripe) => await stripe.paymentIntents.create(params, { idempotencyKey: input.idempotencyKey }))
    } catch (error) {
      if (!(error instanceof Stripe.errors.StripeCardError)) throw error
      // A decline is an outcome, not a failure of ours: report it, nothing is held.
      const reference = error.payment_intent?.id ?? null
      if (reference != null) await intents.advance(ctx, { paymentIntentId: reference, status: 'failed', amount: input.amount, currency: input.currency, orderId: input.orderId, paymentId: input.paymentId, at: new Date() })
      return { status: 'failed', reference, failureCode: error.decline_code ?? error.code ?? 'card_error', failureMessage: error.message }
    }
    const owner = { orderId: input.orderId, paymentId: input.paymentId }
    const at = new Date(intent.created * 1000)
    switch (intent.status) {
      case 'requires_capture':
        await ledger.record(ctx, { kind: 'authorization', status: 'succeeded', amount: intent.amount_capturable, currency: intent.currency, gatewayObjectId: intent.id, paymentIntentId: intent.id, chargeId: idOf(intent.latest_charge), ...owner, occurredAt: at })
        await intents.advance(ctx, { paymentIntentId: intent.id, status: 'authorized', amount: intent.amount, currency: intent.currency, ...owner, at })
        return { status: 'authorized', reference: intent.id, amount: intent.amount_capturable, ...risked(intent) }
      case 'succeeded':
        await recordCapture(ctx, intent, owner)
        return { status: 'captured', reference: intent.id, amount: intent.amount_received, ...risked(intent) }
      case 'canceled':
        return { status: 'failed', reference: intent.id, failureCode: 'canceled' }
      default:
        // requires_payment_method / requires_confirmation / requires_action / processing: the
        // buyer finishes in the browser with the client secret; the outcome arrives by webhook.
        await intents.advance(ctx, { paymentIntentId: intent.id, status: 'requires_action', amount: intent.amount, currency: intent.currency, ...owner, at })
        return { status: 'requires_action', reference: intent.id, clientSecret: intent.client_secret }
    }
  }

  function risked (intent: Stripe.PaymentIntent): { risk?: PaymentRisk } {
    const risk = riskOf(intent.latest_charge)
    return risk == null ? {} : { risk }
  }

  async function recordCapture (ctx: Ctx, intent: Stripe.PaymentIntent, owner: { orderId: string | null, paymentId: string | null }): Promise<void> {
    const at = new Date()
    const chargeId = idOf(intent.latest_charge)
    await ledger.record(ctx, { kind: 'capture', status: 'succeeded', amount: intent.amount_received, currency: intent.currency, gatewayObjectId: chargeId ?? intent.id, paymentIntentId: intent.id, chargeId, ...owner, occurredAt: at })
    await intents.advance(ctx, { paymentIntentId: intent.id, status: 'captured', amount: intent.amount, currency: intent.currency, ...owner, at })
  }

  async function capture (ctx: Ctx, input: CapturePaymentInput): Promise<CapturePaymentResult> {
    const reference = requireReference(input.reference)
    let intent: Stripe.PaymentIntent
    try {
      intent = await client.call(async (stripe) => await stripe.paymentIntents.capture(reference, { amount_to_capture: input.amount }, { idempotencyKey: input.idempotencyKey }))
    } catch (error) {
      // Captured already (a webhook-driven capture, or an earlier attempt under another key): that is success.
      if (!(error instanceof StripeRequestRefusedError)) throw error
      intent = await client.call(async (stripe) => await stripe.paymentIntents.retrieve(reference))
      if (intent.status !== 'succeeded') throw error
    }
    const owner = await ledger.ownerOf(ctx, intent.id)
    await recordCapture(ctx, intent, { orderId: owner.orderId ?? intent.metadata.order_id ?? null, paymentId: owner.paymentId ?? input.paymentId })
    return { status: 'captured', amountCaptured: intent.amount_received }
  }

  /**
   * The intent of a payment whose authorize call failed in flight (Stripe may have created it but
   * the answer was lost): found among the last hour's intents by our payment id in metadata.
   */
  async function findLostIntent (paymentId: string): Promise<string | null> {
    return await client.call(async (stripe) => {
      let seen = 0
      for await (const intent of stripe.paymentIntents.list({ created: { gte: Math.floor(Date.now() / 1000) - lostIntentWindowSeconds }, limit: 100 })) {
        if (intent.metadata.payment_id === paymentId) return intent.id
        if (++seen >= lostIntentScanLimit) break
      }
      return null
    })
  }

  async function cancel (ctx: Ctx, input: CancelPaymentInput): Promise<void> {
    const reference = input.reference ?? await findLostIntent(input.paymentId)
    if (reference == null) return
    let intent: Stripe.PaymentIntent
    try {
      intent = await client.call(async (stripe) => await stripe.paymentIntents.cancel(reference, {}, { idempotencyKey: input.idempotencyKey }))
    } catch (error) {
      if (!(error instanceof StripeRequestRefusedError)) throw error
      intent = await client.call(async (stripe) => await stripe.paymentIntents.retrieve(reference))
      if (intent.status !== 'canceled') throw error
    }
    await intents.advance(ctx, { paymentIntentId: intent.id, status: 'canceled', amount: intent.amount, currency: intent.currency, paymentId: input.paymentId, at: new Date() })
  }

  async function refund (ctx: Ctx, input: RefundPaymentInput): Promise<RefundPaymentResult> {
    const reference = requireReference(input.reference)
    const owner = await ledger.ownerOf(ctx, reference)
    const created = await client.call(async (stripe) => await stripe.refunds.create({
      payment_intent: reference,
      amount: input.amount,
      metadata: {
        payment_id: input.paymentId,
        refund_id: input.refundId,
        ...(owner.orderId != null ? { order_id: owner.orderId } : {}),
        ...(input.reason != null ? { reason: input.reason.slice(0, refundReasonMax) } : {}),
      },
    }, { idempotencyKey: input.idempotencyKey }))
    const status = created.status === 'succeeded' ? 'succeeded' : created.status === 'failed' || created.status === 'canceled' ? 'failed' : 'pending'
    if (status !== 'failed') {
      await ledger.record(ctx, { kind: 'refund', status, amount: created.amount, currency: created.currency, gatewayObjectId: created.id, paymentIntentId: reference, chargeId: idOf(created.charge), balanceTransactionId: idOf(created.balance_transaction), orderId: owner.orderId, paymentId: input.paymentId, occurredAt: new Date(created.created * 1000) })
    }
    return { reference: created.id, status }
  }

  return { id: 'stripe', title: 'Card (Stripe)', dataSchema: StripePaymentData, authorize, capture, cancel, refund }
}

function requireReference (reference: string | null): string {
  if (reference == null) throw new StripeRequestRefusedError('payment_intent_missing', null)
  return reference
}
