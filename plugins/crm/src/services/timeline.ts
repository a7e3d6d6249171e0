import { inTransaction, keysetPage, type Cradle, type Ctx, type PageOf } from '@comptoir/core'
import { iso, toMillis } from '../rows.js'
import type { InteractionInput, TimelineEntry, TimelineQuery } from '../schemas/index.js'
import { checkCustomer } from './lookups.js'
import { ensureProfiles } from './profile-rows.js'

interface EntryRow {
  id: string
  customer_id: string
  source: 'staff' | 'system'
  type: string
  channel: string | null
  direction: string | null
  subject: string | null
  body: string | null
  author_type: string | null
  author_id: string | null
  order_id: string | null
  ticket_id: string | null
  data: Record<string, unknown> | string
  occurred_at: Date
}

const columns = ['id', 'customer_id', 'source', 'type', 'channel', 'direction', 'subject', 'body', 'author_type', 'author_id', 'order_id', 'ticket_id', 'data', 'occurred_at']

function toEntry (row: EntryRow): TimelineEntry {
  return {
    id: row.id, customerId: row.customer_id, source: row.source, type: row.type, channel: row.channel, direction: row.direction,
    subject: row.subject, body: row.body,
    author: row.author_type == null || row.author_id == null ? null : { type: row.author_type, id: row.author_id },
    orderId: row.order_id, ticketId: row.ticket_id,
    data: typeof row.data === 'string' ? JSON.parse(row.data) as Record<string, unknown> : row.data,
    occurredAt: iso(row.occurred_at),
  }
}

/** What the store (a subscriber, a ticket change) records on a customer's timeline. */
export interface SystemEntry {
  customerId: string
  type: string
  orderId?: string | null
  ticketId?: string | null
  subject?: string | null
  body?: string | null
  data?: Record<string, unknown>
  /** The event it comes from: a redelivery of the same event records nothing. */
  sourceEventId?: string
  occurredAt?: string
  author?: { type: string, id: string } | null
}

/** A customer's timeline: staff interactions merged with what the store recorded, newest first. */
export function createTimelineService ({ customers }: Cradle) {
  return {
    /** Records a staff interaction (note, call, email, meeting, chat); the author is the acting admin. */
    async addInteraction (ctx: Ctx, customerId: string, input: InteractionInput): Promise<TimelineEntry> {
      await checkCustomer(customers, ctx, customerId)
      return await inTransaction(ctx, async (tx) => {
        await ensureProfiles(tx, [customerId])
        const [row] = await tx.db('crm_timeline_entries').insert({
          customer_id: customerId, source: 'staff', type: input.type, channel: input.channel ?? null, direction: input.direction ?? null,
          subject: input.subject ?? null, body: input.body, author_type: ctx.actor?.type ?? null, author_id: ctx.actor?.id ?? null,
          order_id: input.orderId ?? null, occurred_at: toMillis(input.occurredAt),
        }).returning(columns) as EntryRow[]
        return toEntry(row!)
      })
    },

    /** Records a system entry; true when written, false when its source event was already recorded. */
    async record (ctx: Ctx, entry: SystemEntry): Promise<boolean> {
      await ensureProfiles(ctx, [entry.customerId])
      const rows = await ctx.db('crm_timeline_entries').insert({
        customer_id: entry.customerId, source: 'system', type: entry.type, order_id: entry.orderId ?? null, ticket_id: entry.ticketId ?? null,
        subject: entry.subject ?? null, body: entry.body ?? null, data: JSON.stringify(entry.data ?? {}),
        author_type: entry.author?.type ?? null, author_id: entry.author?.id ?? null,
        source_event_id: entry.sourceEventId ?? null, occurred_at: toMillis(entry.occurredAt),
      }).onConflict('source_event_id').ignore().returning('id') as Array<{ id: string }>
      return rows.length > 0
    },

    /** One page of a customer's timeline, newest first (`source` narrows to staff or system entries). */
    async list (ctx: Ctx, customerId: string, query: TimelineQuery): Promise<PageOf<TimelineEntry>> {
      const base = ctx.db('crm_timeline_entries').select(columns).where({ customer_id: customerId })
      if (query.source != null) base.andWhere({ source: query.source })
      const page = await keysetPage<EntryRow>(base, query, {
        list: `crm.timeline.${customerId}`,
        columns: ['occurred_at', 'id'],
        direction: 'desc',
        keyOf: (row) => [iso(row.occurred_at), row.id],
      })
      // Entries prove the customer exists; only an empty first page asks customers (404 for an unknown id).
      if (page.items.length === 0 && query.cursor == null) await customers.get(ctx, customerId)
      return { items: page.items.map(toEntry), nextCursor: page.nextCursor }
    },
  }
}

export type TimelineService = ReturnType<typeof createTimelineService>
