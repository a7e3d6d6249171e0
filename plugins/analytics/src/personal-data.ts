import type { Ctx, PersonalDataContributor } from '@comptoir/core'

const iso = (value: Date | string): string => new Date(value).toISOString()

// Every session that ever carried the customer id: events sent before signing in belong to them too.
const sessionsOf = (ctx: Ctx, customerId: string): ReturnType<Ctx['db']> =>
  ctx.db('analytics_events').distinct('session_id').where({ customer_id: customerId }).whereNot({ session_id: 'server' })

/** The customer's events (theirs and their sessions') and the orders analytics projected, as JSON. */
async function exportCustomer (ctx: Ctx, customerId: string): Promise<unknown> {
  const events = await ctx.db('analytics_events')
    .select('event_id', 'type', 'occurred_at', 'session_id', 'path', 'referrer', 'product_id', 'variant_id', 'quantity', 'search_query', 'result_count', 'filters',
      'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'order_id', 'amount', 'currency', 'ip_prefix')
    .where({ customer_id: customerId }).orWhereIn('session_id', sessionsOf(ctx, customerId))
    .orderBy([{ column: 'occurred_at' }, { column: 'event_id' }]) as Array<Record<string, unknown> & { occurred_at: Date }>
  const orders = await ctx.db('analytics_orders').select('order_id', 'currency', 'total_amount', 'placed_at', 'channel', 'first_touch', 'last_touch')
    .where({ customer_id: customerId }).orderBy('placed_at') as Array<{ order_id: string, currency: string, total_amount: string, placed_at: Date, channel: string | null, first_touch: string[] | null, last_touch: string[] | null }>
  return {
    events: events.map(({ occurred_at: occurredAt, ...rest }) => ({
      ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v != null).map(([k, v]) => [k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()), k === 'amount' ? Number(v) : v])),
      occurredAt: iso(occurredAt),
    })),
    orders: orders.map((o) => ({ orderId: o.order_id, currency: o.currency, totalAmount: Number(o.total_amount), placedAt: iso(o.placed_at), channel: o.channel, firstTouch: o.first_touch, lastTouch: o.last_touch })),
  }
}

/** Erasure: the customer's events and their sessions' are deleted; orders stay for the sales figures, without the customer. */
async function eraseCustomer (ctx: Ctx, customerId: string): Promise<void> {
  const sessions = await sessionsOf(ctx, customerId).pluck('session_id') as string[]
  await ctx.db('analytics_events').where({ customer_id: customerId }).orWhereIn('session_id', sessions).delete()
  if (sessions.length > 0) await ctx.db('analytics_event_ids').whereIn('session_id', sessions).delete()
  await ctx.db('analytics_orders').where({ customer_id: customerId }).update({ customer_id: null, session_id: null, updated_at: ctx.db.fn.now() })
}

export const analyticsPersonalData: PersonalDataContributor = { export: exportCustomer, erase: eraseCustomer }
