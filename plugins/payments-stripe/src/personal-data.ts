import type { PersonalDataContributor } from '@comptoir/core'

/**
 * What this plugin holds about a customer: the reference to their Stripe Customer. The ledger
 * keeps order ids and amounts only (financial records), so it needs no erasure.
 */
export const paymentsStripePersonalData: PersonalDataContributor = {
  async export (ctx, customerId) {
    const row = await ctx.db('payments_stripe_customers').select('stripe_customer_id', 'created_at').where({ customer_id: customerId }).first() as { stripe_customer_id: string, created_at: Date } | undefined
    return { stripeCustomer: row != null ? { id: row.stripe_customer_id, linkedAt: new Date(row.created_at).toISOString() } : null }
  },
  async erase (ctx, customerId) {
    const rows = await ctx.db('payments_stripe_customers').where({ customer_id: customerId }).delete().returning('stripe_customer_id') as Array<{ stripe_customer_id: string }>
    // No network call inside the erase transaction: `payments-stripe.delete-stripe-customers`
    // deletes the Stripe Customer (and its saved cards) after commit.
    for (const row of rows) {
      await ctx.db('payments_stripe_customer_deletions').insert({ stripe_customer_id: row.stripe_customer_id }).onConflict('stripe_customer_id').ignore()
    }
  },
}
