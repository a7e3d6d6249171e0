import { csvCell, type Cradle, type Ctx } from '@comptoir/core'
import type { PurchaseOrder, Supplier } from '../schemas/index.js'
import { getOrder } from './purchase-order-rows.js'

/** Minor units as a decimal string in the currency's exponent (2 for EUR, 0 for JPY), exact (no float). */
export function formatAmount (amount: number, currency: string): string {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  if (digits === 0) return String(amount)
  const sign = amount < 0 ? '-' : ''
  const text = String(Math.abs(amount)).padStart(digits + 1, '0')
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`
}

function escapeHtml (value: string | number | null): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** The PO document as CSV (one row per line, amounts in minor units and as decimals) and as a printable HTML page. */
export function createDocumentService ({ suppliers }: Cradle) {
  async function load (ctx: Ctx, orderId: string): Promise<{ order: PurchaseOrder, supplier: Supplier }> {
    const order = await getOrder(ctx, orderId)
    return { order, supplier: await suppliers.get(ctx, order.supplierId) }
  }

  return {
    async csv (ctx: Ctx, orderId: string): Promise<string> {
      const { order, supplier } = await load(ctx, orderId)
      const header = ['purchase_order', 'supplier', 'currency', 'line', 'supplier_sku', 'variant_id', 'quantity', 'unit_cost_amount', 'unit_cost',
        'line_total_amount', 'line_total', 'expected_on']
      const rows = order.lines.map((l, i) => [order.number, supplier.name, order.currency, i + 1, l.supplierSku, l.variantId, l.quantity,
        l.unitCostAmount, formatAmount(l.unitCostAmount, order.currency), l.totalAmount, formatAmount(l.totalAmount, order.currency), l.expectedOn ?? order.expectedOn])
      return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n'
    },

    async html (ctx: Ctx, orderId: string): Promise<string> {
      const { order, supplier } = await load(ctx, orderId)
      const money = (amount: number): string => escapeHtml(`${formatAmount(amount, order.currency)} ${order.currency}`)
      const contact = supplier.contacts[0]
      const lines = order.lines.map((l, i) => `<tr><td>${i + 1}</td><td>${escapeHtml(l.supplierSku ?? '')}</td><td><code>${escapeHtml(l.variantId)}</code></td>` +
        `<td class="n">${l.quantity}</td><td class="n">${money(l.unitCostAmount)}</td><td class="n">${money(l.totalAmount)}</td><td>${escapeHtml(l.expectedOn ?? order.expectedOn ?? '')}</td></tr>`).join('\n')
      return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Purchase order ${escapeHtml(order.number)}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ccc;padding:.3em .5em;text-align:left}.n{text-align:right}@media print{body{margin:0}}</style>
</head><body>
<h1>Purchase order ${escapeHtml(order.number)}</h1>
<p><strong>Supplier:</strong> ${escapeHtml(supplier.name)}${contact == null ? '' : ` — ${escapeHtml(contact.name)}${contact.email == null ? '' : ` &lt;${escapeHtml(contact.email)}&gt;`}`}<br>
<strong>Status:</strong> ${escapeHtml(order.status)} · <strong>Expected:</strong> ${escapeHtml(order.expectedOn ?? '—')} · <strong>Payment terms:</strong> ${escapeHtml(supplier.paymentTerms ?? '—')}</p>
<table><thead><tr><th>#</th><th>Supplier SKU</th><th>Variant</th><th class="n">Qty</th><th class="n">Unit cost</th><th class="n">Total</th><th>Expected</th></tr></thead>
<tbody>
${lines}
</tbody>
<tfoot><tr><td colspan="5" class="n">Subtotal</td><td class="n">${money(order.subtotalAmount)}</td><td></td></tr>
<tr><td colspan="5" class="n">Extra costs</td><td class="n">${money(order.extraCostsAmount)}</td><td></td></tr>
<tr><td colspan="5" class="n"><strong>Total</strong></td><td class="n"><strong>${money(order.totalAmount)}</strong></td><td></td></tr></tfoot></table>
${order.note == null ? '' : `<p>${escapeHtml(order.note)}</p>`}
</body></html>
`
    },
  }
}

export type DocumentService = ReturnType<typeof createDocumentService>
