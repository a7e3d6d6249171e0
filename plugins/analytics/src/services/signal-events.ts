import { inTransaction, type Cradle, type Ctx } from '@comptoir/core'
import type { AnalyticsConfig } from '../config.js'

/** The cursor's name in analytics_sink_cursors: the kernel's event bus is shipped to like a sink. */
export const signalCursor = '(kernel events)'

interface SignalRow {
  event_id: string, type: 'product_view' | 'add_to_cart', session_id: string, customer_id: string | null, product_id: string,
  variant_id: string | null, quantity: number | null, occurred_at: Date, received_at_text: string
}

/**
 * Emits the product views and add-to-carts stored since the last run as kernel events
 * (`analytics.products.viewed`, `analytics.products.added-to-cart`), one per session, customer and
 * up to 500 items, each page in one transaction with the cursor: emitted exactly once, and the
 * ingestion path never writes the outbox (it stays one statement per batch).
 */
export async function emitSignalEvents (ctx: Ctx, { events }: Pick<Cradle, 'events'>, config: AnalyticsConfig, pageSize = 5000, maxPages = 100): Promise<number> {
  let emitted = 0
  for (let page = 0; page < maxPages; page++) {
    const rows = await inTransaction(ctx, async (tx) => {
      const cursor = await tx.db('analytics_sink_cursors').where({ sink: signalCursor }).forUpdate()
        .first(tx.db.raw('received_at::text as received_at'), 'event_id') as { received_at: string, event_id: string } | undefined
      // occurred_at is clamped to at most maxEventAgeHours before received_at: that bound lets the BRIN index skip old blocks.
      const query = tx.db('analytics_events')
        .select('event_id', 'type', 'session_id', 'customer_id', 'product_id', 'variant_id', 'quantity', 'occurred_at', tx.db.raw('received_at::text as received_at_text'))
        .whereIn('type', ['product_view', 'add_to_cart'])
        .whereRaw('received_at < now() - make_interval(secs => ?)', [config.sinkLagSeconds])
        .orderBy([{ column: 'received_at' }, { column: 'event_id' }]).limit(pageSize)
      if (cursor != null) {
        void query.whereRaw('(received_at, event_id) > (?::timestamptz, ?::uuid)', [cursor.received_at, cursor.event_id])
          .whereRaw('occurred_at >= ?::timestamptz - make_interval(hours => ?)', [cursor.received_at, config.maxEventAgeHours + 1])
      } else {
        // First run: the last hour (events before the plugin emitted anything are not replayed).
        void query.whereRaw("received_at > now() - interval '1 hour'").whereRaw('occurred_at >= now() - make_interval(hours => ?)', [config.maxEventAgeHours + 2])
      }
      const rows = await query as SignalRow[]
      if (rows.length === 0) return rows
      const groups = new Map<string, SignalRow[]>()
      for (const r of rows) {
        const key = `${r.type} ${r.session_id} ${r.customer_id ?? ''}`
        groups.set(key, [...(groups.get(key) ?? []), r])
      }
      for (const group of groups.values()) {
        for (let i = 0; i < group.length; i += 500) {
          const chunk = group.slice(i, i + 500)
          const first = chunk[0]!
          const items = chunk.map((r) => ({
            eventId: r.event_id, productId: r.product_id, variantId: r.variant_id, occurredAt: new Date(r.occurred_at).toISOString(),
            ...(r.type === 'add_to_cart' ? { quantity: r.quantity ?? 1 } : {}),
          }))
          const name = first.type === 'product_view' ? 'analytics.products.viewed' : 'analytics.products.added-to-cart'
          await events.emit(tx, name, { sessionId: first.session_id, customerId: first.customer_id, items })
        }
      }
      const last = rows[rows.length - 1]!
      const at = tx.db.raw('?::timestamptz', [last.received_at_text])
      await tx.db('analytics_sink_cursors').insert({ sink: signalCursor, received_at: at, event_id: last.event_id })
        .onConflict('sink').merge({ received_at: at, event_id: last.event_id, updated_at: tx.db.fn.now() })
      return rows
    })
    emitted += rows.length
    if (rows.length < pageSize) break
  }
  return emitted
}
