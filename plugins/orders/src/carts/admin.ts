import { keysetPage, type Ctx, type PageOf } from '@comptoir/core'
import type { CartDeps } from './deps.js'
import { CartNotFoundError } from './errors.js'
import { cartColumns, iso, type CartRow } from './rows.js'
import type { AdminCartQuery, Cart, CartSummary } from './schemas.js'
import { loadCartState, toCart } from './view.js'

type SummaryRow = CartRow & { line_count: string | number, created_key: string }

/** Support views of carts (admin) and their retention. */
export function createAdminCarts (deps: CartDeps) {
  return {
    /** Carts newest first, filtered by status, customer or email (exact, case-insensitive). */
    async list (ctx: Ctx, query: AdminCartQuery): Promise<PageOf<CartSummary>> {
      const q = ctx.db('orders_carts as c').select([...cartColumns.map((c) => `c.${c}`),
        ctx.db.raw('(select count(*) from orders_cart_lines l where l.cart_id = c.id) as line_count'),
        // Microsecond cursor key: a JavaScript Date would round to milliseconds and skip rows.
        ctx.db.raw(`to_char(c.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_key`)])
      if (query.status != null) q.where('c.status', query.status)
      if (query.customerId != null) q.where('c.customer_id', query.customerId)
      if (query.email != null) q.whereRaw('lower(c.email) = ?', [query.email.trim().toLowerCase()])
      const page = await keysetPage<SummaryRow>(q, query, { list: 'orders.carts', columns: ['c.created_at', 'c.id'], direction: 'desc', keyOf: (r) => [r.created_key, r.id] })
      return {
        items: page.items.map((r) => ({
          id: r.id, status: r.status, currency: r.currency, customerId: r.customer_id, email: r.email, lineCount: Number(r.line_count),
          orderId: r.order_id, createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
        })),
        nextCursor: page.nextCursor,
      }
    },

    /** Any cart, for support (no ownership check: the route requires orders:read). */
    async getForAdmin (ctx: Ctx, cartId: string): Promise<Cart> {
      const row = await ctx.db('orders_carts').select(cartColumns).where({ id: cartId }).first() as CartRow | undefined
      if (row == null) throw new CartNotFoundError(cartId)
      return toCart(await loadCartState(ctx, deps, row))
    },

    /**
     * Deletes up to `limit` guest carts (open or merged) untouched for `cartTtlDays`, oldest
     * first; their lines and codes go with them. Customer carts and checked-out carts stay.
     */
    async expireGuestCarts (ctx: Ctx, limit: number): Promise<number> {
      const deleted = await ctx.db('orders_carts').whereIn('id', ctx.db('orders_carts').select('id')
        .whereNull('customer_id').whereIn('status', ['open', 'merged'])
        .andWhere('updated_at', '<', ctx.db.raw('now() - make_interval(days => ?)', [deps.config.cartTtlDays]))
        .orderBy('updated_at').limit(limit)).delete().returning('id') as unknown[]
      return deleted.length
    },
  }
}
