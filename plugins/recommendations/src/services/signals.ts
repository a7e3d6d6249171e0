import { inTransaction, NotFoundError, type Cradle, type Ctx, type PluginScope } from '@comptoir/core'
import type { RecommendationsConfig } from '../config.js'

/** One order's products, as a purchase signal. */
export interface PurchaseInput {
  orderId: string
  customerId: string | null
  occurredAt: string
  lines: ReadonlyArray<{ productId: string, quantity: number }>
}

/** A session's views or add-to-carts, as analytics reports them. */
export interface ActivityInput {
  sessionId: string
  customerId: string | null
  kind: 'view' | 'cart'
  items: ReadonlyArray<{ productId: string, quantity?: number, occurredAt: string }>
}

/**
 * The signals the models learn from, in recommendations' own tables: purchases (from orders'
 * events), profiling consent (from customers'), and the catalog projection (status, stock, attributes,
 * prices) every pick is filtered through at serve time.
 */
export function createSignalService ({ catalog, catalogAvailability, catalogVariants }: Cradle, { config }: PluginScope<RecommendationsConfig>) {
  /** Claims an event for one subscriber: true the first time (the primary key decides, so concurrent redeliveries apply once). */
  async function claim (ctx: Ctx, eventId: string, subscriber: string): Promise<boolean> {
    const rows = await ctx.db('recommendations_applied_events').insert({ event_id: eventId, subscriber })
      .onConflict(['event_id', 'subscriber']).ignore().returning('event_id') as unknown[]
    return rows.length > 0
  }

  const service = {
    claim,

    /** Runs `apply` once per event id and subscriber, in one transaction with the claim. */
    async once (ctx: Ctx, eventId: string, subscriber: string, apply: (tx: Ctx) => Promise<void>): Promise<void> {
      await inTransaction(ctx, async (tx) => {
        if (await claim(tx, eventId, subscriber)) await apply(tx)
      })
    },

    /** Records an order's products as purchases (one row per order and product; a repeat changes nothing). */
    async recordPurchase (ctx: Ctx, input: PurchaseInput): Promise<void> {
      const quantities = new Map<string, number>()
      for (const line of input.lines) quantities.set(line.productId, (quantities.get(line.productId) ?? 0) + line.quantity)
      if (quantities.size === 0) return
      const insert = ctx.db('recommendations_interactions').insert([...quantities].map(([productId, quantity]) => ({
        customer_id: input.customerId, order_id: input.orderId, product_id: productId, kind: 'purchase', quantity, occurred_at: input.occurredAt,
      })))
      await ctx.db.raw("? on conflict (order_id, product_id) where kind = 'purchase' do nothing", [insert])
    },

    /**
     * Records a session's product views or add-to-carts (analytics' events): one row per session,
     * product and kind, its count summed and its time the latest; a customer id, once known, stays.
     */
    async recordActivity (ctx: Ctx, input: ActivityInput): Promise<void> {
      const byProduct = new Map<string, { quantity: number, occurredAt: string }>()
      for (const item of input.items) {
        const seen = byProduct.get(item.productId)
        byProduct.set(item.productId, {
          quantity: (seen?.quantity ?? 0) + (item.quantity ?? 1),
          occurredAt: seen == null || seen.occurredAt < item.occurredAt ? item.occurredAt : seen.occurredAt,
        })
      }
      if (byProduct.size === 0) return
      const insert = ctx.db('recommendations_interactions').insert([...byProduct].map(([productId, v]) => ({
        customer_id: input.customerId, session_id: input.sessionId, product_id: productId, kind: input.kind, quantity: v.quantity, occurred_at: v.occurredAt,
      })))
      await ctx.db.raw(`? on conflict (session_id, product_id, kind) where kind <> 'purchase' do update set
        quantity = recommendations_interactions.quantity + excluded.quantity,
        occurred_at = greatest(recommendations_interactions.occurred_at, excluded.occurred_at),
        customer_id = coalesce(excluded.customer_id, recommendations_interactions.customer_id)`, [insert])
    },

    /**
     * Deletes anonymous sessions' views and add-to-carts older than `sessionTtlDays`, everyone's
     * older than `historyDays`, and applied-event ids older than both (a redelivery that late is not expected).
     */
    async expire (ctx: Ctx, limits = { sessionTtlDays: config.sessionTtlDays, historyDays: config.historyDays }): Promise<{ sessions: number, history: number }> {
      const before = (days: number): Date => new Date(Date.now() - days * 86_400_000)
      const sessions = await ctx.db('recommendations_interactions').whereNull('customer_id').whereNot({ kind: 'purchase' })
        .where('occurred_at', '<', before(limits.sessionTtlDays)).delete()
      const history = await ctx.db('recommendations_interactions').whereNot({ kind: 'purchase' })
        .where('occurred_at', '<', before(limits.historyDays)).delete()
      await ctx.db('recommendations_applied_events').where('applied_at', '<', before(Math.max(limits.sessionTtlDays, 30))).delete()
      return { sessions, history }
    },

    /** A cancelled order (or, with `productIds`, its fully returned products) no longer counts. */
    async removePurchase (ctx: Ctx, orderId: string, productIds?: readonly string[]): Promise<number> {
      const q = ctx.db('recommendations_interactions').where({ order_id: orderId, kind: 'purchase' })
      if (productIds != null) void q.whereIn('product_id', productIds)
      return await q.delete()
    },

    /** The customer's current profiling consent, as customers last reported it. */
    async setConsent (ctx: Ctx, customerId: string, granted: boolean): Promise<void> {
      await ctx.db('recommendations_consents').insert({ customer_id: customerId, profiling: granted, updated_at: ctx.db.fn.now() })
        .onConflict('customer_id').merge(['profiling', 'updated_at'])
      if (!granted) await ctx.db('recommendations_for_you').where({ customer_id: customerId }).delete()
    },

    /** Re-reads the products of these variants (a stock level ran out or was replenished). */
    async syncVariants (ctx: Ctx, variantIds: readonly string[]): Promise<void> {
      const variants = await catalogVariants.forPurchase(ctx, variantIds, 'EUR')
      await service.syncProducts(ctx, [...variants.values()].map((v) => v.productId))
    },

    /**
     * Re-reads products from the catalog into the projection (status, attributes, lowest base price
     * per currency); a product the catalog no longer has is dropped.
     */
    async syncProducts (ctx: Ctx, productIds: readonly string[]): Promise<void> {
      for (const productId of new Set(productIds)) {
        let product
        try {
          product = await catalog.get(ctx, productId)
        } catch (error) {
          if (!(error instanceof NotFoundError)) throw error
          await ctx.db('recommendations_product_prices').where({ product_id: productId }).delete()
          await ctx.db('recommendations_products').where({ product_id: productId }).delete()
          continue
        }
        // Out of stock only when every variant whose stock is known is out (no inventory: always in stock).
        const statuses = [...(await catalogAvailability.forVariants(ctx, product.variants.map((v) => v.id))).values()].map((a) => a.status)
        const inStock = statuses.length === 0 || statuses.some((status) => status !== 'out_of_stock')
        const lowest = new Map<string, number>()
        for (const variant of product.variants) {
          for (const price of variant.prices) lowest.set(price.currency, Math.min(lowest.get(price.currency) ?? Infinity, price.amount))
        }
        await inTransaction(ctx, async (tx) => {
          // A handle freed by another product (renamed or deleted since) moves to this one.
          await tx.db('recommendations_products').where({ handle: product.handle }).whereNot({ product_id: productId }).delete()
          await tx.db('recommendations_products').insert({
            product_id: productId, handle: product.handle, title: product.title, status: product.status, vendor: product.vendor,
            product_type: product.productType, tags: product.tags, category_ids: product.categoryIds,
            option_names: product.options.map((o) => o.name), in_stock: inStock, updated_at: tx.db.fn.now(),
          }).onConflict('product_id').merge()
          await tx.db('recommendations_product_prices').where({ product_id: productId }).delete()
          if (lowest.size > 0) {
            await tx.db('recommendations_product_prices').insert([...lowest].map(([currency, amount]) => ({ product_id: productId, currency, amount })))
          }
        })
      }
    },
  }
  return service
}

export type SignalService = ReturnType<typeof createSignalService>
