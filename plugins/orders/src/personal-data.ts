import type { Ctx } from '@comptoir/core'
import type { OrderAddress } from './orders/schemas.js'

interface ErasableRow { id: string, number: string | number, status: string, email: string, currency: string, total_amount: string | number, created_at: Date, shipping_address: OrderAddress | null, billing_address: OrderAddress | null }

function anonymise (address: OrderAddress | null, pseudonym: string): string | null {
  if (address == null) return null
  // The country stays (tax records); everything that identifies a person is replaced.
  return JSON.stringify({ firstName: pseudonym, lastName: pseudonym, company: null, line1: pseudonym, line2: null, city: pseudonym, postalCode: pseudonym, region: null, country: address.country, phone: null })
}

/** GDPR for orders: export a customer's orders; erase replaces personal fields by the pseudonym and keeps amounts. */
export const ordersPersonalData = {
  async export (ctx: Ctx, customerId: string): Promise<unknown> {
    const orders = await ctx.db('orders_orders').where({ customer_id: customerId }).orderBy('number') as ErasableRow[]
    const lines = await ctx.db('orders_lines').whereIn('order_id', orders.map((o) => o.id)).select('order_id', 'title', 'variant_title', 'sku', 'quantity', 'total_amount') as Array<{ order_id: string, title: string, variant_title: string | null, sku: string | null, quantity: number, total_amount: string | number }>
    return orders.map((o) => ({
      id: o.id, number: String(o.number), status: o.status, email: o.email, currency: o.currency.trim(), total: Number(o.total_amount),
      createdAt: new Date(o.created_at).toISOString(), shippingAddress: o.shipping_address, billingAddress: o.billing_address,
      lines: lines.filter((l) => l.order_id === o.id).map((l) => ({ title: l.title, variantTitle: l.variant_title, sku: l.sku, quantity: l.quantity, total: Number(l.total_amount) })),
    }))
  },

  async erase (ctx: Ctx, customerId: string, pseudonym: string): Promise<void> {
    const orders = await ctx.db('orders_orders').where({ customer_id: customerId }).select('id', 'shipping_address', 'billing_address') as ErasableRow[]
    for (const order of orders) {
      await ctx.db('orders_orders').where({ id: order.id }).update({
        customer_id: null, customer_pseudonym: pseudonym, email: pseudonym.slice(0, 254),
        shipping_address: anonymise(order.shipping_address, pseudonym), billing_address: anonymise(order.billing_address, pseudonym),
        erased_at: ctx.db.fn.now(), updated_at: ctx.db.fn.now(),
      })
      // Messages to or from the customer may name them; internal notes are staff's own words and stay.
      await ctx.db('orders_timeline').where({ order_id: order.id, visibility: 'customer' }).update({ body: '[erased]', author: null })
    }
  },
}
