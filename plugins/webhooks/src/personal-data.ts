import type { PersonalDataContributor } from '@comptoir/core'

// Event payloads carry ids, never names or emails (the events rule); a customer's id in a stored
// payload is what links a delivery to them. Customer ids are uuids, so a text match is exact enough.
const naming = (customerId: string) => ['payload::text like ?', [`%${customerId}%`]] as const

/** Deliveries whose payload names the customer: exported by event, erased by dropping the payload (never replayed). */
export const webhooksPersonalData: PersonalDataContributor = {
  async export (ctx, customerId) {
    const rows = await ctx.db('webhooks_deliveries').select('event_id', 'event_name', 'occurred_at', 'endpoint_id')
      .whereRaw(...naming(customerId)).whereNull('erased_at').orderBy('occurred_at').limit(10_000) as Array<{ event_id: string, event_name: string, occurred_at: Date | string, endpoint_id: string }>
    return { deliveries: rows.map((r) => ({ eventId: r.event_id, eventName: r.event_name, occurredAt: new Date(r.occurred_at).toISOString(), endpointId: r.endpoint_id })) }
  },
  async erase (ctx, customerId) {
    await ctx.db('webhooks_deliveries').whereRaw(...naming(customerId)).whereNull('erased_at')
      .update({ payload: null, erased_at: ctx.db.fn.now(), status: ctx.db.raw("case when status = 'pending' then 'failed' else status end") })
  },
}
