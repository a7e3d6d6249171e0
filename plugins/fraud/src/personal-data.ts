import type { Ctx, PersonalDataContributor } from '@comptoir/core'

/**
 * GDPR. Export: every assessment of the customer (score, decision, reasons, review) and their
 * outcome labels. Erasure pseudonymises: the email and customer id go, while the keyed hashes
 * (email, IP, device, card), scores, reasons and labels stay, as fraud prevention is a legitimate
 * interest (GDPR art. 6(1)(f), recital 47) and a returning fraudster must still match. IPs and
 * devices were never stored in clear.
 */
export const fraudPersonalData: PersonalDataContributor = {
  async export (ctx: Ctx, customerId: string) {
    const rows = await ctx.db('fraud_assessments').select('order_id', 'order_number', 'email', 'currency', 'total_amount', 'score', 'decision', 'status', 'reasons', 'review_note', 'reviewed_at', 'created_at')
      .where({ customer_id: customerId }).orderBy('created_at') as Array<Record<string, unknown> & { order_id: string | null, created_at: Date, reviewed_at: Date | null }>
    const orderIds = rows.map((r) => r.order_id).filter((id): id is string => id != null)
    const labels = orderIds.length === 0 ? [] : await ctx.db('fraud_labels').select('order_id', 'label', 'source', 'created_at').whereIn('order_id', orderIds).orderBy('created_at') as Array<{ order_id: string, label: string, source: string, created_at: Date }>
    return {
      assessments: rows.map((r) => ({
        orderId: r.order_id, orderNumber: r.order_number, email: r.email, currency: r.currency, totalAmount: Number(r.total_amount), score: r.score,
        decision: r.decision, status: r.status, reasons: r.reasons, reviewNote: r.review_note,
        reviewedAt: r.reviewed_at == null ? null : new Date(r.reviewed_at).toISOString(), createdAt: new Date(r.created_at).toISOString(),
      })),
      labels: labels.map((l) => ({ orderId: l.order_id, label: l.label, source: l.source, createdAt: new Date(l.created_at).toISOString() })),
    }
  },

  async erase (ctx: Ctx, customerId: string, pseudonym: string) {
    const emails = await ctx.db('fraud_assessments').where({ customer_id: customerId }).whereNotNull('email').distinct('email').pluck('email') as string[]
    await ctx.db('fraud_assessments').where({ customer_id: customerId })
      .update({ customer_id: null, customer_pseudonym: pseudonym, email: null, review_note: null, updated_at: ctx.db.fn.now() })
    // A block-list entry naming the person keeps matching by hash; its readable value goes.
    if (emails.length > 0) await ctx.db('fraud_block_list').where({ kind: 'email' }).whereIn('value', emails).update({ value: `[erased ${pseudonym}]` })
  },
}
