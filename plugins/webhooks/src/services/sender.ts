import { inTransaction, type Cradle, type Ctx, type PluginScope } from '@comptoir/core'
import { createAddressGuard } from '../address-guard.js'
import type { WebhooksConfig } from '../config.js'
import { enqueueAttempt } from '../delivery-jobs.js'
import { postJson } from '../http-client.js'
import { isRetryableStatus, retryAfterMs, retryDelayMs } from '../retry-policy.js'
import { endpointColumns, iso, signingSecrets, type DeliveryRow, type EndpointRow } from '../rows.js'
import type { WebhookBody } from '../schemas.js'
import { signatureHeader, webhookHeaders } from '../verify.js'

/** An attempt found its delivery locked by another (or a crashed) worker: the job retries later. */
export class DeliveryLockedError extends Error {
  readonly code = 'WEBHOOKS_DELIVERY_LOCKED'
  constructor (deliveryId: string) { super(`Delivery ${deliveryId} has an attempt in flight`) }
}

/** What the attempt's claim found. */
type Claim =
  | { kind: 'stale' }
  | { kind: 'busy' }
  | { kind: 'go', delivery: DeliveryRow & { payload: unknown }, endpoint: EndpointRow }

interface Outcome { outcome: 'succeeded' | 'retrying' | 'failed', statusCode: number | null, responseBody: string | null, error: string | null, retryAfterMs: number | null }

/** Grace on top of the attempt's timeout before a lock counts as abandoned (a crashed worker). */
const lockGraceMs = 30_000

