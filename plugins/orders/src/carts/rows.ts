import type { Ctx } from '@comptoir/core'
import type { CartAddress, CartStatus } from './schemas.js'

export interface CartRow {
  id: string, status: CartStatus, customer_id: string | null, currency: string, email: string | null,
  shipping_address: CartAddress | null, billing_address: CartAddress | null, shipping_option_id: string | null,
  order_id: string | null, merged_into_cart_id: string | null, created_at: Date, updated_at: Date
}
export const cartColumns = ['id', 'status', 'customer_id', 'currency', 'email', 'shipping_address', 'billing_address', 'shipping_option_id',
  'order_id', 'merged_into_cart_id', 'created_at', 'updated_at']

export interface LineRow {
  id: string, cart_id: string, variant_id: string, product_id: string, sku: string | null, product_title: string, variant_title: string | null,
  image_url: string | null, quantity: number, unit_amount: string | number, compare_at_amount: string | number | null, weight_grams: number | null,
  requires_shipping: boolean, available: boolean, created_at: Date
}
export const lineColumns = ['id', 'cart_id', 'variant_id', 'product_id', 'sku', 'product_title', 'variant_title', 'image_url', 'quantity',
  'unit_amount', 'compare_at_amount', 'weight_grams', 'requires_shipping', 'available', 'created_at']

export const iso = (value: Date | string): string => new Date(value).toISOString()
export const num = (value: string | number | null): number | null => value == null ? null : Number(value)

/** Lines of a cart in the order they were added. */
export function orderLines<T extends { created_at: Date, id: string }> (rows: T[]): T[] {
  return rows.sort((a, b) => (new Date(a.created_at).getTime() - new Date(b.created_at).getTime()) || a.id.localeCompare(b.id))
}

/** Marks a cart changed and returns its fresh row. */
export async function touchCart (ctx: Ctx, cartId: string, changes: Record<string, unknown> = {}): Promise<CartRow> {
  const [row] = await ctx.db('orders_carts').where({ id: cartId }).update({ ...changes, updated_at: ctx.db.fn.now() }).returning(cartColumns) as CartRow[]
  return row
}
