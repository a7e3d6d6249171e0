import { inTransaction, NotFoundError, type Cradle, type Ctx, type DeliveredEvent } from '@comptoir/core'
import { claimEvent, ensureProfiles } from './profile-rows.js'

interface OrderRef { orderId: string, number: string, customerId: string | null }
type Event<P> = DeliveredEvent<P>

/**
 * What the store knows about a customer, projected from customers' and orders' events into crm's
 * tables: timeline entries, the orders segments and RFM read, consent, groups and country.
 * Every method is idempotent on the event id (delivery is at least once).
 */
export function createStoreActivityService ({ crmTimeline, customers, orders }: Cradle) {
  /**
   * Runs `apply` once per event and subscriber, in one transaction with the claim. An event about
   * a customer erased since (a delivery retried after the erasure) records nothing about them.
   */
  async function once (ctx: Ctx, event: Event<{ customerId: string | null }>, subscriber: string, apply: (tx: Ctx) => Promise<void>): Promise<void> {
    const customerId = event.payload.customerId
    if (customerId == null || await isGone(ctx, customerId)) return
    await inTransaction(ctx, async (tx) => {
      if (!(await claimEvent(tx, event.id, subscriber))) return
      await apply(tx)
    })
  }

  async function isGone (ctx: Ctx, customerId: string): Promise<boolean> {
    try {
      return (await customers.get(ctx, customerId)).status === 'erased'
    } catch (error) {
      if (error instanceof NotFoundError) return true
      throw error
    }
  }

  /** The profile, unless it already holds a fact (consent, groups, country) newer than `at`. */
  function newerThan (ctx: Ctx, customerId: string, column: string, at: string) {
    return ctx.db('crm_profiles').where({ customer_id: customerId }).andWhere((q) => { q.whereNull(column).orWhere(column, '<=', at) })
  }

  /** The order's shipping country, when orders still has it (an order crm only heard of has none). */
  async function countryOf (ctx: Ctx, orderId: string): Promise<string | null> {
    try {
      const order = await orders.summary(ctx, orderId)
      return order.shippingAddress?.country ?? order.billingAddress?.country ?? null
    } catch (error) {
      if (error instanceof NotFoundError) return null
      throw error
    }
  }

  return {
    /** An order placed by a customer: counted for segments and RFM, on the timeline, its country kept. */
    async orderPlaced (ctx: Ctx, event: Event<OrderRef & { amount: number, currency: string }>): Promise<void> {
      const p = event.payload
      if (p.customerId == null) return
      const customerId = p.customerId
      await once(ctx, event, 'order-placed', async (tx) => {
        await ensureProfiles(tx, [customerId])
        await tx.db('crm_orders').insert({
          order_id: p.orderId, customer_id: customerId, number: p.number, total_amount: p.amount, currency: p.currency, placed_at: event.occurredAt,
        }).onConflict('order_id').ignore()
        const country = await countryOf(tx, p.orderId)
        if (country != null) await newerThan(tx, customerId, 'country_at', event.occurredAt).update({ country, country_at: event.occurredAt, updated_at: tx.db.fn.now() })
        await crmTimeline.record(tx, {
          customerId, type: 'order.placed', orderId: p.orderId, sourceEventId: event.id, occurredAt: event.occurredAt,
          subject: `Order ${p.number}`, data: { number: p.number, amount: p.amount, currency: p.currency },
        })
      })
    },

    /** A cancelled order no longer counts as spend. */
    async orderCancelled (ctx: Ctx, event: Event<OrderRef & { reason: string | null }>): Promise<void> {
      const p = event.payload
      if (p.customerId == null) return
      const customerId = p.customerId
      await once(ctx, event, 'order-cancelled', async (tx) => {
        await tx.db('crm_orders').where({ order_id: p.orderId }).update({ status: 'cancelled', updated_at: tx.db.fn.now() })
        await crmTimeline.record(tx, { customerId, type: 'order.cancelled', orderId: p.orderId, sourceEventId: event.id, occurredAt: event.occurredAt, subject: `Order ${p.number} cancelled`, data: { number: p.number } })
      })
    },

    /** A refund lowers the order's net spend; the increment is SQL, never read-modify-write. */
    async paymentRefunded (ctx: Ctx, event: Event<OrderRef & { refundId: string, amount: number, currency: string }>): Promise<void> {
      const p = event.payload
      if (p.customerId == null) return
      const customerId = p.customerId
      await once(ctx, event, 'payment-refunded', async (tx) => {
        await tx.db('crm_orders').where({ order_id: p.orderId, currency: p.currency }).increment('refunded_amount', p.amount)
        await crmTimeline.record(tx, {
          customerId, type: 'order.refunded', orderId: p.orderId, sourceEventId: event.id, occurredAt: event.occurredAt,
          subject: `Refund on order ${p.number}`, data: { number: p.number, amount: p.amount, currency: p.currency, refundId: p.refundId },
        })
      })
    },

    /** Shipments, returns and order service notes: timeline entries only. */
    async orderEvent (ctx: Ctx, event: Event<OrderRef & Record<string, unknown>>): Promise<void> {
      const p = event.payload
      if (p.customerId == null) return
      const customerId = p.customerId
      const type = event.name.replace(/^orders\./, '')
      // Facts worth showing, never personal data (payloads carry none by rule).
      const data: Record<string, unknown> = { number: p.number }
      for (const key of ['carrier', 'trackingNumber', 'trackingUrl', 'returnId', 'fulfilmentId', 'visibility', 'entryId']) {
        if (p[key] != null) data[key] = p[key]
      }
      await once(ctx, event, 'order-event', async (tx) => {
        await crmTimeline.record(tx, { customerId, type, orderId: p.orderId, sourceEventId: event.id, occurredAt: event.occurredAt, subject: `Order ${p.number}: ${type.replace(/^\w+\./, '').replaceAll('-', ' ')}`, data })
      })
    },

    /** Consent changes: the timeline, and the marketing flag segments read. */
    async consentChanged (ctx: Ctx, event: Event<{ customerId: string, purpose: string, granted: boolean }>): Promise<void> {
      const p = event.payload
      await once(ctx, event, 'consent-changed', async (tx) => {
        await ensureProfiles(tx, [p.customerId])
        if (p.purpose === 'marketing') {
          await newerThan(tx, p.customerId, 'marketing_consent_at', event.occurredAt)
            .update({ marketing_consent: p.granted, marketing_consent_at: event.occurredAt, updated_at: tx.db.fn.now() })
        }
        await crmTimeline.record(tx, { customerId: p.customerId, type: 'consent.changed', sourceEventId: event.id, occurredAt: event.occurredAt, subject: `Consent ${p.granted ? 'given' : 'withdrawn'}: ${p.purpose}`, data: { purpose: p.purpose, granted: p.granted } })
      })
    },

    /** The customer's groups, as segments read them (the event carries the whole set). */
    async groupsChanged (ctx: Ctx, event: Event<{ customerId: string, groupIds: string[] }>): Promise<void> {
      const p = event.payload
      await once(ctx, event, 'groups-changed', async (tx) => {
        await ensureProfiles(tx, [p.customerId])
        await newerThan(tx, p.customerId, 'group_ids_at', event.occurredAt).update({ group_ids: p.groupIds, group_ids_at: event.occurredAt, updated_at: tx.db.fn.now() })
        await crmTimeline.record(tx, { customerId: p.customerId, type: 'account.groups-changed', sourceEventId: event.id, occurredAt: event.occurredAt, subject: 'Customer groups changed', data: { groupIds: p.groupIds } })
      })
    },

    /** Registration, profile changes, disabling: timeline entries (and a profile row from registration on). */
    async accountEvent (ctx: Ctx, event: Event<{ customerId: string, changed?: string[] }>): Promise<void> {
      const p = event.payload
      const type = event.name.replace(/^customers\.customer\./, 'account.')
      await once(ctx, event, 'account-event', async (tx) => {
        await crmTimeline.record(tx, {
          customerId: p.customerId, type, sourceEventId: event.id, occurredAt: event.occurredAt,
          subject: `Account ${type.slice('account.'.length).replaceAll('-', ' ')}`, data: p.changed != null ? { changed: p.changed } : {},
        })
      })
    },
  }
}

export type StoreActivityService = ReturnType<typeof createStoreActivityService>
