import { randomUUID } from 'node:crypto'
import { inTransaction, type Cradle, type Ctx, type PluginScope } from '@comptoir/core'
import Value from 'typebox/value'
import type { OrdersConfig } from '../config.js'
import { CheckoutRefusedError, InvalidPaymentDataError, PaymentDeclinedError, UnknownPaymentProviderError } from '../errors.js'
import { lockOrder, orderRow } from '../orders/read.js'
import { toLine, toOrderSummary, toPayment, type LineRow, type PaymentRow } from '../orders/rows.js'
import type { Order } from '../orders/schemas.js'
import { recordTimeline } from '../orders/timeline.js'
import { createPaymentLedger, lockPayment, type PaymentOutcome } from '../payments/ledger.js'
import type { AuthorizePaymentResult, PaymentProvider } from '../payments/provider.js'
import type { CartAccess, CheckoutCart } from '../carts/index.js'
import type { CheckoutFacts, CheckoutRequestFacts } from './extensions.js'
import { checkExtensionInputs, runBeforePayment, runOnFailure, type BeforePaymentOutcome } from './run-extensions.js'
import { placeHold } from '../orders/holds.js'

export interface CheckoutPaymentInput { provider: string, data?: Record<string, unknown> }

/** What the storefront route adds for checkout extensions: their inputs (`extensions` in the body) and request facts. */
export interface CheckoutExtras { extensions?: Record<string, unknown>, request?: CheckoutRequestFacts }

const noExtras: BeforePaymentOutcome = { adjustments: [], hold: null }

function factsOf (orderId: string, cart: CheckoutCart, provider: string, request: CheckoutRequestFacts | undefined): Omit<CheckoutFacts, 'input'> {
  return {
    orderId, cartId: cart.id, customerId: cart.customerId, email: cart.email ?? '', currency: cart.currency,
    lines: cart.lines.map((l) => ({ variantId: l.variantId, productId: l.productId, sku: l.sku, title: l.title, quantity: l.quantity, unitAmount: l.unitAmount, totalAmount: l.totalAmount })),
    shippingAddress: cart.shippingAddress, billingAddress: cart.billingAddress ?? cart.shippingAddress,
    totals: { ...cart.totals }, payment: { provider }, request: request ?? { ip: null, userAgent: null, deviceId: null },
  }
}

export interface CheckoutResult {
  order: Order
  payment: { id: string, provider: string, status: AuthorizePaymentResult['status'], clientSecret: string | null }
}

/**
 * Cart → order in two short transactions around the gateway call (no row lock is held while the
 * gateway answers): (1) lock the cart, write the order, reserve stock, commit; (2) authorize
 * outside any transaction; (3) record the outcome: confirm, or compensate (cancel, release, reopen the cart).
 */
