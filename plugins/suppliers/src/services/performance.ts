import type { Cradle, Ctx } from '@comptoir/core'
import type { SupplierPerformance } from '../schemas/index.js'

// Sums are float8: exact far beyond int4 (2^53), and a plain number on both engines.
const round = (value: number, places: number): number => Math.round(value * 10 ** places) / 10 ** places

/**
 * Supplier performance (`suppliersPerformance`), computed from receipts:
 * - on-time rate: accepted units received on or before their line's (else the order's) expected day;
 * - fill rate: over orders closed (received), units received (capped per line at what it ordered) / units ordered;
 * - average lead time: mean days from sending an order to each of its receipts.
 */
export function createPerformanceService ({ suppliers }: Cradle) {
  return {
    async of (ctx: Ctx, supplierId: string): Promise<SupplierPerformance> {
      await suppliers.row(ctx, supplierId)
      const { rows: [receipts] } = await ctx.db.raw(`
        select count(distinct r.id)::int as receipts,
          coalesce(sum(rl.accepted_quantity), 0)::float8 as accepted,
          coalesce(sum(rl.accepted_quantity) filter (where rl.on_time), 0)::float8 as on_time,
          (select avg(extract(epoch from (r2.received_at - o2.sent_at)) / 86400)::float8
             from suppliers_receipts r2 join suppliers_purchase_orders o2 on o2.id = r2.purchase_order_id
             where o2.supplier_id = ? and o2.sent_at is not null) as lead_days
        from suppliers_purchase_orders o
        join suppliers_receipts r on r.purchase_order_id = o.id
        left join suppliers_receipt_lines rl on rl.receipt_id = r.id
        where o.supplier_id = ?`, [supplierId, supplierId]) as { rows: Array<{ receipts: number, accepted: number, on_time: number, lead_days: number | string | null }> }
      const { rows: [fill] } = await ctx.db.raw(`
        select coalesce(sum(l.quantity), 0)::float8 as ordered, coalesce(sum(least(l.received_quantity, l.quantity)), 0)::float8 as received
        from suppliers_purchase_orders o join suppliers_purchase_order_lines l on l.purchase_order_id = o.id
        where o.supplier_id = ? and o.status = 'received'`, [supplierId]) as { rows: Array<{ ordered: number, received: number }> }
      const r = receipts ?? { receipts: 0, accepted: 0, on_time: 0, lead_days: null }
      const f = fill ?? { ordered: 0, received: 0 }
      return {
        supplierId,
        receipts: r.receipts,
        unitsOrdered: f.ordered,
        unitsReceived: f.received,
        onTimeRate: r.accepted === 0 ? null : round(r.on_time / r.accepted, 4),
        fillRate: f.ordered === 0 ? null : round(f.received / f.ordered, 4),
        averageLeadTimeDays: r.lead_days == null ? null : round(Number(r.lead_days), 2),
      }
    },
  }
}

export type PerformanceService = ReturnType<typeof createPerformanceService>
