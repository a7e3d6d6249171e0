import type { Ctx, PersonalDataContributor } from '@comptoir/core'
import { valueOf, type ValueRow } from './services/attributes.js'
import { iso, isoOrNull } from './rows.js'

/** Every row crm holds about a customer, as JSON (GDPR export). */
async function exportCustomer (ctx: Ctx, customerId: string): Promise<unknown> {
  const profile = await ctx.db('crm_profiles').where({ customer_id: customerId }).first() as Record<string, unknown> | undefined
  const attributes = await ctx.db('crm_attribute_values as v').join('crm_attribute_definitions as d', 'd.key', 'v.key')
    .select('v.key', 'd.type', 'v.value_text', 'v.value_number', 'v.value_boolean', ctx.db.raw("to_char(v.value_date, 'YYYY-MM-DD') as value_date"))
    .where({ 'v.customer_id': customerId }).orderBy('v.key') as ValueRow[]
  const timeline = await ctx.db('crm_timeline_entries').select('source', 'type', 'channel', 'direction', 'subject', 'body', 'order_id', 'ticket_id', 'data', 'occurred_at')
    .where({ customer_id: customerId }).orderBy([{ column: 'occurred_at' }, { column: 'id' }]) as Array<Record<string, unknown> & { occurred_at: Date }>
  const tickets = await ctx.db('crm_tickets').select('id', 'subject', 'description', 'status', 'priority', 'order_id', 'created_at', 'resolved_at', 'closed_at')
    .where({ customer_id: customerId }).orderBy('created_at') as Array<Record<string, unknown> & { created_at: Date, resolved_at: Date | null, closed_at: Date | null }>
  const tasks = await ctx.db('crm_tasks').select('title', 'notes', 'status', 'due_at', 'completed_at').where({ customer_id: customerId }).orderBy('due_at') as Array<Record<string, unknown> & { due_at: Date, completed_at: Date | null }>
  const segments = await ctx.db('crm_segment_members as m').join('crm_segments as s', 's.id', 'm.segment_id').select('s.name', 'm.joined_at')
    .where({ 'm.customer_id': customerId }).orderBy('s.name') as Array<{ name: string, joined_at: Date }>
  const tags = await ctx.db('crm_tags').where({ customer_id: customerId }).orderBy('tag').pluck('tag') as string[]
  return {
    profile: profile == null
      ? null
      : {
          marketingConsent: profile.marketing_consent, country: profile.country,
          rfm: { recency: profile.rfm_recency, frequency: profile.rfm_frequency, monetary: profile.rfm_monetary },
          engagementScore: profile.engagement_score,
        },
    tags,
    attributes: Object.fromEntries(attributes.map((row) => [row.key, valueOf(row)])),
    timeline: timeline.map(({ order_id: orderId, ticket_id: ticketId, occurred_at: occurredAt, data, ...rest }) => ({
      ...rest, orderId, ticketId, data: typeof data === 'string' ? JSON.parse(data) as unknown : data, occurredAt: iso(occurredAt),
    })),
    tickets: tickets.map((t) => ({
      id: t.id, subject: t.subject, description: t.description, status: t.status, priority: t.priority, orderId: t.order_id,
      createdAt: iso(t.created_at), resolvedAt: isoOrNull(t.resolved_at), closedAt: isoOrNull(t.closed_at),
    })),
    tasks: tasks.map((t) => ({ title: t.title, notes: t.notes, status: t.status, dueAt: iso(t.due_at), completedAt: isoOrNull(t.completed_at) })),
    segments: segments.map((s) => ({ name: s.name, joinedAt: iso(s.joined_at) })),
  }
}

/**
 * Erasure: staff notes, tags, attributes, tasks, segment memberships and the profile are deleted;
 * tickets and the order projection are kept for reporting under the pseudonym, their text removed.
 */
async function eraseCustomer (ctx: Ctx, customerId: string, pseudonym: string): Promise<void> {
  const ticketIds = ctx.db('crm_tickets').select('id').where({ customer_id: customerId })
  await ctx.db('crm_tasks').where({ customer_id: customerId }).orWhereIn('ticket_id', ticketIds).delete()
  await ctx.db('crm_tickets').where({ customer_id: customerId })
    .update({ customer_id: null, customer_pseudonym: pseudonym, subject: '[erased]', description: null, updated_at: ctx.db.fn.now() })
  await ctx.db('crm_orders').where({ customer_id: customerId }).update({ customer_id: null, customer_pseudonym: pseudonym, updated_at: ctx.db.fn.now() })
  for (const table of ['crm_timeline_entries', 'crm_tags', 'crm_attribute_values', 'crm_segment_members', 'crm_profiles']) {
    await ctx.db(table).where({ customer_id: customerId }).delete()
  }
}

export const crmPersonalData: PersonalDataContributor = { export: exportCustomer, erase: eraseCustomer }
