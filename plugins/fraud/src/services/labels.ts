import type { Cradle, Ctx, PluginScope } from '@comptoir/core'
import type { FraudConfig } from '../config.js'
import { effectiveRules, ruleIds, type RuleSettings } from '../rules/catalog.js'
import type { RuleReport } from '../schemas.js'

export type Label = 'fraud' | 'legit'
export type LabelSource = 'dispute' | 'chargeback' | 'manual_rejection' | 'manual_approval'

/** Outcome labels (disputes, chargebacks, review decisions) and the rule report measured against them. */
export function createLabelsService (cradle: Cradle, _scope: PluginScope<FraudConfig>) {
  return {
    /** Records a label once per (order, source); a repeat (redelivered event) changes nothing and returns false. */
    async record (ctx: Ctx, orderId: string, label: Label, source: LabelSource, eventId: string | null = null): Promise<boolean> {
      const inserted = await ctx.db('fraud_labels').insert({ order_id: orderId, label, source, event_id: eventId })
        .onConflict(['order_id', 'source']).ignore().returning('id') as unknown[]
      if (inserted.length === 0) return false
      await cradle.events.emit(ctx, 'fraud.label.recorded', { orderId, label, source })
      return true
    },

    /** Withdraws a label (a dispute the merchant won is no longer evidence of fraud). */
    async withdraw (ctx: Ctx, orderId: string, source: LabelSource): Promise<void> {
      await ctx.db('fraud_labels').where({ order_id: orderId, source }).delete()
    },

    /**
     * Per rule, over the assessments of the last `days`: hits, hit rate, and precision against
     * outcome labels (an order with any fraud label counts as fraud, even if approved before).
     */
    async report (ctx: Ctx, days: number): Promise<RuleReport> {
      const since = new Date(Date.now() - days * 86_400_000)
      const labels = ctx.db('fraud_labels').select('order_id', ctx.db.raw("bool_or(label = 'fraud') as fraud")).groupBy('order_id').as('l')
      const perRule = await ctx.db('fraud_assessments as a')
        .joinRaw('cross join lateral jsonb_array_elements(a.reasons) as r(reason)')
        .leftJoin(labels, 'l.order_id', 'a.order_id')
        .where('a.created_at', '>=', since)
        .select(ctx.db.raw("r.reason->>'rule' as rule"), ctx.db.raw('count(*) as hits'), ctx.db.raw('count(l.order_id) as labelled'), ctx.db.raw('count(*) filter (where l.fraud) as fraud'))
        .groupByRaw("r.reason->>'rule'") as Array<{ rule: string, hits: string | number, labelled: string | number, fraud: string | number }>
      const totals = await ctx.db('fraud_assessments as a').leftJoin(labels, 'l.order_id', 'a.order_id').where('a.created_at', '>=', since)
        .select(ctx.db.raw('count(*) as assessed'), ctx.db.raw('count(l.order_id) as labelled'), ctx.db.raw('count(*) filter (where l.fraud) as fraud')).first() as { assessed: string | number, labelled: string | number, fraud: string | number }
      const settings = await cradle.settings.get<RuleSettings>(ctx, 'fraud', 'rules')
      const rules = effectiveRules(settings ?? {})
      const assessed = Number(totals.assessed)
      return {
        since: since.toISOString(), assessed, labelled: Number(totals.labelled), fraudLabelled: Number(totals.fraud), nextCursor: null,
        items: ruleIds.map((id) => {
          const row = perRule.find((r) => r.rule === id)
          const hits = Number(row?.hits ?? 0)
          const labelled = Number(row?.labelled ?? 0)
          const fraud = Number(row?.fraud ?? 0)
          return { id, enabled: rules[id].enabled, weight: rules[id].weight, hits, hitRate: assessed === 0 ? 0 : hits / assessed, labelledHits: labelled, fraudHits: fraud, precision: labelled === 0 ? null : fraud / labelled }
        }),
      }
    },
  }
}
export type LabelsService = ReturnType<typeof createLabelsService>
