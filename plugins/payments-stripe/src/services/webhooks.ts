import { inTransaction, type Cradle, type Ctx } from '@comptoir/core'
import type Stripe from 'stripe'
import { WebhookPayloadInvalidError } from '../errors.js'
import { factsOf, isHandled, type EventFacts, type HandledEventType } from './event-facts.js'
import { createWebhookEffects, type EffectOutcome } from './webhook-effects.js'
import { riskOf } from './charge-risk.js'

/** The events whose report to orders carries Radar's outcome of the charge. */
const riskDecidingTypes: ReadonlySet<HandledEventType> = new Set(['payment_intent.amount_capturable_updated', 'payment_intent.succeeded'])

interface WebhookEventRow {
  id: string
  stripe_event_id: string
  type: string
  event_created_at: Date
  facts: EventFacts | string
  processed_at: Date | null
}

/**
 * Stripe webhooks: verified over the raw body, stored once per event id, applied later by the
 * `payments-stripe.webhook-event.received` subscriber (outbox: the event row and the outbox row
 * commit together, and a crash while applying rolls back and retries).
 */
export function createWebhooksService (cradle: Cradle) {
  const { paymentsStripeClient: client, events } = cradle
  const effects = createWebhookEffects(cradle)

  return {
    /** Verifies and stores one delivery; a redelivery answers `duplicate: true` and changes nothing. */
    async receive (ctx: Ctx, rawBody: Buffer, signature: string | undefined): Promise<{ received: boolean, duplicate: boolean }> {
      const event = client.verifyEvent(rawBody, signature)
      if (typeof event.id !== 'string' || event.id.length > 255 || typeof event.type !== 'string' || event.type.length > 100 ||
        typeof event.created !== 'number' || typeof event.data?.object !== 'object' || event.data.object == null) {
        throw new WebhookPayloadInvalidError()
      }
      const facts = isHandled(event.type) ? factsOf(event) : null
      return await inTransaction(ctx, async (tx) => {
        const inserted = await tx.db('payments_stripe_webhook_events').insert({
          stripe_event_id: event.id,
          type: event.type,
          livemode: event.livemode === true,
          event_created_at: new Date(event.created * 1000),
          facts: JSON.stringify(facts ?? {}),
          processed_at: facts == null ? tx.db.fn.now() : null,
          outcome: facts == null ? 'ignored' : null,
        }).onConflict('stripe_event_id').ignore().returning('id') as Array<{ id: string }>
        const row = inserted[0]
        if (row == null) return { received: true, duplicate: true }
        if (facts != null) await events.emit(tx, 'payments-stripe.webhook-event.received', { webhookEventId: row.id, stripeEventId: event.id, type: event.type })
        return { received: true, duplicate: false }
      })
    },

    /** Applies a stored event once: a processed one is left alone, a failure rolls back for the retry. */
    async apply (ctx: Ctx, webhookEventId: string): Promise<EffectOutcome | null> {
      const row = await ctx.db('payments_stripe_webhook_events').select('id', 'stripe_event_id', 'type', 'event_created_at', 'facts', 'processed_at').where({ id: webhookEventId }).first() as WebhookEventRow | undefined
      if (row == null || row.processed_at != null || !isHandled(row.type)) return null
      const facts = (typeof row.facts === 'string' ? JSON.parse(row.facts) : row.facts) as EventFacts
      const type: HandledEventType = row.type
      // Network first, outside the transaction (no lock held while Stripe answers).
      const refunds = type === 'charge.refunded' && facts.chargeId != null ? await listRefunds(facts.chargeId) : []
      // A payment confirmed in the browser (3-D Secure) reaches orders here: Radar's word comes with it.
      const risk = riskDecidingTypes.has(type) && facts.chargeId != null ? riskOf(await retrieveCharge(facts.chargeId)) : undefined
      return await inTransaction(ctx, async (tx) => {
        const locked = await tx.db('payments_stripe_webhook_events').select('processed_at').where({ id: row.id }).forUpdate().first() as { processed_at: Date | null } | undefined
        if (locked == null || locked.processed_at != null) return null
        const outcome = await effects.apply(tx, { type, facts, occurredAt: new Date(row.event_created_at), refunds, risk })
        await tx.db('payments_stripe_webhook_events').where({ id: row.id }).update({ processed_at: tx.db.fn.now(), outcome })
        tx.log.info({ stripeEventId: row.stripe_event_id, type, outcome }, 'stripe event applied')
        return outcome
      })
    },
  }

  async function retrieveCharge (chargeId: string): Promise<Stripe.Charge> {
    return await client.call(async (stripe) => await stripe.charges.retrieve(chargeId))
  }

  async function listRefunds (chargeId: string): Promise<Stripe.Refund[]> {
    return await client.call(async (stripe) => await stripe.refunds.list({ charge: chargeId, limit: 100 }).autoPagingToArray({ limit: 1000 }))
  }
}

export type WebhooksService = ReturnType<typeof createWebhooksService>
