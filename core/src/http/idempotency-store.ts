import { createHash } from 'node:crypto'
import type { Ctx } from '../context.js'

/** A `started` claim older than this is taken to be abandoned (crashed process) and may be retried. */
export const abandonedClaimSeconds = 5 * 60

const table = 'comptoir_idempotency_keys'

/** One key of one actor, and the claim a request holds on it. */
export interface IdempotencyClaim { scope: string, key: string, claimId: string }

/** A stored response, replayed as is. */
export interface StoredResponse { statusCode: number, contentType: string | null, body: Buffer | null }

export type ClaimOutcome =
  | { kind: 'claimed' }
  | { kind: 'replay', response: StoredResponse }
  | { kind: 'in-progress' }
  | { kind: 'mismatch' }

function canonical (value: unknown): unknown {
  if (Buffer.isBuffer(value)) return { $buffer: value.toString('base64') }
  if (Array.isArray(value)) return value.map(canonical)
  if (value != null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]))
  }
  return value
}

/** sha256 of what makes two requests "the same": method, URL, actor scope and body (key order ignored). */
export function hashRequest (input: { method: string, url: string, scope: string, body: unknown }): string {
  return createHash('sha256').update(JSON.stringify(canonical({ ...input, body: input.body ?? null }))).digest('hex')
}

interface KeyRow { request_hash: string, state: 'started' | 'completed', status_code: number | null, content_type: string | null, body: Uint8Array | null }

/**
 * Claims a key before the handler runs. The insert on the (scope, key) primary key is the lock:
 * of two concurrent duplicates exactly one inserts; the other reads the row and gets a replay,
 * a mismatch or "in progress". Expired keys, and abandoned claims of the same request, are taken over.
 */
export async function claimKey (ctx: Ctx, claim: IdempotencyClaim, requestHash: string, ttlSeconds: number): Promise<ClaimOutcome> {
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await takeKey(ctx, claim, requestHash, ttlSeconds)) return { kind: 'claimed' }
    const row = await ctx.db(table).select('request_hash', 'state', 'status_code', 'content_type', 'body')
      .where({ scope: claim.scope, key: claim.key }).first() as KeyRow | undefined
    if (row == null) continue // released or purged in between: claim again
    if (row.request_hash !== requestHash) return { kind: 'mismatch' }
    if (row.state === 'started') return { kind: 'in-progress' }
    return replayOf(row)
  }
  return { kind: 'in-progress' }
}

function replayOf (row: KeyRow): ClaimOutcome {
  return { kind: 'replay', response: { statusCode: row.status_code ?? 200, contentType: row.content_type, body: row.body == null ? null : Buffer.from(row.body) } }
}

/**
 * What a retry would meet, without claiming anything: the route claims inside its own
 * transaction later (`takeKey`). Expired keys and abandoned claims of the same request read as free.
 */
export async function lookupKey (ctx: Ctx, claim: IdempotencyClaim, requestHash: string): Promise<ClaimOutcome | { kind: 'free' }> {
  const row = await ctx.db(table).select('request_hash', 'state', 'status_code', 'content_type', 'body')
    .select(ctx.db.raw('expires_at <= now() as expired'), ctx.db.raw('claimed_at < now() - make_interval(secs => ?) as abandoned', [abandonedClaimSeconds]))
    .where({ scope: claim.scope, key: claim.key }).first() as (KeyRow & { expired: boolean, abandoned: boolean }) | undefined
  if (row == null || row.expired || (row.state === 'started' && row.abandoned && row.request_hash === requestHash)) return { kind: 'free' }
  if (row.request_hash !== requestHash) return { kind: 'mismatch' }
  if (row.state === 'started') return { kind: 'in-progress' }
  return replayOf(row)
}

/**
 * Claims a key inside the caller's transaction. A concurrent duplicate's insert waits on the
 * primary key until that transaction ends, then finds the key taken: false.
 */
export async function takeKey (ctx: Ctx, claim: IdempotencyClaim, requestHash: string, ttlSeconds: number): Promise<boolean> {
  const fresh = { request_hash: requestHash, state: 'started', claim_id: claim.claimId, expires_at: ctx.db.raw('now() + make_interval(secs => ?)', [ttlSeconds]) }
  const inserted = await ctx.db(table).insert({ scope: claim.scope, key: claim.key, ...fresh })
    .onConflict(['scope', 'key']).ignore().returning('key') as unknown[]
  if (inserted.length > 0) return true
  const taken = await ctx.db(table).where({ scope: claim.scope, key: claim.key })
    .andWhere((q) => {
      void q.where('expires_at', '<=', ctx.db.fn.now()).orWhere((abandoned) => {
        void abandoned.where({ state: 'started', request_hash: requestHash })
          .andWhere('claimed_at', '<', ctx.db.raw('now() - make_interval(secs => ?)', [abandonedClaimSeconds]))
      })
    })
    .update({ ...fresh, status_code: null, content_type: null, body: null, claimed_at: ctx.db.fn.now(), created_at: ctx.db.fn.now() })
    .returning('key') as unknown[]
  return taken.length > 0
}

/**
 * Stores a response under a key the request may or may not hold yet (its transaction rolled
 * back, or it never claimed): inserted when free, completed when still this claim's, else left alone.
 */
export async function recordKey (ctx: Ctx, claim: IdempotencyClaim, requestHash: string, ttlSeconds: number, response: StoredResponse): Promise<void> {
  const row = {
    scope: claim.scope, key: claim.key, request_hash: requestHash, state: 'completed', claim_id: claim.claimId,
    status_code: response.statusCode, content_type: response.contentType, body: response.body,
    expires_at: ctx.db.raw('now() + make_interval(secs => ?)', [ttlSeconds]),
  }
  await ctx.db(table).insert(row).onConflict(['scope', 'key'])
    .merge(['state', 'status_code', 'content_type', 'body'])
    .where(`${table}.claim_id`, claim.claimId).andWhere(`${table}.state`, 'started')
}

/** Stores the response of a claimed key, so retries replay it. */
export async function completeKey (ctx: Ctx, claim: IdempotencyClaim, response: StoredResponse): Promise<void> {
  await ctx.db(table).where({ scope: claim.scope, key: claim.key, claim_id: claim.claimId, state: 'started' })
    .update({ state: 'completed', status_code: response.statusCode, content_type: response.contentType, body: response.body })
}

/** Forgets a claimed key (the handler failed with a 5xx), so a retry runs the handler again. */
export async function releaseKey (ctx: Ctx, claim: IdempotencyClaim): Promise<void> {
  await ctx.db(table).where({ scope: claim.scope, key: claim.key, claim_id: claim.claimId, state: 'started' }).delete()
}

/**
 * Deletes up to `batchSize` expired keys; returns how many. Expired keys are already ignored,
 * so this only reclaims space: schedule it (hourly is plenty) and loop while it returns `batchSize`.
 */
export async function purgeExpiredIdempotencyKeys (ctx: Ctx, batchSize = 1000): Promise<number> {
  // `returning` because knex-pglite reports no row count for deletes.
  const deleted = await ctx.db(table)
    .whereIn(['scope', 'key'], ctx.db(table).select('scope', 'key').where('expires_at', '<', ctx.db.fn.now()).limit(batchSize))
    .delete().returning('key') as unknown[]
  return deleted.length
}
