import { Readable } from 'node:stream'
import { inTransaction, isUniqueViolation, keysetPage, type Cradle, type Ctx, type PageOf, type PageQuery } from '@comptoir/core'
import { CrmNotFoundError, SegmentNameTakenError } from '../errors.js'
import { iso, isoOrNull } from '../rows.js'
import type { Segment, SegmentEvaluation, SegmentInput, SegmentMemberPage, SegmentPatch, SegmentRule } from '../schemas/index.js'
import { checkRules, membersQuery } from './segment-sql.js'

interface SegmentRow {
  id: string
  name: string
  description: string | null
  match: 'all' | 'any'
  rules: SegmentRule[] | string
  member_count: number
  evaluated_at: Date | null
  created_at: Date
  updated_at: Date
}

const columns = ['id', 'name', 'description', 'match', 'rules', 'member_count', 'evaluated_at', 'created_at', 'updated_at']
/** Customer ids per membership event: a large change is several small events. */
const eventChunk = 500
/** Members read per batch by the CSV export: memory holds one batch, whatever the segment's size. */
const exportBatch = 1000

function toSegment (row: SegmentRow): Segment {
  return {
    id: row.id, name: row.name, description: row.description, match: row.match,
    rules: typeof row.rules === 'string' ? JSON.parse(row.rules) as SegmentRule[] : row.rules,
    memberCount: row.member_count, evaluatedAt: isoOrNull(row.evaluated_at), createdAt: iso(row.created_at), updatedAt: iso(row.updated_at),
  }
}

function rowsOf<T> (result: unknown): T[] {
  return (result as { rows: T[] }).rows
}

