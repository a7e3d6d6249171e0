import { inTransaction, keysetPage, type Cradle, type Ctx, type PageOf } from '@comptoir/core'
import { AssessmentNotFoundError, ReviewNotPendingError } from '../errors.js'
import type { Assessment, ReviewQuery } from '../schemas.js'
import { assessmentColumns, toAssessment, type AssessmentRecord } from './assessment-rows.js'

function actorOf (ctx: Ctx): string {
  return `${ctx.actor?.type ?? 'system'}:${ctx.actor?.id ?? 'system'}`
}

/** The review queue: held orders with score and reasons; approve releases the hold, reject cancels through orders. */
export function createReviewsService (cradle: Cradle) {
  /**
   * Locks the order (through an orders call that writes the decision's note), then the assessment:
   * the order in which payment results (afterPayment) lock them too, so the two never deadlock.
   * Of two concurrent decisions, the second waits on the order, then finds the review decided.
   */
  async function lockHeld (ctx: Ctx, orderId: string, note: string): Promise<AssessmentRecord> {
    const exists = await ctx.db('fraud_assessments').where({ order_id: orderId }).first('id')
    if (exists == null) throw new AssessmentNotFoundError(orderId)
    await cradle.orders.addNote(ctx, orderId, { body: note, visibility: 'internal' })
    const row = await ctx.db('fraud_assessments').select(assessmentColumns).where({ order_id: orderId }).forUpdate().first() as AssessmentRecord
    if (row.status !== 'held') throw new ReviewNotPendingError(orderId, row.status)
    return row
  }

  const noteOf = (verb: string, note: string | null): string => `Fraud review ${verb}${note == null ? '' : `: ${note}`}`

  async function decideReview (tx: Ctx, row: AssessmentRecord, status: 'approved' | 'rejected', note: string | null): Promise<void> {
    await tx.db('fraud_assessments').where({ id: row.id, status: 'held' })
      .update({ status, reviewed_by: actorOf(tx), reviewed_at: tx.db.fn.now(), review_note: note, updated_at: tx.db.fn.now() })
    const label = status === 'approved' ? { label: 'legit' as const, source: 'manual_approval' as const } : { label: 'fraud' as const, source: 'manual_rejection' as const }
    await cradle.fraudLabels.record(tx, row.order_id!, label.label, label.source)
    await cradle.audit.record(tx, { action: `fraud.review.${status}`, targetType: 'order', targetId: row.order_id, before: { status: 'held', score: row.score }, after: { status, note } })
    await cradle.events.emit(tx, `fraud.review.${status}`, { orderId: row.order_id!, score: row.score })
  }

  return {
    /** Assessments by status (held by default: the queue), newest first. */
    async list (ctx: Ctx, query: ReviewQuery): Promise<PageOf<Assessment>> {
      const builder = ctx.db('fraud_assessments').select(assessmentColumns).where({ status: query.status ?? 'held' })
      const page = await keysetPage<AssessmentRecord>(builder, query, { list: 'fraud-reviews', columns: ['created_at', 'id'], direction: 'desc', keyOf: (r) => [new Date(r.created_at).toISOString(), r.id] })
      return { items: page.items.map(toAssessment), nextCursor: page.nextCursor }
    },

    async get (ctx: Ctx, orderId: string): Promise<Assessment> {
      const row = await ctx.db('fraud_assessments').select(assessmentColumns).where({ order_id: orderId }).first() as AssessmentRecord | undefined
      if (row == null) throw new AssessmentNotFoundError(orderId)
      return toAssessment(row)
    },

    /** Approves a held order: the hold is released (capture and fulfilment go on), labelled legit, audited, on the order timeline. */
    async approve (ctx: Ctx, orderId: string, note: string | null): Promise<Assessment> {
      await inTransaction(ctx, async (tx) => {
        const row = await lockHeld(tx, orderId, noteOf('approved', note))
        await decideReview(tx, row, 'approved', note)
        if (await cradle.ordersHolds.isHeld(tx, orderId)) await cradle.ordersHolds.release(tx, orderId, { note: noteOf(`approved (score ${row.score})`, note) })
      })
      return await this.get(ctx, orderId)
    },

    /**
     * Rejects a held order: labelled fraud and audited, then cancelled through orders (stock
     * released, payment voided or refunded through the provider port, both on the timeline).
     */
    async reject (ctx: Ctx, orderId: string, note: string | null): Promise<Assessment> {
      const score = await inTransaction(ctx, async (tx) => {
        const row = await lockHeld(tx, orderId, noteOf('rejected', note))
        await decideReview(tx, row, 'rejected', note)
        return row.score
      })
      // Outside the transaction: cancellation calls the payment gateway.
      await cradle.orders.cancel(ctx, orderId, 'fraud_rejected')
      ctx.log.info({ orderId, score }, 'fraud: order rejected and cancelled')
      return await this.get(ctx, orderId)
    },
  }
}
export type ReviewsService = ReturnType<typeof createReviewsService>
