import { isUniqueViolation, type Cradle, type Ctx } from '@comptoir/core'
import type Stripe from 'stripe'
import { SavedPaymentMethodNotFoundError } from '../errors.js'
import type { SavedPaymentMethod, SavePaymentMethodInput, SetupResult } from '../schemas.js'
import { idOf } from './event-facts.js'

export function toSavedPaymentMethod (pm: Stripe.PaymentMethod): SavedPaymentMethod {
  return { id: pm.id, type: pm.type, brand: pm.card?.brand ?? null, last4: pm.card?.last4 ?? null, expMonth: pm.card?.exp_month ?? null, expYear: pm.card?.exp_year ?? null }
}

/**
 * Saved payment methods: each customer gets one Stripe Customer (we keep only the reference),
 * cards live at Stripe and are listed, saved (SetupIntent) and removed through it.
 */
export function createWalletService ({ paymentsStripeClient: client }: Cradle) {
  async function stripeCustomerOf (ctx: Ctx, customerId: string): Promise<string | null> {
    const row = await ctx.db('payments_stripe_customers').select('stripe_customer_id').where({ customer_id: customerId }).first() as { stripe_customer_id: string } | undefined
    return row?.stripe_customer_id ?? null
  }

  async function ensureCustomer (ctx: Ctx, customerId: string): Promise<string> {
    const known = await stripeCustomerOf(ctx, customerId)
    if (known != null) return known
    // The key makes two concurrent first saves create one Stripe Customer; no personal data is sent.
    const created = await client.call(async (stripe) => await stripe.customers.create({ metadata: { customer_id: customerId } }, { idempotencyKey: `payments-stripe:customer:${customerId}` }))
    try {
      await ctx.db('payments_stripe_customers').insert({ customer_id: customerId, stripe_customer_id: created.id }).onConflict('customer_id').ignore()
    } catch (error) {
      if (!isUniqueViolation(error)) throw error
    }
    return await stripeCustomerOf(ctx, customerId) ?? created.id
  }

  async function ownedPaymentMethod (ctx: Ctx, customerId: string, paymentMethodId: string): Promise<Stripe.PaymentMethod> {
    const stripeCustomer = await stripeCustomerOf(ctx, customerId)
    if (stripeCustomer == null) throw new SavedPaymentMethodNotFoundError(paymentMethodId)
    let pm: Stripe.PaymentMethod
    try {
      pm = await client.call(async (stripe) => await stripe.paymentMethods.retrieve(paymentMethodId))
    } catch {
      throw new SavedPaymentMethodNotFoundError(paymentMethodId)
    }
    if (idOf(pm.customer) !== stripeCustomer) throw new SavedPaymentMethodNotFoundError(paymentMethodId)
    return pm
  }

  return {
    stripeCustomerOf,
    ensureCustomer,

    /** The customer's saved cards (none before the first save: no Stripe call then). */
    async list (ctx: Ctx, customerId: string): Promise<SavedPaymentMethod[]> {
      const stripeCustomer = await stripeCustomerOf(ctx, customerId)
      if (stripeCustomer == null) return []
      const methods = await client.call(async (stripe) => await stripe.customers.listPaymentMethods(stripeCustomer, { limit: 100 }).autoPagingToArray({ limit: 1000 }))
      return methods.map(toSavedPaymentMethod)
    },

    /**
     * Starts saving a card with a SetupIntent: confirmed at once when the storefront already has a
     * PaymentMethod id, else its client secret lets Stripe.js collect and confirm the card.
     */
    async save (ctx: Ctx, customerId: string, input: SavePaymentMethodInput): Promise<SetupResult> {
      const customer = await ensureCustomer(ctx, customerId)
      const si = await client.call(async (stripe) => await stripe.setupIntents.create({
        customer,
        usage: 'off_session',
        automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
        metadata: { customer_id: customerId },
        expand: ['payment_method'],
        ...(input.paymentMethod != null ? { payment_method: input.paymentMethod, confirm: true } : {}),
      }, input.paymentMethod != null ? { idempotencyKey: `payments-stripe:setup:${customerId}:${input.paymentMethod}` } : {}))
      const pm = si.payment_method != null && typeof si.payment_method === 'object' ? toSavedPaymentMethod(si.payment_method) : null
      return { setupIntentId: si.id, status: si.status, clientSecret: si.status === 'succeeded' ? null : si.client_secret, paymentMethod: si.status === 'succeeded' ? pm : null }
    },

    /** Detaches one of the customer's saved cards; someone else's is a 404. */
    async remove (ctx: Ctx, customerId: string, paymentMethodId: string): Promise<void> {
      await ownedPaymentMethod(ctx, customerId, paymentMethodId)
      await client.call(async (stripe) => await stripe.paymentMethods.detach(paymentMethodId))
    },

    /** Forgets the link (GDPR erase); the Stripe Customer itself is deleted by a job after commit. */
    async forget (ctx: Ctx, customerId: string): Promise<string | null> {
      const stripeCustomer = await stripeCustomerOf(ctx, customerId)
      if (stripeCustomer != null) await ctx.db('payments_stripe_customers').where({ customer_id: customerId }).delete()
      return stripeCustomer
    },
  }
}

export type WalletService = ReturnType<typeof createWalletService>
