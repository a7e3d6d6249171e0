import { randomUUID } from 'node:crypto'
import { inTransaction, type Cradle, type Ctx, type PluginScope } from '@comptoir/core'
import Value from 'typebox/value'
import type { OrdersConfig } from '../config.js'
import { InvalidPaymentDataError, PaymentDeclinedError, UnknownPaymentProviderError } from '../errors.js'
import { lockOrder, orderRow } from '../orders/read.js'
import { toLine, toOrderSummary, toPayment, type LineRow, type PaymentRow } from '../orders/rows.js'
import type { Order } from '../orders/schemas.js'
import { recordTimeline } from '../orders/timeline.js'
import { createPaymentLedger, lockPayment, type PaymentOutcome } from '../payments/ledger.js'
import type { AuthorizePaymentResult, PaymentProvider } from '../payments/provider.js'
import type { CartAccess, CheckoutCart } from '../carts/index.js'

export interface CheckoutPaymentInput { provider: string, data?: Record<string, unknown> }

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

  async function writeOrder (ctx: Ctx, cart: CheckoutCart, provider: PaymentProvider): Promise<{ orderId: string, paymentId: string, number: string, lines: LineRow[] }> {
    const orderId = randomUUID()
    const paymentId = randomUUID()
    const [row] = await ctx.db('orders_orders').insert({
      id: orderId,
      cart_id: cart.id,
      customer_id: cart.customerId,
      email: cart.email ?? '',
      currency: cart.currency,
      subtotal_amount: cart.totals.subtotal,
      discount_amount: cart.totals.discount,
      shipping_amount: cart.totals.shipping,
      tax_amount: cart.totals.tax,
      total_amount: cart.totals.total,
      tax_inclusive: cart.taxInclusive,
      shipping_address: cart.shippingAddress == null ? null : JSON.stringify(cart.shippingAddress),
      billing_address: JSON.stringify(cart.billingAddress ?? cart.shippingAddress ?? null),
      shipping_option: cart.shippingOption == null ? null : JSON.stringify(cart.shippingOption),
      promotions: JSON.stringify(cart.promotions),
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
    await ctx.db('orders_payments').insert({ id: paymentId, order_id: orderId, provider: provider.id, currency: cart.currency, amount: cart.totals.total })
    await recordTimeline(ctx, orderId, { kind: 'status', from: null, to: 'pending', reason: 'checkout', data: { cartId: cart.id, paymentId } })
    // All-or-nothing; a shortfall throws INVENTORY_INSUFFICIENT_STOCK and rolls back the order and the cart claim.
    await cradle.inventory.reserve(ctx, {
      owner: { type: 'order', id: orderId },
      lines: lines.map((l) => ({ variantId: l.variant_id, quantity: l.quantity, reference: l.id })),
    })
    return { orderId, paymentId, number: `${prefix}${String(row!.number)}`, lines: lines.map((l) => ({ ...l, fulfilled_quantity: 0, returned_quantity: 0 })) }
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
    async complete (ctx: Ctx, cartId: string, access: CartAccess, payment: CheckoutPaymentInput): Promise<CheckoutResult> {
      if ((ctx.db as { isTransaction?: boolean }).isTransaction === true) throw new Error('checkout must not run inside a transaction: it calls the payment gateway')
      const provider = providerFor(payment)
      // (1) the order and its reservation commit together, or not at all.
      const placed = await inTransaction(ctx, async (tx) => {
        await tx.idempotency?.claim(tx)
        const cart = await cradle.ordersCarts.beginCheckout(tx, cartId, access)
        return { ...await writeOrder(tx, cart, provider), cart }
      })
      // (2) the gateway, with no lock held; the key is ours so a retry repeats, never doubles, the call.
      const result = await authorize(ctx, provider, {
        paymentId: placed.paymentId, orderId: placed.orderId, orderNumber: placed.number, amount: placed.cart.totals.total,
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
            ? { status: 'failed', reference: result.reference, failureCode: result.failureCode ?? null, failureMessage: result.failureMessage ?? null }
            : { status: result.status, reference: result.reference, amount: result.amount, amountCaptured: result.amount }
          await ledger.apply(tx, row, paymentRow, outcome)
        }
        // A new order has no refunds, fulfilments or returns yet: two reads, not seven.
        const [fresh, freshPayment] = [await orderRow(tx, placed.orderId), (await tx.db('orders_payments').where({ id: placed.paymentId }).first()) as PaymentRow]
        const order: Order = {
          ...toOrderSummary(fresh, prefix), lines: placed.lines.map(toLine), shippingAddress: fresh.shipping_address, billingAddress: fresh.billing_address,
          shippingOption: fresh.shipping_option, promotions: fresh.promotions, payments: [toPayment(freshPayment)], refunds: [], fulfilments: [], returns: [],
        }
        const done: CheckoutResult = { order, payment: { id: placed.paymentId, provider: provider.id, status: result.status, clientSecret: result.clientSecret ?? null } }
        // The response a retry replays commits with the outcome (a decline is stored by the kernel).
        if (result.status !== 'failed') await tx.idempotency?.complete(tx, done)
        return done
      })
      if (result.status === 'failed') throw new PaymentDeclinedError(checkout.order.id, result.failureCode ?? null, result.failureMessage ?? null)
      return checkout
    },
  }
}
export type CheckoutService = ReturnType<typeof createCheckoutService>
