import type { Ctx } from '@comptoir/core'

/** Makes sure crm has a profile row for each customer: the universe segments are evaluated over. */
export async function ensureProfiles (ctx: Ctx, customerIds: readonly string[]): Promise<void> {
  if (customerIds.length === 0) return
  await ctx.db('crm_profiles').insert(customerIds.map((id) => ({ customer_id: id }))).onConflict('customer_id').ignore()
}

/**
 * Claims an event for one subscriber: true the first time, false on a redelivery (the primary
 * key decides, so two concurrent deliveries cannot both apply it).
 */
export async function claimEvent (ctx: Ctx, eventId: string, subscriber: string): Promise<boolean> {
  const rows = await ctx.db('crm_applied_events').insert({ event_id: eventId, subscriber })
    .onConflict(['event_id', 'subscriber']).ignore().returning('event_id') as unknown[]
  return rows.length > 0
}
