import type { Cradle, Ctx, PluginScope } from '@comptoir/core'
import type { AnalyticsConfig } from '../config.js'
import { emitSignalEvents } from './signal-events.js'

/** A raw event as a sink receives it. */
export interface RawEvent {
  eventId: string
  type: string
  occurredAt: string
  receivedAt: string
  sessionId: string
  customerId: string | null
  path: string | null
  referrer: string | null
  productId: string | null
  variantId: string | null
  quantity: number | null
  searchQuery: string | null
  resultCount: number | null
  filters: unknown
  utm: { source: string | null, medium: string | null, campaign: string | null, term: string | null, content: string | null }
  orderId: string | null
  amount: number | null
  currency: string | null
  ipPrefix: string | null
}

/**
 * Where raw events go besides PostgreSQL (ClickHouse, Kafka, BigQuery…). `ship` gets pages in
 * (receivedAt, eventId) order, at least once: dedupe on eventId. It may throw; the page is offered again.
 */
export interface AnalyticsSink {
  /** Stable: the shipping cursor is stored under it. */
  name: string
  ship: (events: RawEvent[]) => Promise<void>
}

interface Row {
  event_id: string, type: string, occurred_at: Date, received_at: Date, session_id: string, customer_id: string | null, path: string | null,
  referrer: string | null, product_id: string | null, variant_id: string | null, quantity: number | null, search_query: string | null,
  result_count: number | null, filters: unknown, utm_source: string | null, utm_medium: string | null, utm_campaign: string | null,
  utm_term: string | null, utm_content: string | null, order_id: string | null, amount: string | null, currency: string | null, ip_prefix: string | null
}

function toRawEvent (r: Row): RawEvent {
  return {
    eventId: r.event_id, type: r.type, occurredAt: new Date(r.occurred_at).toISOString(), receivedAt: new Date(r.received_at).toISOString(),
    sessionId: r.session_id, customerId: r.customer_id, path: r.path, referrer: r.referrer, productId: r.product_id, variantId: r.variant_id,
    quantity: r.quantity, searchQuery: r.search_query, resultCount: r.result_count, filters: r.filters,
    utm: { source: r.utm_source, medium: r.utm_medium, campaign: r.utm_campaign, term: r.utm_term, content: r.utm_content },
    orderId: r.order_id, amount: r.amount == null ? null : Number(r.amount), currency: r.currency, ipPrefix: r.ip_prefix,
  }
}

/** The sink port: plugins register sinks at boot; analytics.ship-to-sinks feeds them every minute. */
export function createSinkService ({ events }: Cradle, { config }: PluginScope<AnalyticsConfig>) {
  const sinks = new Map<string, AnalyticsSink>()
  return {
    /** Adds a sink (call it from your plugin's onBoot). A second sink with the same name is a programmer error. */
    register (sink: AnalyticsSink): void {
      if (sinks.has(sink.name)) throw new Error(`analytics: a sink named '${sink.name}' is already registered`)
      sinks.set(sink.name, sink)
    },

    /**
     * Ships what each sink has not had yet, page by page, outside any transaction (a sink is a
     * network call); the cursor moves only after `ship` resolves. Events younger than
     * `sinkLagSeconds` wait for the next run, so a batch still committing is not skipped.
     */
    /**
     * Ships new product views and add-to-carts to the kernel's event bus (analytics' declared
     * events, for subscribers such as recommendations); returns how many raw events went out.
     */
    async emitSignals (ctx: Ctx, pageSize = 5000): Promise<number> {
      return await emitSignalEvents(ctx, { events }, config, pageSize)
    },

    async shipAll (ctx: Ctx, pageSize = 5000, maxPages = 20): Promise<Record<string, number>> {
      const shipped: Record<string, number> = {}
      for (const sink of sinks.values()) {
        shipped[sink.name] = 0
        for (let page = 0; page < maxPages; page++) {
          // received_at travels as text: microseconds would not survive a JavaScript Date.
          const cursor = await ctx.db('analytics_sink_cursors').where({ sink: sink.name })
            .first(ctx.db.raw('received_at::text as received_at'), 'event_id') as { received_at: string, event_id: string } | undefined
          const query = ctx.db('analytics_events').select('*', ctx.db.raw('received_at::text as received_at_text'))
            .whereRaw('received_at < now() - make_interval(secs => ?)', [config.sinkLagSeconds])
            .orderBy([{ column: 'received_at' }, { column: 'event_id' }]).limit(pageSize)
          if (cursor != null) query.whereRaw('(received_at, event_id) > (?::timestamptz, ?::uuid)', [cursor.received_at, cursor.event_id])
          const rows = await query as Array<Row & { received_at_text: string }>
          if (rows.length === 0) break
          await sink.ship(rows.map(toRawEvent))
          const last = rows[rows.length - 1]!
          const at = ctx.db.raw('?::timestamptz', [last.received_at_text])
          await ctx.db('analytics_sink_cursors').insert({ sink: sink.name, received_at: at, event_id: last.event_id })
            .onConflict('sink').merge({ received_at: at, event_id: last.event_id, updated_at: ctx.db.fn.now() })
          shipped[sink.name]! += rows.length
          if (rows.length < pageSize) break
        }
      }
      return shipped
    },
  }
}

export type SinkService = ReturnType<typeof createSinkService>