/** The sender (`webhooksSender`): makes one attempt of a delivery and records it. */
export function createSenderService ({ jobs, events }: Cradle, { config }: PluginScope<WebhooksConfig>) {
  const guard = createAddressGuard(config)

  /**
   * Claims attempt `attempt + 1` in single statements (no row lock held across round trips, so
   * one endpoint's attempts do not queue behind each other): 1. a slot in the endpoint's bound,
   * by a conditional increment; 2. the delivery, still pending at this count and unlocked. A
   * disabled endpoint fails the delivery without an attempt.
   */
  async function claim (ctx: Ctx, deliveryId: string, attempt: number): Promise<Claim> {
    const delivery = await ctx.db('webhooks_deliveries').where({ id: deliveryId }).first() as (DeliveryRow & { payload: unknown }) | undefined
    if (delivery == null || delivery.status !== 'pending' || delivery.attempts !== attempt) return { kind: 'stale' }
    const [endpoint] = await ctx.db('webhooks_endpoints').where({ id: delivery.endpoint_id, enabled: true }).where('in_flight', '<', config.maxInFlightPerEndpoint)
      .increment('in_flight', 1).returning(endpointColumns) as EndpointRow[]
    if (endpoint == null) {
      const current = await ctx.db('webhooks_endpoints').where({ id: delivery.endpoint_id }).first('enabled') as { enabled: boolean } | undefined
      if (current == null) return { kind: 'stale' }
      if (!current.enabled) {
        await ctx.db('webhooks_deliveries').where({ id: deliveryId, status: 'pending' }).update({ status: 'failed', next_attempt_at: null, updated_at: ctx.db.fn.now() })
        return { kind: 'stale' }
      }
      return { kind: 'busy' }
    }
    const locked = await ctx.db('webhooks_deliveries').where({ id: deliveryId, status: 'pending', attempts: attempt })
      .where((q) => { void q.whereNull('locked_until').orWhere('locked_until', '<=', ctx.db.fn.now()) })
      .update({ locked_until: ctx.db.raw("now() + (? * interval '1 millisecond')", [config.timeoutMs + lockGraceMs]) })
    if (locked === 0) {
      await release(ctx, endpoint.id)
      const again = await ctx.db('webhooks_deliveries').where({ id: deliveryId, status: 'pending', attempts: attempt }).first('id')
      if (again != null) throw new DeliveryLockedError(deliveryId)
      return { kind: 'stale' }
    }
    return { kind: 'go', delivery, endpoint }
  }

  async function release (ctx: Ctx, endpointId: string): Promise<void> {
    await ctx.db('webhooks_endpoints').where({ id: endpointId }).where('in_flight', '>', 0).decrement('in_flight', 1)
  }

  async function send (delivery: DeliveryRow & { payload: unknown }, endpoint: EndpointRow): Promise<Outcome> {
    const body: WebhookBody = {
      id: delivery.event_id, name: delivery.event_name, occurredAt: iso(delivery.occurred_at),
      payload: typeof delivery.payload === 'string' ? JSON.parse(delivery.payload) : delivery.payload,
    }
    const text = JSON.stringify(body)
    const timestamp = Math.floor(Date.now() / 1000)
    const headers = {
      [webhookHeaders.eventId]: delivery.event_id,
      [webhookHeaders.eventName]: delivery.event_name,
      [webhookHeaders.deliveryId]: delivery.id,
      [webhookHeaders.timestamp]: String(timestamp),
      [webhookHeaders.signature]: signatureHeader(signingSecrets(endpoint), timestamp, text),
    }
    try {
      // Checked again at each attempt: the store's allowances may have changed since creation.
      const url = guard.checkUrl(endpoint.url)
      const answer = await postJson(url, text, headers, { guard, timeoutMs: config.timeoutMs, maxResponseBytes: config.maxResponseBytes })
      const ok = answer.statusCode >= 200 && answer.statusCode < 300
      const retry = !ok && isRetryableStatus(answer.statusCode)
      return {
        outcome: ok ? 'succeeded' : retry ? 'retrying' : 'failed',
        statusCode: answer.statusCode,
        responseBody: answer.body,
        error: ok ? null : answer.statusCode < 400 ? `HTTP ${answer.statusCode}: redirects are not followed` : `HTTP ${answer.statusCode}`,
        retryAfterMs: retry ? retryAfterMs(answer.headers['retry-after']) : null,
      }
    } catch (error) {
      const e = error as { code?: string, message?: string }
      const refused = e.code === 'WEBHOOKS_ADDRESS_REFUSED' || e.code === 'WEBHOOKS_URL_INVALID' || e.code === 'WEBHOOKS_URL_NOT_HTTPS'
      const message = `${e.code ?? 'Error'}: ${e.message ?? String(error)}`.slice(0, 1000)
      // Network errors and timeouts are retried; an address the store refuses is a configuration error.
      return { outcome: refused ? 'failed' : 'retrying', statusCode: null, responseBody: null, error: message, retryAfterMs: null }
    }
  }

  /** Records the attempt, moves the delivery on, and keeps the endpoint's failure clock (disabling it past the window). */
  async function record (ctx: Ctx, delivery: DeliveryRow, attempt: number, startedAt: Date, durationMs: number, result: Outcome): Promise<void> {
    const lastAllowed = attempt + 1 >= delivery.attempt_limit
    const outcome = result.outcome === 'retrying' && lastAllowed ? 'failed' : result.outcome
    const delayMs = outcome === 'retrying' ? retryDelayMs(attempt + 2, { baseMs: config.backoffBaseMs, maxMs: config.backoffMaxMs, retryAfterMs: result.retryAfterMs }) : 0
    const moved = await inTransaction(ctx, async (tx) => {
      const moved = await tx.db('webhooks_deliveries').where({ id: delivery.id, attempts: attempt, status: 'pending' }).update({
        attempts: attempt + 1,
        status: outcome === 'retrying' ? 'pending' : outcome,
        next_attempt_at: outcome === 'retrying' ? new Date(Date.now() + delayMs).toISOString() : null,
        locked_until: null,
        last_status_code: result.statusCode,
        updated_at: tx.db.fn.now(),
      })
      if (moved === 0) return false // recorded by another run of this attempt
      await tx.db('webhooks_attempts').insert({
        delivery_id: delivery.id, attempt: attempt + 1, started_at: startedAt.toISOString(), duration_ms: durationMs,
        status_code: result.statusCode, response_body: result.responseBody, error: result.error, outcome,
      })
      if (outcome === 'succeeded') {
        await tx.db('webhooks_endpoints').where({ id: delivery.endpoint_id }).whereNotNull('failing_since').update({ failing_since: null })
        return true
      }
      await tx.db('webhooks_endpoints').where({ id: delivery.endpoint_id }).whereNull('failing_since').update({ failing_since: tx.db.fn.now() })
      const disabled = await tx.db('webhooks_endpoints').where({ id: delivery.endpoint_id, enabled: true })
        .where('failing_since', '<=', tx.db.raw("now() - (? * interval '1 millisecond')", [config.disableAfterMs]))
        .update({ enabled: false, disabled_reason: 'failing', updated_at: tx.db.fn.now() }).returning(['id', 'failing_since']) as Array<{ id: string, failing_since: Date | string }>
      for (const endpoint of disabled) {
        ctx.log.warn({ endpointId: endpoint.id }, 'webhook endpoint disabled: failing for too long')
        await events.emit(tx, 'webhooks.endpoint.disabled', { endpointId: endpoint.id, reason: 'failing', failingSince: iso(endpoint.failing_since) })
      }
      return true
    })
    // After commit: on Redis a job added inside the transaction could run before the row it reads exists.
    // A crash in between leaves a pending delivery without a job: webhooks.resume-deliveries picks it up.
    if (moved && outcome === 'retrying') await enqueueAttempt(jobs, ctx, delivery.id, attempt + 1, delayMs)
  }

  return {
    /**
     * Makes attempt `attempt + 1` of a delivery, if it is still due (a stale job does nothing).
     * No transaction is open during the HTTP call.
     */
    async attempt (ctx: Ctx, deliveryId: string, attempt: number): Promise<void> {
      const claimed = await claim(ctx, deliveryId, attempt)
      if (claimed.kind === 'stale') return
      if (claimed.kind === 'busy') {
        // The endpoint has its share of workers: try again shortly, under a new job id.
        await enqueueAttempt(jobs, ctx, deliveryId, attempt, Math.min(1000, config.timeoutMs) * (0.5 + Math.random()), `w${Date.now()}`)
        return
      }
      const startedAt = new Date()
      const result = await send(claimed.delivery, claimed.endpoint)
      try {
        await record(ctx, claimed.delivery, attempt, startedAt, Date.now() - startedAt.getTime(), result)
      } finally {
        // After the record commits, in its own statement: the record holds no lock on the endpoint row.
        await release(ctx, claimed.endpoint.id)
      }
    },
  }
}

export type SenderService = ReturnType<typeof createSenderService>
