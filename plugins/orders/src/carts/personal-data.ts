import type { Ctx } from '@comptoir/core'
import { iso, lineColumns, num, orderLines, type LineRow } from './rows.js'
import type { CartAddress } from './schemas.js'

interface ExportRow { id: string, status: string, currency: string, email: string | null, shipping_address: CartAddress | null, billing_address: CartAddress | null, order_id: string | null, created_at: Date, updated_at: Date }

/** The customer's carts (any status) with their lines and details. */
async function exportCarts (ctx: Ctx, customerId: string): Promise<unknown> {
  const carts = await ctx.db('orders_carts').select('id', 'status', 'currency', 'email', 'shipping_address', 'billing_address', 'order_id', 'created_at', 'updated_at')
    .where({ customer_id: customerId }).orderBy([{ column: 'created_at' }, { column: 'id' }]) as ExportRow[]
  const lines = orderLines(await ctx.db('orders_cart_lines').select(lineColumns).whereIn('cart_id', carts.map((c) => c.id)) as LineRow[])
  return {
    carts: carts.map((c) => ({
      id: c.id, status: c.status, currency: c.currency, email: c.email, shippingAddress: c.shipping_address, billingAddress: c.billing_address,
      orderId: c.order_id, createdAt: iso(c.created_at), updatedAt: iso(c.updated_at),
      lines: lines.filter((l) => l.cart_id === c.id).map((l) => ({
        variantId: l.variant_id, sku: l.sku, title: l.product_title, variantTitle: l.variant_title, quantity: l.quantity, unitAmount: num(l.unit_amount),
      })),
    })),
  }
}

/**
 * Open and merged carts are deleted. Carts that became (or are becoming) orders keep their lines
 * and amounts, detached from the person: no customer, email or address. Promotion-usage counters
 * keyed on the customer go; the usage records keep amounts without the customer.
 */
async function eraseCarts (ctx: Ctx, customerId: string, _pseudonym: string): Promise<void> {
  await ctx.db('orders_carts').where({ customer_id: customerId }).whereIn('status', ['open', 'merged']).delete()
  await ctx.db('orders_carts').where({ customer_id: customerId })
    .update({ customer_id: null, token_hash: null, email: null, shipping_address: null, billing_address: null, updated_at: ctx.db.fn.now() })
  await ctx.db('orders_promotion_customer_usages').where({ customer_key: `customer:${customerId}` }).delete()
  await ctx.db('orders_promotion_usages').where({ customer_id: customerId }).update({ customer_id: null, customer_key: null })
}

/** GDPR contributor for carts; the orders manifest combines it with the orders' own. */
export const cartPersonalData = { export: exportCarts, erase: eraseCarts }
