import { defineJob } from '@comptoir/core'
import { StripeRequestRefusedError } from '../errors.js'

/**
 * `payments-stripe.delete-stripe-customers` (every 10 minutes): deletes at Stripe the Customers
 * of erased customers, queued by the GDPR erase. A Customer already gone counts as deleted.
 */
export const deleteStripeCustomers = defineJob({
  schedule: { cron: '*/10 * * * *' },
  handler: async (ctx, _payload, job) => {
    const { paymentsStripeClient: client } = job.services
    if (!client.configured) return { deleted: 0 }
    const rows = await ctx.db('payments_stripe_customer_deletions').select('stripe_customer_id').orderBy('requested_at').limit(100) as Array<{ stripe_customer_id: string }>
    for (const { stripe_customer_id: id } of rows) {
      try {
        await client.call(async (stripe) => await stripe.customers.del(id))
      } catch (error) {
        if (!(error instanceof StripeRequestRefusedError) || error.extensions.stripeCode !== 'resource_missing') throw error
      }
      await ctx.db('payments_stripe_customer_deletions').where({ stripe_customer_id: id }).delete()
    }
    return { deleted: rows.length }
  },
})
