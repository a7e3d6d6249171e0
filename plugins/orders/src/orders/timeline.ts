import type { Ctx } from '@comptoir/core'

export interface TimelineInput {
  kind: 'status' | 'payment' | 'fulfilment' | 'shipment' | 'return' | 'refund' | 'dispute' | 'note' | 'message' | 'hold'
  from?: string | null
  to?: string | null
  reason?: string | null
  body?: string | null
  channel?: 'email' | 'phone' | 'chat' | 'note' | null
  visibility?: 'internal' | 'customer'
  author?: string | null
  data?: Record<string, unknown> | null
}

/** Appends one entry to the order's timeline, inside the caller's transaction, attributed to ctx's actor. */
export async function recordTimeline (ctx: Ctx, orderId: string, entry: TimelineInput): Promise<string> {
  const [row] = await ctx.db('orders_timeline').insert({
    order_id: orderId,
    kind: entry.kind,
    actor_type: ctx.actor?.type ?? 'system',
    actor_id: ctx.actor?.id ?? 'system',
    from_status: entry.from ?? null,
    to_status: entry.to ?? null,
    reason: entry.reason ?? null,
    body: entry.body ?? null,
    channel: entry.channel ?? null,
    visibility: entry.visibility ?? 'internal',
    author: entry.author ?? null,
    data: entry.data == null ? null : JSON.stringify(entry.data),
  }).returning('id') as Array<{ id: string }>
  return row!.id
}
