import type { Ctx, PersonalDataContributor } from '@comptoir/core'

/** Every row recommendations holds about a customer: purchases it learnt from, consent, personal picks. */
async function exportCustomer (ctx: Ctx, customerId: string): Promise<unknown> {
  const interactions = await ctx.db('recommendations_interactions').select('product_id', 'kind', 'order_id', 'quantity', 'occurred_at')
    .where({ customer_id: customerId }).orderBy([{ column: 'occurred_at' }, { column: 'id' }]) as Array<{ product_id: string, kind: string, order_id: string | null, quantity: number, occurred_at: Date | string }>
  const consent = await ctx.db('recommendations_consents').where({ customer_id: customerId }).first('profiling') as { profiling: boolean } | undefined
  const picks = await ctx.db('recommendations_for_you').where({ customer_id: customerId }).orderBy([{ column: 'score', order: 'desc' }, { column: 'product_id' }])
    .select('product_id', 'score') as Array<{ product_id: string, score: number }>
  return {
    interactions: interactions.map((i) => ({ productId: i.product_id, kind: i.kind, orderId: i.order_id, quantity: i.quantity, occurredAt: new Date(i.occurred_at).toISOString() })),
    profilingConsent: consent?.profiling ?? null,
    personalPicks: picks.map((p) => ({ productId: p.product_id, score: Number(p.score) })),
  }
}

/**
 * Erasure deletes the customer's personal picks, consent, views and add-to-carts; their purchases stay as anonymous
 * order baskets (no customer id), which is what bought-together and trending learn from.
 */
async function eraseCustomer (ctx: Ctx, customerId: string): Promise<void> {
  await ctx.db('recommendations_for_you').where({ customer_id: customerId }).delete()
  await ctx.db('recommendations_consents').where({ customer_id: customerId }).delete()
  // Views and add-to-carts of every session that carried the customer id go too (those sent before signing in included).
  const sessions = await ctx.db('recommendations_interactions').distinct('session_id').where({ customer_id: customerId }).whereNotNull('session_id') as Array<{ session_id: string }>
  if (sessions.length > 0) await ctx.db('recommendations_interactions').whereIn('session_id', sessions.map((s) => s.session_id)).whereNot({ kind: 'purchase' }).delete()
  await ctx.db('recommendations_interactions').where({ customer_id: customerId, kind: 'purchase' }).whereNotNull('order_id').update({ customer_id: null })
  await ctx.db('recommendations_interactions').where({ customer_id: customerId }).delete()
}

export const recommendationsPersonalData: PersonalDataContributor = { export: exportCustomer, erase: eraseCustomer }
