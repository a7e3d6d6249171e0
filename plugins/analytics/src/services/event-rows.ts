import type { Ctx } from '@comptoir/core'

/** One raw event as analytics_events stores it (snake_case: it goes to jsonb_to_recordset as is). */
export interface EventRow {
  occurred_at: string
  event_id: string
  type: string
  path?: string | null
  referrer?: string | null
  product_id?: string | null
  variant_id?: string | null
  quantity?: number | null
  search_query?: string | null
  result_count?: number | null
  filters?: unknown
  utm_source?: string | null
  utm_medium?: string | null
  utm_campaign?: string | null
  utm_term?: string | null
  utm_content?: string | null
  order_id?: string | null
  amount?: number | null
  currency?: string | null
}

export interface EventBatchOwner { sessionId: string, customerId: string | null, ipPrefix: string | null }

const recordColumns = `occurred_at timestamptz, event_id uuid, type text, path text, referrer text, product_id uuid, variant_id uuid,
  quantity integer, search_query text, result_count integer, filters jsonb, utm_source text, utm_medium text, utm_campaign text,
  utm_term text, utm_content text, order_id uuid, amount bigint, currency char(3)`
const columns = `occurred_at, event_id, type, path, referrer, product_id, variant_id, quantity, search_query, result_count, filters,
  utm_source, utm_medium, utm_campaign, utm_term, utm_content, order_id, amount, currency`

// One statement per batch, whatever its size: the ids claim (ON CONFLICT DO NOTHING) and the
// insert of only the rows it claimed. A failure rolls both back, so a retry is not lost as a duplicate.
const insertSql = `
  with input as (select * from jsonb_to_recordset(?::jsonb) as x(${recordColumns})),
  fresh as (
    insert into analytics_event_ids (session_id, event_id) select ?, event_id from input
    on conflict do nothing returning event_id
  )
  insert into analytics_events (session_id, customer_id, ip_prefix, ${columns})
  select ?, ?::uuid, ?, ${columns.split(',').map((c) => `i.${c.trim()}`).join(', ')}
  from input i join fresh f using (event_id)`

function isMissingPartition (error: unknown): boolean {
  return error instanceof Error && /no partition of relation/.test(error.message)
}

/**
 * Stores a batch of one session's events (ids unique within it) in one statement and returns
 * how many were new. A row for a month without a partition yet creates the partitions, once.
 */
export async function insertEvents (ctx: Ctx, owner: EventBatchOwner, rows: EventRow[], ensurePartitions: (ctx: Ctx) => Promise<unknown>): Promise<number> {
  if (rows.length === 0) return 0
  const bindings = [JSON.stringify(rows), owner.sessionId, owner.sessionId, owner.customerId, owner.ipPrefix]
  try {
    const result = await ctx.db.raw(insertSql, bindings) as { rowCount?: number | null }
    return result.rowCount ?? 0
  } catch (error) {
    if (!isMissingPartition(error)) throw error
    await ensurePartitions(ctx)
    const result = await ctx.db.raw(insertSql, bindings) as { rowCount?: number | null }
    return result.rowCount ?? 0
  }
}
