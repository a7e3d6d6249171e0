import { inTransaction, type Cradle, type Ctx } from '@comptoir/core'
import { isoOrNull } from '../rows.js'
import type { CrmProfile } from '../schemas/index.js'
import { checkCustomer } from './lookups.js'
import { ensureProfiles } from './profile-rows.js'

interface ProfileRow {
  customer_id: string
  marketing_consent: boolean
  group_ids: string[]
  country: string | null
  rfm_recency: number | null
  rfm_frequency: number | null
  rfm_monetary: number | null
  rfm_computed_at: Date | null
  engagement_score: number | null
  engagement_factors: Record<string, number> | string | null
  engagement_computed_at: Date | null
}

interface SpendRow { currency: string, order_count: string | number, spent: string | number, first_at: Date, last_at: Date }

/** crm's view of one customer (`crm`): tags, attributes, order figures, RFM and engagement. */
export function createProfileService ({ customers, crmAttributes }: Cradle) {
  return {
    /** Everything crm derives about a customer; a customer crm never heard of has an empty profile. */
    async get (ctx: Ctx, customerId: string): Promise<CrmProfile> {
      await customers.get(ctx, customerId)
      const row = await ctx.db('crm_profiles').where({ customer_id: customerId }).first() as ProfileRow | undefined
      const tags = await ctx.db('crm_tags').where({ customer_id: customerId }).orderBy('tag').pluck('tag') as string[]
      const spend = await ctx.db('crm_orders').where({ customer_id: customerId }).whereNot({ status: 'cancelled' })
        .groupBy('currency').orderBy('currency')
        .select('currency', ctx.db.raw('count(*) as order_count'), ctx.db.raw('sum(total_amount - refunded_amount) as spent'),
          ctx.db.raw('min(placed_at) as first_at'), ctx.db.raw('max(placed_at) as last_at')) as SpendRow[]
      const firsts = spend.map((s) => new Date(s.first_at).getTime())
      const lasts = spend.map((s) => new Date(s.last_at).getTime())
      const factors = row?.engagement_factors
      return {
        customerId,
        tags,
        attributes: await crmAttributes.valuesOf(ctx, customerId),
        marketingConsent: row?.marketing_consent ?? false,
        groupIds: row?.group_ids ?? [],
        country: row?.country ?? null,
        orderCount: spend.reduce((n, s) => n + Number(s.order_count), 0),
        firstOrderAt: firsts.length > 0 ? new Date(Math.min(...firsts)).toISOString() : null,
        lastOrderAt: lasts.length > 0 ? new Date(Math.max(...lasts)).toISOString() : null,
        spend: spend.map((s) => ({
          currency: s.currency, orderCount: Number(s.order_count), totalSpentAmount: Number(s.spent),
          averageOrderAmount: Math.round(Number(s.spent) / Number(s.order_count)),
        })),
        rfm: { recency: row?.rfm_recency ?? null, frequency: row?.rfm_frequency ?? null, monetary: row?.rfm_monetary ?? null, computedAt: isoOrNull(row?.rfm_computed_at) },
        engagement: {
          score: row?.engagement_score ?? null,
          factors: factors == null ? null : typeof factors === 'string' ? JSON.parse(factors) as Record<string, number> : factors,
          computedAt: isoOrNull(row?.engagement_computed_at),
        },
      }
    },

    /** Tags a customer (no-op when already tagged). */
    async addTag (ctx: Ctx, customerId: string, tag: string): Promise<void> {
      await checkCustomer(customers, ctx, customerId)
      await inTransaction(ctx, async (tx) => {
        await ensureProfiles(tx, [customerId])
        await tx.db('crm_tags').insert({ customer_id: customerId, tag }).onConflict(['customer_id', 'tag']).ignore()
      })
    },

    async removeTag (ctx: Ctx, customerId: string, tag: string): Promise<void> {
      await ctx.db('crm_tags').where({ customer_id: customerId, tag }).delete()
    },
  }
}

export type ProfileService = ReturnType<typeof createProfileService>
