import type { Readable } from 'node:stream'
import { parse } from 'csv-parse'
import { HttpError, inTransaction, type Ctx } from '@comptoir/core'
import type { EventSink } from '../outbox.js'
import { cell, headerProblem, priceColumn, type CsvRecord } from './columns.js'
import { planGroup, type RawGroup } from './group-plan.js'
import { writeGroup } from './group-write.js'
import { batchProducts, batchRows, writeBatch, type BatchItem } from './import-batch.js'
import type { RowError } from './parse-row.js'

export interface ImportStats {
  bytesRead: number
  rowsProcessed: number
  rowsFailed: number
  productsCreated: number
  productsUpdated: number
  variantsCreated: number
  variantsUpdated: number
}

export interface ImportHooks {
  /** The import currency first, then the other currencies the store sells in. */
  currencies: readonly string[]
  onProgress: (stats: ImportStats) => Promise<void>
  onErrors: (errors: RowError[]) => Promise<void>
}

/** The whole import cannot go on (not a product CSV, or the CSV syntax breaks): rows before it are kept. */
export class ImportAbortedError extends Error {
  override readonly name = 'ImportAbortedError'
  /** What was imported before the import stopped (set by runImport). */
  stats: ImportStats | null = null
}

/** Rows read between two progress reports. */
const progressEvery = 250

function reasonOf (error: unknown): string {
  if (error instanceof HttpError) return error.message
  const constraint = (error as { constraint?: string }).constraint
  return constraint != null ? `the database refused it (${constraint})` : 'the database refused it'
}

/**
 * Streams a Shopify product CSV into the catalog: records are parsed as they arrive, products
 * new to the catalog are written in batches (set-wise, one transaction and one batch event per
 * batch), products that exist are updated one per transaction, and bad rows are reported without
 * stopping the rest. Memory holds one batch (at most 500 products, 2000 rows) whatever the file's size.
 */
export async function runImport (ctx: Ctx, events: EventSink, source: Readable, hooks: ImportHooks): Promise<ImportStats> {
  const stats: ImportStats = { bytesRead: 0, rowsProcessed: 0, rowsFailed: 0, productsCreated: 0, productsUpdated: 0, variantsCreated: 0, variantsUpdated: 0 }
  let currencies: string[] = []
  let headerError: string | null = null
  let parseError: Error | null = null
  // Records are taken from on_record as the parser meets them (synchronously, in file order), so a
  // syntax error later in a chunk cannot drop the good rows before it. At most one chunk's rows wait here.
  const queue: CsvRecord[] = []
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    columns: (header: string[]) => {
      const names = header.map((h) => h.trim())
      headerError = headerProblem(names)
      const [main, ...others] = hooks.currencies
      currencies = [main as string, ...others.filter((c) => names.includes(priceColumn(c)))]
      return names
    },
    on_record: (record: CsvRecord) => { queue.push(record); return null },
  })
  parser.on('error', (error: Error) => { parseError ??= error })
  parser.resume()
  const ended = new Promise<void>((resolve) => { parser.once('end', resolve); parser.once('close', resolve) })

  async function flush (group: RawGroup): Promise<void> {
    let errors: RowError[]
    try {
      errors = await inTransaction(ctx, async (tx) => {
        const plan = await planGroup(tx, group, currencies)
        if (!plan.rejected) {
          const counts = await writeGroup(tx, events, plan)
          if (counts.productCreated) stats.productsCreated++
          else stats.productsUpdated++
          stats.variantsCreated += counts.variantsCreated
          stats.variantsUpdated += counts.variantsUpdated
        }
        return plan.errors
      })
    } catch (error) {
      ctx.log.warn({ err: error, handle: group.handle }, 'catalog import: a product could not be saved')
      const reason = `product '${group.handle}' could not be saved: ${reasonOf(error)}`
      errors = group.records.map(({ row }) => ({ row, column: null, reason }))
    }
    stats.rowsFailed += new Set(errors.map((e) => e.row)).size
    if (errors.length > 0) await hooks.onErrors(errors)
  }

  // Closed products wait here (with the rows rejected on their own, in file order) until a batch is full.
  let batch: BatchItem[] = []
  let batchRowCount = 0
  const batchHandles = new Set<string>()
  async function flushBatch (): Promise<void> {
    const items = batch
    batch = []
    batchRowCount = 0
    batchHandles.clear()
    await writeBatch(ctx, events, items, {
      currencies,
      writeOne: flush,
      written: (counts) => {
        stats.productsCreated += counts.products
        stats.variantsCreated += counts.variants
      },
      report: async (errors, counted) => {
        if (!counted) stats.rowsFailed += new Set(errors.map((e) => e.row)).size
        await hooks.onErrors(errors)
      },
    })
  }
  async function close (closed: RawGroup): Promise<void> {
    // A handle met again further down the file updates what the batch creates: write the batch first.
    if (batchHandles.has(closed.handle)) await flushBatch()
    batch.push({ group: closed })
    batchHandles.add(closed.handle)
    batchRowCount += closed.records.length
    if (batchHandles.size >= batchProducts || batchRowCount >= batchRows) await flushBatch()
  }

  let group: RawGroup | null = null
  let row = 1
  let reported = 0
  async function drain (): Promise<void> {
    if (headerError != null) throw new ImportAbortedError(headerError)
    for (const record of queue.splice(0)) {
      row++
      stats.rowsProcessed++
      const handle = cell(record, 'Handle')
      if (handle == null) {
        stats.rowsFailed++
        batch.push({ error: { row, column: 'Handle', reason: 'is empty' } })
        continue
      }
      if (group != null && group.handle !== handle) {
        await close(group)
        group = null
      }
      group ??= { handle, records: [] }
      group.records.push({ row, record })
      if (stats.rowsProcessed - reported >= progressEvery) {
        reported = stats.rowsProcessed
        await hooks.onProgress({ ...stats })
      }
    }
  }
  try {
    for await (const chunk of source as AsyncIterable<Buffer | string>) {
      stats.bytesRead += chunk.length
      parser.write(chunk)
      await new Promise((resolve) => setImmediate(resolve)) // lets a parse error surface
      await drain()
      if (parseError != null) break
    }
    if (parseError == null) {
      parser.end()
      await ended
      await drain()
    }
    if (parseError != null) {
      const e = parseError as Error & { code?: string }
      throw new ImportAbortedError(`The CSV cannot be read after row ${row}: ${e.code ?? ''} ${e.message}`.replace(/ +/g, ' '), { cause: e })
    }
    if (headerError != null) throw new ImportAbortedError(headerError)
  } catch (error) {
    if (!(error instanceof ImportAbortedError)) throw error
    // The rows read before the break were parsed whole: their product is still written.
    if (group != null && headerError == null) await close(group)
    if (headerError == null) await flushBatch()
    error.stats = { ...stats }
    throw error
  }
  if (group != null) await close(group)
  await flushBatch()
  await hooks.onProgress({ ...stats })
  return stats
}