/** Saved rule sets evaluated in SQL; their members, counted, paged and exported; membership events. */
export function createSegmentService ({ events }: Cradle) {
  async function find (ctx: Ctx, segmentId: string, forUpdate = false): Promise<SegmentRow> {
    const query = ctx.db('crm_segments').select(columns).where({ id: segmentId })
    const row = await (forUpdate ? query.forUpdate() : query).first() as SegmentRow | undefined
    if (row == null) throw new CrmNotFoundError('segment', segmentId)
    return row
  }

  function named<T> (name: string | undefined, work: () => Promise<T>): Promise<T> {
    return work().catch((error: unknown) => {
      if (name != null && isUniqueViolation(error, 'crm_segments_name_unique')) throw new SegmentNameTakenError(name, error)
      throw error
    })
  }

  /**
   * Evaluates one segment in SQL and stores its members: who joined and who left come from the
   * insert and delete themselves (RETURNING), and are emitted as crm.segment.membership-changed.
   * The segment row lock serialises two evaluations of the same segment.
   */
  async function evaluate (ctx: Ctx, segmentId: string): Promise<SegmentEvaluation> {
    return await inTransaction(ctx, async (tx) => {
      const segment = toSegment(await find(tx, segmentId, true))
      const members = await membersQuery(tx.db, segment.rules, segment.match)
      const joined = rowsOf<{ customer_id: string }>(await tx.db.raw(
        `insert into crm_segment_members (segment_id, customer_id) select ?, m.customer_id from (${members.sql}) m on conflict do nothing returning customer_id`,
        [segmentId, ...members.bindings])).map((r) => r.customer_id)
      const left = rowsOf<{ customer_id: string }>(await tx.db.raw(
        `delete from crm_segment_members s where s.segment_id = ? and s.customer_id not in (${members.sql}) returning customer_id`,
        [segmentId, ...members.bindings])).map((r) => r.customer_id)
      const [updated] = await tx.db('crm_segments').where({ id: segmentId }).update({
        member_count: tx.db('crm_segment_members').count('*').where({ segment_id: segmentId }),
        evaluated_at: tx.db.fn.now(),
      }).returning(['member_count', 'evaluated_at']) as Array<{ member_count: number, evaluated_at: Date }>
      const memberCount = Number(updated!.member_count)
      const parts = Math.ceil(Math.max(joined.length, left.length) / eventChunk)
      for (let i = 0; i < parts; i++) {
        await events.emit(tx, 'crm.segment.membership-changed', {
          segmentId, joined: joined.slice(i * eventChunk, (i + 1) * eventChunk), left: left.slice(i * eventChunk, (i + 1) * eventChunk), part: i + 1, memberCount,
        })
      }
      return { segmentId, memberCount, joined: joined.length, left: left.length, evaluatedAt: iso(updated!.evaluated_at) }
    })
  }

  return {
    async get (ctx: Ctx, segmentId: string): Promise<Segment> {
      return toSegment(await find(ctx, segmentId))
    },

    async list (ctx: Ctx, page: PageQuery): Promise<PageOf<Segment>> {
      const result = await keysetPage<SegmentRow>(ctx.db('crm_segments').select(columns), page, {
        list: 'crm.segments', columns: ['name', 'id'], keyOf: (row) => [row.name, row.id],
      })
      return { items: result.items.map(toSegment), nextCursor: result.nextCursor }
    },

    /** Saves a segment (attribute rules checked against their definitions) and evaluates it. */
    async create (ctx: Ctx, input: SegmentInput): Promise<Segment> {
      await checkRules(ctx, input.rules)
      return await inTransaction(ctx, async (tx) => {
        const [row] = await named(input.name, async () => await tx.db('crm_segments').insert({
          name: input.name, description: input.description ?? null, match: input.match ?? 'all', rules: JSON.stringify(input.rules),
        }).returning('id') as Array<{ id: string }>)
        await evaluate(tx, row!.id)
        return toSegment(await find(tx, row!.id))
      })
    },

    /** Changes a segment; new rules are re-evaluated at once. */
    async update (ctx: Ctx, segmentId: string, patch: SegmentPatch): Promise<Segment> {
      if (patch.rules != null) await checkRules(ctx, patch.rules)
      return await inTransaction(ctx, async (tx) => {
        await find(tx, segmentId, true)
        const changes: Record<string, unknown> = { updated_at: tx.db.fn.now() }
        if (patch.name !== undefined) changes.name = patch.name
        if (patch.description !== undefined) changes.description = patch.description
        if (patch.match !== undefined) changes.match = patch.match
        if (patch.rules !== undefined) changes.rules = JSON.stringify(patch.rules)
        await named(patch.name, async () => await tx.db('crm_segments').where({ id: segmentId }).update(changes))
        if (patch.rules !== undefined || patch.match !== undefined) await evaluate(tx, segmentId)
        return toSegment(await find(tx, segmentId))
      })
    },

    async remove (ctx: Ctx, segmentId: string): Promise<void> {
      const deleted = await ctx.db('crm_segments').where({ id: segmentId }).delete()
      if (deleted === 0) throw new CrmNotFoundError('segment', segmentId)
    },

    evaluate,

    /** Evaluates every segment, one transaction each (the scheduled job). */
    async evaluateAll (ctx: Ctx): Promise<number> {
      const ids = await ctx.db('crm_segments').orderBy('id').pluck('id') as string[]
      for (const id of ids) await evaluate(ctx, id)
      return ids.length
    },

    /** Members at the last evaluation, by customer id, with their total. */
    async members (ctx: Ctx, segmentId: string, page: PageQuery): Promise<SegmentMemberPage> {
      const segment = await find(ctx, segmentId)
      const result = await keysetPage<{ customer_id: string, joined_at: Date }>(
        ctx.db('crm_segment_members').select('customer_id', 'joined_at').where({ segment_id: segmentId }), page, {
          list: `crm.segment-members.${segmentId}`, columns: ['customer_id'], keyOf: (row) => [row.customer_id],
        })
      return { items: result.items.map((r) => ({ customerId: r.customer_id, joinedAt: iso(r.joined_at) })), nextCursor: result.nextCursor, total: segment.member_count }
    },

    /**
     * The members as CSV, streamed in keyset batches. Every cell is a uuid, number, code or date,
     * so no cell needs quoting. Checks the segment exists before the stream starts.
     */
    async exportCsv (ctx: Ctx, segmentId: string): Promise<Readable> {
      await find(ctx, segmentId)
      async function * lines (): AsyncGenerator<string> {
        yield 'customer_id,joined_at,country,marketing_consent,order_count,rfm_recency,rfm_frequency,rfm_monetary,engagement_score\n'
        let after: string | null = null
        for (;;) {
          const query = ctx.db('crm_segment_members as m').join('crm_profiles as p', 'p.customer_id', 'm.customer_id')
            .select('m.customer_id', 'm.joined_at', 'p.country', 'p.marketing_consent', 'p.rfm_recency', 'p.rfm_frequency', 'p.rfm_monetary', 'p.engagement_score',
              ctx.db.raw("(select count(*) from crm_orders o where o.customer_id = m.customer_id and o.status <> 'cancelled') as order_count"))
            .where('m.segment_id', segmentId).orderBy('m.customer_id').limit(exportBatch)
          if (after != null) query.andWhere('m.customer_id', '>', after)
          const rows = await query as Array<Record<string, unknown> & { customer_id: string, joined_at: Date }>
          if (rows.length === 0) return
          yield rows.map((r) => [r.customer_id, iso(r.joined_at), r.country ?? '', r.marketing_consent === true ? 'true' : 'false', Number(r.order_count),
            r.rfm_recency ?? '', r.rfm_frequency ?? '', r.rfm_monetary ?? '', r.engagement_score ?? ''].join(',')).join('\n') + '\n'
          after = rows[rows.length - 1]!.customer_id
          if (rows.length < exportBatch) return
        }
      }
      return Readable.from(lines())
    },
  }
}

export type SegmentService = ReturnType<typeof createSegmentService>
