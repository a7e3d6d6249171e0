import { randomUUID } from 'node:crypto'
import { inTransaction, keysetPage, type Cradle, type Ctx, type DeliveredEvent, type PageOf, type PluginScope } from '@comptoir/core'
import type { WebhooksConfig } from '../config.js'
import { enqueueAttempt } from '../delivery-jobs.js'
import { DeliveryErasedError, DeliveryInProgressError, DeliveryNotFoundError, EndpointDisabledError, EndpointNotFoundError, InvalidPeriodError } from '../errors.js'
import { matchesAny } from '../event-filters.js'
import { deliveryColumns, iso, json, toAttempt, toDelivery, type AttemptRow, type DeliveryRow } from '../rows.js'
import type { DeliveryQuery, RedeliverFailedInput, WebhookDelivery, WebhookDeliveryDetail } from '../schemas.js'

/** The name a test ping carries (not a store event: nothing else receives it). */
export const pingEventName = 'webhooks.ping'
/** Failed deliveries one redeliver-failed call puts back in line, at most. */
const redeliverBatch = 1000

/** Deliveries (`webhooksDeliveries`): one per endpoint and event, their attempt log, replays and pings. */
export function createDeliveryService ({ jobs }: Cradle, { config }: PluginScope<WebhooksConfig>) {
  async function row (ctx: Ctx, deliveryId: string, lock = false): Promise<DeliveryRow> {
    const q = ctx.db('webhooks_deliveries').select(deliveryColumns).where({ id: deliveryId })
    if (lock) q.forUpdate()
    const found = await q.first() as DeliveryRow | undefined
    if (found == null) throw new DeliveryNotFoundError(deliveryId)
    return found
  }

  /** Puts a finished delivery back in line with a fresh budget of attempts; enqueue it after commit (`enqueueAll`). */
  async function requeue (ctx: Ctx, delivery: DeliveryRow): Promise<void> {
    await ctx.db('webhooks_deliveries').where({ id: delivery.id }).update({
      status: 'pending', attempt_limit: delivery.attempts + config.maxAttempts, next_attempt_at: ctx.db.fn.now(), updated_at: ctx.db.fn.now(),
    })
  }

  /**
   * Enqueues attempts once their rows are committed (on Redis a job added inside the transaction
   * could run first and find nothing). A new job id per call: the job layer keeps finished jobs
   * for an hour and would drop a same-id one. Duplicates are harmless: an attempt is claimed once.
   */
  async function enqueueAll (ctx: Ctx, rows: ReadonlyArray<{ id: string, attempts: number }>, nonce: string): Promise<void> {
    for (const row of rows) await enqueueAttempt(jobs, ctx, row.id, row.attempts, 0, nonce)
  }

  async function enabledEndpoint (ctx: Ctx, endpointId: string): Promise<void> {
    const endpoint = await ctx.db('webhooks_endpoints').where({ id: endpointId }).first('enabled') as { enabled: boolean } | undefined
    if (endpoint == null) throw new EndpointNotFoundError(endpointId)
    if (!endpoint.enabled) throw new EndpointDisabledError(endpointId)
  }

  return {
    /**
     * Writes one delivery per enabled endpoint whose filters match, and enqueues its first attempt.
     * Runs as the kernel's delivery of `event` (at least once): a second run finds the rows
     * (unique per endpoint and event) and re-enqueues only first attempts not yet made, under the same job id.
     */
    async fanOut (ctx: Ctx, event: DeliveredEvent): Promise<number> {
      const endpoints = await ctx.db('webhooks_endpoints').select('id', 'events').where({ enabled: true }) as Array<{ id: string, events: unknown }>
      const ids = endpoints.filter((e) => matchesAny(json<string[]>(e.events), event.name)).map((e) => e.id)
      if (ids.length === 0) return 0
      // One statement (atomic on its own), then the jobs: a crash in between fails this subscriber's job, which runs again.
      await ctx.db('webhooks_deliveries').insert(ids.map((endpointId) => ({
        endpoint_id: endpointId, event_id: event.id, event_name: event.name, occurred_at: event.occurredAt,
        payload: JSON.stringify(event.payload ?? null), attempt_limit: config.maxAttempts, next_attempt_at: ctx.db.fn.now(),
      }))).onConflict(['endpoint_id', 'event_id']).ignore()
      const fresh = await ctx.db('webhooks_deliveries').select('id').where({ event_id: event.id, status: 'pending', attempts: 0 }).whereIn('endpoint_id', ids) as Array<{ id: string }>
      for (const { id } of fresh) await enqueueAttempt(jobs, ctx, id, 0)
      return fresh.length
    },

    /** An endpoint's deliveries, newest first, by status and creation period. */
    async list (ctx: Ctx, endpointId: string, query: DeliveryQuery): Promise<PageOf<WebhookDelivery>> {
      if (query.since != null && query.until != null && Date.parse(query.since) >= Date.parse(query.until)) throw new InvalidPeriodError()
      const endpoint = await ctx.db('webhooks_endpoints').where({ id: endpointId }).first('id')
      if (endpoint == null) throw new EndpointNotFoundError(endpointId)
      const q = ctx.db('webhooks_deliveries').select(deliveryColumns).where({ endpoint_id: endpointId })
      if (query.status != null) q.where({ status: query.status })
      if (query.since != null) q.where('created_at', '>=', query.since)
      if (query.until != null) q.where('created_at', '<', query.until)
      const page = await keysetPage<DeliveryRow>(q, query, {
        list: `webhooks.deliveries.${endpointId}`, columns: ['created_at', 'id'], direction: 'desc', keyOf: (r) => [iso(r.created_at), r.id],
      })
      return { items: page.items.map(toDelivery), nextCursor: page.nextCursor }
    },

    /** One delivery with every attempt (status, duration, truncated response, error). */
    async get (ctx: Ctx, deliveryId: string): Promise<WebhookDeliveryDetail> {
      const delivery = await row(ctx, deliveryId)
      const attempts = await ctx.db('webhooks_attempts').select('attempt', 'started_at', 'duration_ms', 'status_code', 'response_body', 'error', 'outcome')
        .where({ delivery_id: deliveryId }).orderBy('attempt') as AttemptRow[]
      return { ...toDelivery(delivery), log: attempts.map(toAttempt) }
    },

    /** Sends a succeeded or failed delivery again (same event id, so the receiver can dedupe). */
    async redeliver (ctx: Ctx, deliveryId: string): Promise<WebhookDelivery> {
      const requeued = await inTransaction(ctx, async (tx) => {
        const delivery = await row(tx, deliveryId, true)
        if (delivery.erased_at != null) throw new DeliveryErasedError(deliveryId)
        if (delivery.status === 'pending') throw new DeliveryInProgressError(deliveryId)
        await enabledEndpoint(tx, delivery.endpoint_id)
        await requeue(tx, delivery)
        return await row(tx, deliveryId)
      })
      await enqueueAll(ctx, [requeued], `r${Date.now()}`)
      return toDelivery(requeued)
    },

    /** Puts every failed delivery of an endpoint created in [since, until) back in line (at most 1000 a call). */
    async redeliverFailed (ctx: Ctx, endpointId: string, period: RedeliverFailedInput): Promise<{ redelivered: number }> {
      if (Date.parse(period.since) >= Date.parse(period.until)) throw new InvalidPeriodError()
      const failed = await inTransaction(ctx, async (tx) => {
        await enabledEndpoint(tx, endpointId)
        const rows = await tx.db('webhooks_deliveries').select(deliveryColumns)
          .where({ endpoint_id: endpointId, status: 'failed' }).whereNull('erased_at')
          .where('created_at', '>=', period.since).where('created_at', '<', period.until)
          .orderBy('created_at').limit(redeliverBatch).forUpdate() as DeliveryRow[]
        for (const delivery of rows) await requeue(tx, delivery)
        return rows
      })
      await enqueueAll(ctx, failed, `r${Date.now()}`)
      return { redelivered: failed.length }
    },

    /** A test ping: a delivery of `webhooks.ping` to this endpoint only, logged like any other. */
    async ping (ctx: Ctx, endpointId: string): Promise<WebhookDelivery> {
      const created = await inTransaction(ctx, async (tx) => {
        await enabledEndpoint(tx, endpointId)
        const [inserted] = await tx.db('webhooks_deliveries').insert({
          endpoint_id: endpointId, event_id: randomUUID(), event_name: pingEventName, occurred_at: tx.db.fn.now(),
          payload: JSON.stringify({ endpointId }), attempt_limit: 1, next_attempt_at: tx.db.fn.now(),
        }).returning(deliveryColumns) as DeliveryRow[]
        return inserted as DeliveryRow
      })
      await enqueueAll(ctx, [created], 'p')
      return toDelivery(created)
    },

    /**
     * Enqueues pending deliveries overdue by a minute with no attempt in flight: what a crash
     * between a commit and its enqueue leaves behind. Resolves to how many.
     */
    async resume (ctx: Ctx): Promise<number> {
      const overdue = await ctx.db('webhooks_deliveries').select('id', 'attempts').where({ status: 'pending' })
        .where('next_attempt_at', '<', ctx.db.raw("now() - interval '1 minute'"))
        .where((q) => { void q.whereNull('locked_until').orWhere('locked_until', '<=', ctx.db.fn.now()) })
        .orderBy('next_attempt_at').limit(1000) as Array<{ id: string, attempts: number }>
      await enqueueAll(ctx, overdue, `s${Date.now()}`)
      // A worker that crashed mid-attempt never released its slot: recount where the counter exceeds the locks.
      await ctx.db.raw(`update webhooks_endpoints e set in_flight = c.n
        from (select e2.id, (select count(*) from webhooks_deliveries d where d.endpoint_id = e2.id and d.locked_until > now())::int as n
              from webhooks_endpoints e2 where e2.in_flight > 0) c
        where e.id = c.id and e.in_flight > c.n`)
      return overdue.length
    },

    /** Deletes finished deliveries (and their attempts) older than the retention. */
    async purge (ctx: Ctx): Promise<number> {
      return await ctx.db('webhooks_deliveries').whereNot({ status: 'pending' })
        .where('created_at', '<', new Date(Date.now() - config.retentionDays * 86_400_000).toISOString()).delete()
    },
  }
}

export type DeliveryService = ReturnType<typeof createDeliveryService>
