import { inTransaction, type Ctx } from '@comptoir/core'
import type { EventSink } from '../outbox.js'
import { writeNewProducts } from './batch-write.js'
import { decideGroup, precheckGroup, skuCells, skuOwners, type GroupPlan, type RawGroup } from './group-plan.js'
import type { RowError } from './parse-row.js'

/** What the reader hands over, in file order: a product's rows, or a row rejected on its own (no handle). */
export type BatchItem = { group: RawGroup } | { error: RowError }

/** Products and rows per batch: bounded, so memory stays flat whatever the file's size. */
export const batchProducts = 500
export const batchRows = 2000

export interface BatchHooks {
  currencies: readonly string[]
  /** Writes one product in its own transaction and reports its errors (the one-by-one path). */
  writeOne: (group: RawGroup) => Promise<void>
  /** Counts a committed batch of new products. */
  written: (counts: { products: number, variants: number }) => void
  /** Reports rejected rows; `counted`: already in rowsFailed (rows without a handle are counted as read). */
  report: (errors: RowError[], counted: boolean) => Promise<void>
}

/**
 * Writes a batch of consecutive products. Runs of products new to the catalog are planned
 * together (one SKU owners query) and written set-wise in one transaction; a product that
 * exists already is written alone, in file order, by the one-by-one path (matching variants by
 * SKU then option values). Errors are reported in file order, as the one-by-one path reports
 * them. If a new-product transaction fails (the database refused a row, a handle created
 * meanwhile), it is rolled back whole and its products go one by one, so a bad product's rows
 * are reported exactly as before and the others still land.
 */
export async function writeBatch (ctx: Ctx, events: EventSink, items: readonly BatchItem[], hooks: BatchHooks): Promise<void> {
  const handles = items.flatMap((item) => 'group' in item ? [item.group.handle] : [])
  if (handles.length === 0) {
    for (const item of items) if ('error' in item) await hooks.report([item.error], true)
    return
  }
  const existing = new Set(await ctx.db('catalog_products').whereIn('handle', handles).pluck('handle') as string[])
  let run: BatchItem[] = []
  for (const item of items) {
    if ('group' in item && existing.has(item.group.handle)) {
      await writeNew(ctx, events, run, hooks)
      run = []
      await hooks.writeOne(item.group)
    } else {
      run.push(item)
    }
  }
  await writeNew(ctx, events, run, hooks)
}

async function writeNew (ctx: Ctx, events: EventSink, run: readonly BatchItem[], hooks: BatchHooks): Promise<void> {
  if (run.length === 0) return
  const groups = run.flatMap((item) => 'group' in item ? [item.group] : [])
  let plans: Map<RawGroup, GroupPlan>
  let counts = { products: 0, variants: 0 }
  try {
    plans = await inTransaction(ctx, async (tx) => {
      const owners = await skuOwners(tx, groups.flatMap(skuCells))
      // SKUs planned earlier in this batch belong to their product as if it were saved already.
      const planned = new Map<string, { productId: string, handle: string }>()
      const result = new Map<RawGroup, GroupPlan>()
      for (const group of groups) {
        const pre = precheckGroup(group)
        const plan = 'rejected' in pre ? pre.rejected : decideGroup(group, pre.fields, hooks.currencies, null, [], (sku) => owners.get(sku) ?? planned.get(sku))
        if (!plan.rejected) for (const row of plan.rows) if (row.variant?.sku != null) planned.set(row.variant.sku, { productId: '', handle: group.handle })
        result.set(group, plan)
      }
      counts = await writeNewProducts(tx, events, [...result.values()].filter((p) => !p.rejected))
      return result
    })
  } catch (error) {
    ctx.log.warn({ err: error, products: groups.length }, 'catalog import: a batch could not be saved; writing its products one by one')
    for (const item of run) {
      if ('group' in item) await hooks.writeOne(item.group)
      else await hooks.report([item.error], true)
    }
    return
  }
  hooks.written(counts)
  for (const item of run) {
    const errors = 'group' in item ? plans.get(item.group)?.errors ?? [] : [item.error]
    if (errors.length > 0) await hooks.report(errors, !('group' in item))
  }
}
