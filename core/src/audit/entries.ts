import { randomUUID } from 'node:crypto'
import type { Knex } from 'knex'
import type { Ctx, Db } from '../context.js'
import { keysetPage, type PageOf } from '../http/pagination.js'
import { changedFields } from './changed-fields.js'
import { capSize, redactSecrets } from './redact.js'
import type { AuditEntry, AuditLogQuery } from './schemas.js'

const table = 'comptoir_audit_log'
const columns = ['id', 'seq', 'occurred_at', 'actor_type', 'actor_id', 'action', 'target_type', 'target_id', 'before', 'after', 'request_id', 'source'] as const

interface AuditRow {
  id: string
  seq: number | string
  occurred_at: Date | string
  actor_type: string | null
  actor_id: string | null
  action: string
  target_type: string | null
  target_id: string | null
  before: unknown
  after: unknown
  request_id: string
  source: AuditEntry['source']
}

/** What one entry records; before/after are optional and must never hold personal data. */
export interface AuditRecordInput {
  /** What happened: `plugin.entity.past-verb` (`customers.customer.erased`) or an operationId. */
  action: string
  targetType?: string | null
  targetId?: string | null
  before?: unknown
  after?: unknown
}

/** Filters and page of a listing; `limit` defaults to 20. */
export type AuditLogFilter = Omit<AuditLogQuery, 'limit'> & { limit?: number }

// jsonb goes in as text: pg would send a JS array as a Postgres array, not JSON.
function toJson (value: unknown): string | null {
  const kept = capSize(redactSecrets(value))
  return kept === undefined || kept === null ? null : JSON.stringify(kept)
}

function toAuditEntry (row: AuditRow): AuditEntry {
  return {
    id: row.id,
    occurredAt: new Date(row.occurred_at).toISOString(),
    actor: row.actor_type != null && row.actor_id != null ? { type: row.actor_type, id: row.actor_id } : null,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    before: row.before ?? null,
    after: row.after ?? null,
    requestId: row.request_id,
    source: row.source,
  }
}

/** Appends one entry with `db` (the caller's transaction, or the pool). Secrets are redacted. */
export async function insertAuditEntry (db: Db, ctx: Ctx, input: AuditRecordInput, source: AuditEntry['source']): Promise<{ id: string }> {
  const { before, after } = changedFields(input.before, input.after)
  const id = randomUUID()
  await db(table).insert({
    id,
    actor_type: ctx.actor?.type ?? null,
    actor_id: ctx.actor?.id ?? null,
    action: input.action,
    target_type: input.targetType ?? null,
    target_id: input.targetId ?? null,
    before: toJson(before),
    after: toJson(after),
    request_id: ctx.requestId,
    source,
  })
  return { id }
}

/** Lists entries newest first, filtered, one keyset page at a time. */
export async function listAuditEntries (db: Db, filter: AuditLogFilter): Promise<PageOf<AuditEntry>> {
  const query: Knex.QueryBuilder = db(table).select(columns)
  if (filter.actorId != null) query.where('actor_id', filter.actorId)
  if (filter.actorType != null) query.where('actor_type', filter.actorType)
  if (filter.action != null) query.where('action', filter.action)
  if (filter.targetType != null) query.where('target_type', filter.targetType)
  if (filter.targetId != null) query.where('target_id', filter.targetId)
  if (filter.from != null) query.where('occurred_at', '>=', filter.from)
  if (filter.to != null) query.where('occurred_at', '<', filter.to)
  const page = await keysetPage<AuditRow>(query, { limit: filter.limit ?? 20, cursor: filter.cursor }, {
    list: 'audit-log', columns: ['seq'], direction: 'desc', keyOf: (row) => [String(row.seq)],
  })
  return { items: page.items.map(toAuditEntry), nextCursor: page.nextCursor }
}
