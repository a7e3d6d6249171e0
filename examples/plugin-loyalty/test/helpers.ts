import catalog from '@comptoir/plugin-catalog'
import customers from '@comptoir/plugin-customers'
import inventory from '@comptoir/plugin-inventory'
import orders from '@comptoir/plugin-orders'
import { createPluginTestApp, type PluginTestApp, type PluginTestAppOptions, type PluginTestLike } from '@comptoir/core/testing'
// Installed as a package, as a store would: the workspace links comptoir-plugin-loyalty.
import loyalty from 'comptoir-plugin-loyalty'

export type Shop = PluginTestApp

/** The plugins loyalty needs, then loyalty (1 point per euro, a point worth 1 cent). */
export async function openShop (t: PluginTestLike, databases: PluginTestAppOptions['databases'], engine: PluginTestAppOptions['engine']): Promise<Shop> {
  return await createPluginTestApp(t, {
    databases, engine,
    plugins: [catalog, customers, inventory, [orders, { defaultCurrency: 'EUR', manualProvider: true }], [loyalty, { pointsPerCurrencyUnit: 1, pointValue: 1 }]],
  })
}

async function must (shop: Shop, method: 'GET' | 'POST', url: string, payload?: unknown): Promise<any> {
  const res = await shop.app.inject({ method, url, headers: await shop.admin(), ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}) })
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`)
  return res.json()
}

/** Captures, fulfils, ships and delivers an order through orders' admin routes, then drains events. */
export async function deliver (shop: Shop, orderId: string): Promise<any> {
  const order = await must(shop, 'GET', `/admin/orders/${orderId}`)
  for (const payment of order.payments as Array<{ id: string, status: string }>) {
    if (payment.status === 'authorized') await must(shop, 'POST', `/admin/orders/${orderId}/payments/${payment.id}/capture`, {})
  }
  const fulfilled = await must(shop, 'POST', `/admin/orders/${orderId}/fulfilments`, { lines: (order.lines as Array<{ id: string, quantity: number }>).map((l) => ({ lineId: l.id, quantity: l.quantity })) })
  for (const f of fulfilled.order.fulfilments as Array<{ id: string }>) {
    await must(shop, 'POST', `/admin/orders/${orderId}/fulfilments/${f.id}/ship`, { carrier: 'La Poste', trackingNumber: '6A1' })
    await must(shop, 'POST', `/admin/orders/${orderId}/fulfilments/${f.id}/deliver`)
  }
  await shop.drain()
  return await must(shop, 'GET', `/admin/orders/${orderId}`)
}

/** Refunds `quantity` units of an order's first line (return opened, received, refunded), then drains events. */
export async function refundOne (shop: Shop, orderId: string): Promise<any> {
  const order = await must(shop, 'GET', `/admin/orders/${orderId}`)
  const opened = await must(shop, 'POST', `/admin/orders/${orderId}/returns`, { lines: [{ lineId: order.lines[0].id, quantity: 1 }] })
  await must(shop, 'POST', `/admin/orders/${orderId}/returns/${opened.return.id}/receive`, {})
  const refunded = await must(shop, 'POST', `/admin/orders/${orderId}/returns/${opened.return.id}/refund`, {})
  await shop.drain()
  return refunded
}

/** Gives a customer points by hand (an audited admin adjustment). */
export async function grant (shop: Shop, customerId: string, points: number): Promise<void> {
  await must(shop, 'POST', `/admin/loyalty/accounts/${customerId}/adjustments`, { points, note: 'test grant' })
}

export async function balanceOf (shop: Shop, headers: Record<string, string>): Promise<number> {
  const res = await shop.app.inject({ method: 'GET', url: '/store/loyalty/me', headers })
  if (res.statusCode !== 200) throw new Error(`balance: ${res.statusCode} ${res.body}`)
  return res.json().balance as number
}
