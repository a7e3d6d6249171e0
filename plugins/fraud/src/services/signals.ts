import type { Ctx } from '@comptoir/core'

export type Dimension = 'email' | 'customer' | 'ip' | 'device' | 'card'
export type CounterKind = 'order' | 'failure'
export interface CounterKey { dimension: Dimension, keyHash: string }

/** Bucket width of the sliding windows: a window of N minutes counts the buckets that started in the last N minutes. */
export const bucketSeconds = 300

function bucketOf (at: Date): number {
  return Math.floor(at.getTime() / 1000 / bucketSeconds) * bucketSeconds
}

/** Counts per (dimension, bucket) as read back: the window sum is taken per rule. */
export interface CounterRows { rows: Array<{ dimension: Dimension, kind: CounterKind, bucket: number, count: number }>, now: Date }

/** Sum of `kind` counts of `dimension` in the last `minutes`. */
export function windowSum (counters: CounterRows, dimension: Dimension, kind: CounterKind, minutes: number): number {
  const since = bucketOf(new Date(counters.now.getTime() - minutes * 60_000))
  return counters.rows.filter((r) => r.dimension === dimension && r.kind === kind && r.bucket >= since).reduce((s, r) => s + r.count, 0)
}

/**
 * Velocity counters and the other facts rules read, in fraud's own tables. Increments are one
 * upsert (`ON CONFLICT DO UPDATE count = count + 1`): two concurrent checkouts on the same key
 * serialise on the bucket row and both are counted, the second seeing the first.
 */
