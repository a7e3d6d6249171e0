import type { Ctx } from '@comptoir/core'
import { InvalidLinesError, OrderPartNotFoundError, QuantityExceededError } from '../errors.js'
import type { LineRow } from '../orders/rows.js'

export interface LineQuantity { lineId: string, quantity: number }

/** Checks a list of (line, quantity) against the order's lines: each line once, each on this order. */
export async function resolveLines (ctx: Ctx, orderId: string, lines: readonly LineQuantity[]): Promise<Array<LineQuantity & { row: LineRow }>> {
  if (lines.length === 0) throw new InvalidLinesError('List at least one line')
  if (new Set(lines.map((l) => l.lineId)).size !== lines.length) throw new InvalidLinesError('A line is listed twice')
  const rows = await ctx.db('orders_lines').where({ order_id: orderId }).whereIn('id', lines.map((l) => l.lineId)) as LineRow[]
  return lines.map((l) => {
    const row = rows.find((r) => r.id === l.lineId)
    if (row == null) throw new OrderPartNotFoundError('line', l.lineId)
    return { ...l, row }
  })
}

/**
 * Adds to a line's counter (`fulfilled_quantity` or `returned_quantity`) only while it stays
 * within its bound; the CHECK constraint on orders_lines is the last guard.
 */
export async function incrementBounded (ctx: Ctx, line: LineRow, column: 'fulfilled_quantity' | 'returned_quantity', by: number, what: string): Promise<void> {
  const bound = column === 'fulfilled_quantity' ? 'quantity' : 'fulfilled_quantity'
  const updated = await ctx.db('orders_lines').where({ id: line.id }).whereRaw('?? + ? <= ??', [column, by, bound]).increment(column, by)
  if (updated !== 1) {
    const fresh = await ctx.db('orders_lines').where({ id: line.id }).first() as LineRow
    throw new QuantityExceededError(what, line.id, by, fresh[bound] - fresh[column])
  }
}
