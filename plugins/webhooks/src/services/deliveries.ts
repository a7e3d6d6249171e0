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

  /** Puts a finished delivery back in line with a fresh budget of attempts. */
  async function requeue (ctx: Ctx, delivery: DeliveryRow): Promise<void> {
    await ctx.db('webhooks_deliveries').where({ id: delivery.id }).update({
      status: 'pending', attempt_limit: delivery.attempts + config.maxAttempts, next_attempt_at: ctx.db.fn.now(), updated_at: ctx.db.fn.now(),
    })
    // A new job id: the last attempt's job may still be kept by the job layer, which would drop a same-id job.
    await enqueueAttempt(jobs, ctx, delivery.id, delivery.attempts, 0, `r${Date.now()}`)
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
      return await inTransaction(ctx, async (tx) => {
        await tx.db('webhooks_deliveries').insert(ids.map((endpointId) => ({
          endpoint_id: endpointId, event_id: event.id, event_name: event.name, occurred_at: event.occurredAt,
          payload: JSON.stringify(event.payload ?? null), attempt_limit: config.maxAttempts, next_attempt_at: tx.db.fn.now(),
        }))).onConflict(['endpoint_id', 'event_id']).ignore()
        const fresh = await tx.db('webhooks_deliveries').select('id').where({ event_id: event.id, status: 'pending', attempts: 0 }).whereIn('endpoint_id', ids) as Array<{ id: string }>
        for (const { id } of fresh) await enqueueAttempt(jobs, tx, id, 0)
        return fresh.length
      })
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
      return await inTransaction(ctx, async (tx) => {
        const delivery = await row(tx, deliveryId, true)
        if (delivery.erased_at != null) throw new DeliveryErasedError(deliveryId)
        if (delivery.status === 'pending') throw new DeliveryInProgressError(deliveryId)
        await enabledEndpoint(tx, delivery.endpoint_id)
        await requeue(tx, delivery)
        return toDelivery(await row(tx, deliveryId))
      })
    },

    /** Puts every failed delivery of an endpoint created in [since, until) back in line (at most 1000 a call). */
    async redeliverFailed (ctx: Ctx, endpointId: string, period: RedeliverFailedInput): Promise<{ redelivered: number }> {
      if (Date.parse(period.since) >= Date.parse(period.until)) throw new InvalidPeriodError()
      return await inTransaction(ctx, async (tx) => {
        await enabledEndpoint(tx, endpointId)
        const failed = await tx.db('webhooks_deliveries').select(deliveryColumns)
          .where({ endpoint_id: endpointId, status: 'failed' }).whereNull('erased_at')
          .where('created_at', '>=', period.since).where('created_at', '<', period.until)
          .orderBy('created_at').limit(redeliverBatch).forUpdate() as DeliveryRow[]
        for (const delivery of failed) await requeue(tx, delivery)
        return { redelivered: failed.length }
      })
    },

    /** A test ping: a delivery of `webhooks.ping` to this endpoint only, logged like any other. */
    async ping (ctx: Ctx, endpointId: string): Promise<WebhookDelivery> {
      return await inTransaction(ctx, async (tx) => {
        await enabledEndpoint(tx, endpointId)
        const [created] = await tx.db('webhooks_deliveries').insert({
          endpoint_id: endpointId, event_id: randomUUID(), event_name: pingEventName, occurred_at: tx.db.fn.now(),
          payload: JSON.stringify({ endpointId }), attempt_limit: 1, next_attempt_at: tx.db.fn.now(),
        }).returning(deliveryColumns) as DeliveryRow[]
        await enqueueAttempt(jobs, tx, (created as DeliveryRow).id, 0)
        return toDelivery(created as DeliveryRow)
      })
    },

    /** Deletes finished deliveries (and their attempts) older than the retention. */
    async purge (ctx: Ctx): Promise<number> {
      return await ctx.db('webhooks_deliveries').whereNot({ status: 'pending' })
        .where('created_at', '<', new Date(Date.now() - config.retentionDays * 86_400_000).toISOString()).delete()
    },
  }
}

export type DeliveryService = ReturnType<typeof createDeliveryService>