export function createSignals () {
  async function increment (ctx: Ctx, keys: CounterKey[], kind: CounterKind, at: Date): Promise<void> {
    if (keys.length === 0) return
    const bucket = bucketOf(at)
    // One lock order for every writer (dimension, key) so concurrent multi-row upserts never deadlock.
    const rows = [...keys].sort((a, b) => a.dimension.localeCompare(b.dimension) || a.keyHash.localeCompare(b.keyHash))
      .map((k) => ({ dimension: k.dimension, key_hash: k.keyHash, kind, bucket, count: 1 }))
    await ctx.db('fraud_velocity_counters').insert(rows)
      .onConflict(['dimension', 'key_hash', 'kind', 'bucket']).merge({ count: ctx.db.raw('fraud_velocity_counters.count + 1') })
  }

  async function read (ctx: Ctx, keys: CounterKey[], maxMinutes: number, at: Date): Promise<CounterRows> {
    if (keys.length === 0) return { rows: [], now: at }
    const since = bucketOf(new Date(at.getTime() - maxMinutes * 60_000))
    const query = ctx.db('fraud_velocity_counters').select('dimension', 'kind', 'bucket', 'count').where('bucket', '>=', since)
      .where((q) => { for (const k of keys) q.orWhere({ dimension: k.dimension, key_hash: k.keyHash }) })
    const rows = (await query as Array<{ dimension: Dimension, kind: CounterKind, bucket: string | number, count: number }>)
      .map((r) => ({ dimension: r.dimension, kind: r.kind, bucket: Number(r.bucket), count: Number(r.count) }))
    return { rows, now: at }
  }

  return {
    /**
     * Counts one order on every key and reads every key's counts in the window (this order
     * included) in one statement: the upsert's RETURNING gives the current bucket's order counts,
     * the rest comes from the table (a CTE's readers see the table as before the upsert).
     */
    async countOrder (ctx: Ctx, keys: CounterKey[], maxMinutes: number, at = new Date()): Promise<CounterRows> {
      if (keys.length === 0) return { rows: [], now: at }
      const bucket = bucketOf(at)
      const since = bucketOf(new Date(at.getTime() - maxMinutes * 60_000))
      const sorted = [...keys].sort((a, b) => a.dimension.localeCompare(b.dimension) || a.keyHash.localeCompare(b.keyHash))
      const values = sorted.map(() => "(?, ?, 'order', ?, 1)").join(', ')
      const keyMatch = sorted.map(() => '(dimension = ? and key_hash = ?)').join(' or ')
      const result = await ctx.db.raw(`with up as (
          insert into fraud_velocity_counters (dimension, key_hash, kind, bucket, count) values ${values}
          on conflict (dimension, key_hash, kind, bucket) do update set count = fraud_velocity_counters.count + 1
          returning dimension, kind, bucket, count)
        select dimension, kind, bucket, count from up
        union all
        select dimension, kind, bucket, count from fraud_velocity_counters
        where bucket >= ? and (${keyMatch}) and not (kind = 'order' and bucket = ?)`,
      [...sorted.flatMap((k) => [k.dimension, k.keyHash, bucket]), since, ...sorted.flatMap((k) => [k.dimension, k.keyHash]), bucket]) as { rows: Array<{ dimension: Dimension, kind: CounterKind, bucket: string | number, count: number }> }
      return { rows: result.rows.map((r) => ({ dimension: r.dimension, kind: r.kind, bucket: Number(r.bucket), count: Number(r.count) })), now: at }
    },

    /** Counts one failure (declined payment, refused checkout) on every key. */
    async countFailure (ctx: Ctx, keys: CounterKey[], at = new Date()): Promise<void> {
      await increment(ctx, keys, 'failure', at)
    },

    read,

    /** Links a card to an email; answers how many distinct cards the email used in the window. */
    async linkCard (ctx: Ctx, emailHash: string, cardHash: string, windowMinutes: number): Promise<number> {
      await ctx.db('fraud_card_links').insert({ email_hash: emailHash, card_hash: cardHash })
        .onConflict(['email_hash', 'card_hash']).merge({ last_seen_at: ctx.db.fn.now() })
      const since = new Date(Date.now() - windowMinutes * 60_000)
      const row = await ctx.db('fraud_card_links').where({ email_hash: emailHash }).where('last_seen_at', '>=', since).count({ n: '*' }).first() as { n: string | number }
      return Number(row.n)
    },

    /**
     * In one statement: whether this email had an earlier assessed order, and which of the block
     * list's hashes match (`blockHashes`, possibly empty).
     */
    async lookups (ctx: Ctx, emailHash: string, orderId: string, blockHashes: string[]): Promise<{ firstOrder: boolean, blocked: string[] }> {
      const marks = blockHashes.map(() => '?').join(', ')
      const result = await ctx.db.raw(`select
          exists (select 1 from fraud_assessments where email_hash = ? and order_id is not null and order_id <> ?) as seen,
          ${blockHashes.length === 0 ? "'{}'::text[]" : `array(select distinct kind from fraud_block_list where value_hash in (${marks}))`} as blocked`,
      [emailHash, orderId, ...blockHashes]) as { rows: Array<{ seen: boolean, blocked: string[] | string }> }
      const row = result.rows[0]!
      const blocked = Array.isArray(row.blocked) ? row.blocked : String(row.blocked).replace(/^\{|\}$/g, '').split(',').filter((k) => k !== '')
      return { firstOrder: row.seen !== true, blocked }
    },

    /** Average total of the store's last 500 assessed orders in `currency`; null under 10 orders. */
    async storeAverage (ctx: Ctx, currency: string): Promise<number | null> {
      const result = await ctx.db.raw(`select count(*) as n, avg(total_amount) as avg from (
          select total_amount from fraud_assessments where currency = ? and order_id is not null order by created_at desc limit 500) recent`, [currency]) as { rows: Array<{ n: string | number, avg: string | number | null }> }
      const row = result.rows[0]!
      return Number(row.n) < 10 || row.avg == null ? null : Number(row.avg)
    },

    /** Deletes buckets older than `days` (the `fraud.prune-counters` job). */
    async prune (ctx: Ctx, days: number): Promise<number> {
      const before = bucketOf(new Date(Date.now() - days * 86_400_000))
      return await ctx.db('fraud_velocity_counters').where('bucket', '<', before).delete()
    },
  }
}
export type Signals = ReturnType<typeof createSignals>
