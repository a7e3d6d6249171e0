import type { Cradle, Ctx, PluginScope } from '@comptoir/core'
import type { CrmConfig } from '../config.js'

function countOf (result: unknown): number {
  return (result as { rowCount?: number | null }).rowCount ?? 0
}

/**
 * RFM quintiles and the engagement score, each one set-wise UPDATE over every profile (no row
 * goes through JavaScript). Run by the crm.compute-rfm and crm.compute-engagement jobs.
 */
export function createScoreService (_cradle: Cradle, { config }: PluginScope<CrmConfig>) {
  return {
    /**
     * Recency (latest order), frequency (order count) and monetary (net spend in `rfmCurrency`)
     * as quintiles 1–5 (5 best) over customers with at least one live order; ties break by
     * customer id, so every customer lands in exactly one cell. Customers without orders get none.
     */
    async computeRfm (ctx: Ctx): Promise<{ scored: number, cleared: number }> {
      const scored = await ctx.db.raw(`
        with stats as (
          select customer_id, max(placed_at) as last_at, count(*) as n,
                 coalesce(sum(total_amount - refunded_amount) filter (where currency = ?), 0) as spent
          from crm_orders where status <> 'cancelled' and customer_id is not null group by customer_id
        ), scored as (
          select customer_id,
                 ntile(5) over (order by last_at, customer_id) as r,
                 ntile(5) over (order by n, customer_id) as f,
                 ntile(5) over (order by spent, customer_id) as m
          from stats
        )
        update crm_profiles p set rfm_recency = s.r, rfm_frequency = s.f, rfm_monetary = s.m, rfm_computed_at = now(), updated_at = now()
        from scored s where s.customer_id = p.customer_id`, [config.rfmCurrency])
      const cleared = await ctx.db.raw(`
        update crm_profiles p set rfm_recency = null, rfm_frequency = null, rfm_monetary = null, rfm_computed_at = now(), updated_at = now()
        where p.rfm_recency is not null
          and not exists (select 1 from crm_orders o where o.customer_id = p.customer_id and o.status <> 'cancelled')`)
      return { scored: countOf(scored), cleared: countOf(cleared) }
    },

    /**
     * Engagement 0–100 as the sum of its factors, each kept in `engagement_factors`:
     * recency 0–40 (linear over `engagementHorizonDays` since the last order), frequency 0–20
     * (2 per order up to 10), monetary 0–20 (4 per RFM monetary point) and interactions 0–20
     * (4 per staff interaction or ticket in the last 90 days, up to 5).
     */
    async computeEngagement (ctx: Ctx): Promise<{ scored: number }> {
      const result = await ctx.db.raw(`
        with stats as (
          select customer_id, max(placed_at) as last_at, count(*) as n
          from crm_orders where status <> 'cancelled' and customer_id is not null group by customer_id
        ), touches as (
          select customer_id, count(*) as k from crm_timeline_entries
          where (source = 'staff' or type = 'ticket.opened') and occurred_at > now() - interval '90 days' group by customer_id
        ), factors as (
          select p.customer_id,
                 case when s.last_at is null then 0
                      else least(40, greatest(0, round(40 * (1 - extract(epoch from (now() - s.last_at)) / 86400.0 / ?))))::int end as recency,
                 (2 * least(coalesce(s.n, 0), 10))::int as frequency,
                 (4 * coalesce(p.rfm_monetary, 0))::int as monetary,
                 (4 * least(coalesce(t.k, 0), 5))::int as interactions
          from crm_profiles p left join stats s on s.customer_id = p.customer_id left join touches t on t.customer_id = p.customer_id
        )
        update crm_profiles p set
          engagement_score = f.recency + f.frequency + f.monetary + f.interactions,
          engagement_factors = jsonb_build_object('recency', f.recency, 'frequency', f.frequency, 'monetary', f.monetary, 'interactions', f.interactions),
          engagement_computed_at = now(), updated_at = now()
        from factors f where f.customer_id = p.customer_id`, [config.engagementHorizonDays])
      return { scored: countOf(result) }
    },
  }
}

export type ScoreService = ReturnType<typeof createScoreService>