export function createCheckoutService (cradle: Cradle, scope: PluginScope<OrdersConfig>) {
  const prefix = scope.config.orderNumberPrefix
  const ledger = createPaymentLedger(cradle, prefix)

  function providerFor (input: CheckoutPaymentInput): PaymentProvider {
    const registry = cradle.ordersPaymentProviders
    const provider = registry.get(input.provider)
    if (provider == null) throw new UnknownPaymentProviderError(input.provider, registry.list().map((p) => p.id))
    const data = input.data ?? {}
    if (provider.dataSchema != null && !Value.Check(provider.dataSchema, data)) {
      throw new InvalidPaymentDataError([...Value.Errors(provider.dataSchema, data)].slice(0, 10).map((e) => ({
        pointer: `/body/payment/data${e.instancePath}`, detail: e.message,
      })))
    }
    return provider
  }

  async function writeOrder (ctx: Ctx, cart: CheckoutCart, provider: PaymentProvider, orderId: string, extras: BeforePaymentOutcome): Promise<{ orderId: string, paymentId: string, number: string, lines: LineRow[], total: number }> {
    const paymentId = randomUUID()
    const adjusted = extras.adjustments.reduce((sum, a) => sum + a.amount, 0)
    const total = cart.totals.total - adjusted
    const [row] = await ctx.db('orders_orders').insert({
      id: orderId,
      cart_id: cart.id,
      customer_id: cart.customerId,
      email: cart.email ?? '',
      currency: cart.currency,
      subtotal_amount: cart.totals.subtotal,
      discount_amount: cart.totals.discount + adjusted,
      shipping_amount: cart.totals.shipping,
      tax_amount: cart.totals.tax,
      total_amount: total,
      tax_inclusive: cart.taxInclusive,
      shipping_address: cart.shippingAddress == null ? null : JSON.stringify(cart.shippingAddress),
      billing_address: JSON.stringify(cart.billingAddress ?? cart.shippingAddress ?? null),
      shipping_option: cart.shippingOption == null ? null : JSON.stringify(cart.shippingOption),
      promotions: JSON.stringify(cart.promotions),
      ...(adjusted > 0 ? { adjustments: JSON.stringify(extras.adjustments) } : {}),
    }).returning('number') as Array<{ number: string | number }>
    const lines = cart.lines.map((line, position) => ({
      id: randomUUID(),
      order_id: orderId,
      position,
      variant_id: line.variantId,
      product_id: line.productId,
      sku: line.sku,
      title: line.title,
      variant_title: line.variantTitle,
      quantity: line.quantity,
      unit_amount: line.unitAmount,
      subtotal_amount: line.subtotalAmount,
      discount_amount: line.discountAmount,
      tax_amount: line.taxAmount,
      total_amount: line.totalAmount,
      tax_rate_bps: line.taxRateBps,
      requires_shipping: line.requiresShipping,
    }))
    if (lines.length > 0) await ctx.db('orders_lines').insert(lines)
    await ctx.db('orders_payments').insert({ id: paymentId, order_id: orderId, provider: provider.id, currency: cart.currency, amount: total })
    await recordTimeline(ctx, orderId, { kind: 'status', from: null, to: 'pending', reason: 'checkout', data: { cartId: cart.id, paymentId, ...(adjusted > 0 ? { adjustments: extras.adjustments } : {}) } })
    // All-or-nothing; a shortfall throws INVENTORY_INSUFFICIENT_STOCK and rolls back the order and the cart claim.
    await cradle.inventory.reserve(ctx, {
      owner: { type: 'order', id: orderId },
      lines: lines.map((l) => ({ variantId: l.variant_id, quantity: l.quantity, reference: l.id })),
    })
    if (extras.hold != null) await placeHold(ctx, cradle, prefix, (await lockOrder(ctx, orderId)), extras.hold)
    return { orderId, paymentId, number: `${prefix}${String(row!.number)}`, lines: lines.map((l) => ({ ...l, fulfilled_quantity: 0, returned_quantity: 0 })), total }
  }

  async function authorize (ctx: Ctx, provider: PaymentProvider, input: Parameters<PaymentProvider['authorize']>[1]): Promise<AuthorizePaymentResult> {
    try {
      return await provider.authorize(ctx, input)
    } catch (error) {
      // A gateway that errors (network, 5xx) may still have authorized: void it under our key, then treat as declined.
      ctx.log.error({ err: error, paymentId: input.paymentId }, 'payment provider failed to authorize')
      await provider.cancel(ctx, { paymentId: input.paymentId, reference: null, idempotencyKey: `orders:${input.paymentId}:cancel` }).catch(() => {})
      return { status: 'failed', reference: null, failureCode: 'provider_error', failureMessage: 'The payment provider could not be reached' }
    }
  }

  return {
    /**
     * Completes the cart into an order and authorizes its payment. Must be called outside a
     * transaction (it opens its own around the gateway call). Throws 402 ORDERS_PAYMENT_DECLINED
     * when the provider declines (the order is then cancelled and the cart open again).
     */
    async complete (ctx: Ctx, cartId: string, access: CartAccess, payment: CheckoutPaymentInput, extras: CheckoutExtras = {}): Promise<CheckoutResult> {
      if ((ctx.db as { isTransaction?: boolean }).isTransaction === true) throw new Error('checkout must not run inside a transaction: it calls the payment gateway')
      const provider = providerFor(payment)
      const registry = cradle.ordersCheckoutExtensions
      // With no extension registered, checkout does exactly what it did before: no extra SQL.
      const extended = registry.list().length > 0
      checkExtensionInputs(registry, extras.extensions)
      let facts: Omit<CheckoutFacts, 'input'> | null = null
      // (1) the order and its reservation commit together, or not at all (an extension's refusal included).
      const placed = await inTransaction(ctx, async (tx) => {
        await tx.idempotency?.claim(tx)
        const cart = await cradle.ordersCarts.beginCheckout(tx, cartId, access)
        const orderId = randomUUID()
        let outcome = noExtras
        if (extended) {
          facts = factsOf(orderId, cart, provider.id, extras.request)
          outcome = await runBeforePayment(tx, registry, facts, extras.extensions)
        }
        return { ...await writeOrder(tx, cart, provider, orderId, outcome), cart }
      }).catch(async (error: unknown) => {
        if (extended) {
          await runOnFailure(ctx, registry, {
            cartId, orderId: null, stage: 'before_payment', code: (error as { code?: string }).code ?? 'CORE_INTERNAL',
            facts: facts === null ? null : { ...facts, input: undefined }, refusal: error instanceof CheckoutRefusedError ? error.refusal : null,
          })
        }
        throw error
      })
      // (2) the gateway, with no lock held; the key is ours so a retry repeats, never doubles, the call.
      const result = await authorize(ctx, provider, {
        paymentId: placed.paymentId, orderId: placed.orderId, orderNumber: placed.number, amount: placed.total,
        currency: placed.cart.currency, customerId: placed.cart.customerId, email: placed.cart.email ?? '',
        data: payment.data ?? {}, idempotencyKey: `orders:${placed.paymentId}:authorize`,
      })
      // (3) record the outcome; requires_action leaves the order pending until the webhook (or the timeout job).
      const checkout = await inTransaction(ctx, async (tx) => {
        const row = await lockOrder(tx, placed.orderId)
        const paymentRow = (await lockPayment(tx, placed.paymentId))!
        if (result.status === 'requires_action') {
          if (result.reference != null) await tx.db('orders_payments').where({ id: paymentRow.id }).update({ reference: result.reference })
        } else {
          const outcome: PaymentOutcome = result.status === 'failed'
            ? { status: 'failed', reference: result.reference, failureCode: result.failureCode ?? null, failureMessage: result.failureMessage ?? null, risk: result.risk ?? null }
            : { status: result.status, reference: result.reference, amount: result.amount, amountCaptured: result.amount, risk: result.risk ?? null }
          await ledger.apply(tx, row, paymentRow, outcome)
        }
        // A new order has no refunds, fulfilments or returns yet: two reads, not seven.
        const [fresh, freshPayment] = [await orderRow(tx, placed.orderId), (await tx.db('orders_payments').where({ id: placed.paymentId }).first()) as PaymentRow]
        const order: Order = {
          ...toOrderSummary(fresh, prefix), lines: placed.lines.map(toLine), shippingAddress: fresh.shipping_address, billingAddress: fresh.billing_address,
          shippingOption: fresh.shipping_option, promotions: fresh.promotions, adjustments: fresh.adjustments ?? [], payments: [toPayment(freshPayment)], refunds: [], fulfilments: [], returns: [],
        }
        const done: CheckoutResult = { order, payment: { id: placed.paymentId, provider: provider.id, status: result.status, clientSecret: result.clientSecret ?? null } }
        // The response a retry replays commits with the outcome (a decline is stored by the kernel).
        if (result.status !== 'failed') await tx.idempotency?.complete(tx, done)
        return done
      })
      if (result.status === 'failed') {
        if (extended) await runOnFailure(ctx, registry, { cartId, orderId: placed.orderId, stage: 'payment', code: 'ORDERS_PAYMENT_DECLINED', facts: facts === null ? null : { ...facts as Omit<CheckoutFacts, 'input'>, input: undefined }, refusal: null })
        throw new PaymentDeclinedError(checkout.order.id, result.failureCode ?? null, result.failureMessage ?? null)
      }
      return checkout
    },
  }
}
export type CheckoutService = ReturnType<typeof createCheckoutService>
