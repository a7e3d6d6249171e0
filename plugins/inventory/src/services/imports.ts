import { parse } from 'csv-parse/sync'
import { inTransaction, keysetPage, type Cradle, type Ctx, type JobInfo, type PageOf, type PageQuery, type PluginScope } from '@comptoir/core'
import { analyzeInventory } from '../analyze.js'
import type { InventoryConfig } from '../config.js'
import { ImportHeaderError, ImportTooLargeError, InventoryNotFoundError } from '../errors.js'
import { iso, isoOrNull } from '../rows.js'
import type { ImportRowError, StockImport } from '../schemas/index.js'
import { resolveImportRow, type ImportLookups } from './import-rows.js'

interface ImportRow {
  id: string
  status: StockImport['status']
  filename: string | null
  rows_total: number
  rows_processed: number
  rows_failed: number
  error: string | null
  created_at: Date | string
  started_at: Date | string | null
  finished_at: Date | string | null
}
const columns = ['id', 'status', 'filename', 'rows_total', 'rows_processed', 'rows_failed', 'error', 'created_at', 'started_at', 'finished_at'] as const
const batchRows = 200
const maxStoredErrors = 10_000

function toImport (row: ImportRow): StockImport {
  const done = row.rows_processed + row.rows_failed
  return {
    id: row.id,
    status: row.status,
    filename: row.filename,
    progress: row.status === 'completed' || row.status === 'failed' ? 100 : row.rows_total > 0 ? Math.min(99, Math.floor(done * 100 / row.rows_total)) : 0,
    rowsTotal: row.rows_total,
    rowsProcessed: row.rows_processed,
    rowsFailed: row.rows_failed,
    error: row.error,
    createdAt: iso(row.created_at),
    startedAt: isoOrNull(row.started_at),
    finishedAt: isoOrNull(row.finished_at),
  }
}

/** The columns a stock CSV needs: a variant (`sku` or `variant_id`), a `location` (name or id) and `on_hand`. */
export function headerProblem (header: readonly string[]): string | null {
  if (!header.includes('sku') && !header.includes('variant_id')) return "The header needs a 'sku' or 'variant_id' column"
  if (!header.includes('location')) return "The header needs a 'location' column (location name or id)"
  if (!header.includes('on_hand')) return "The header needs an 'on_hand' column"
  return null
}

function parseCsv (text: string): string[][] {
  return parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][]
}

/** Stock level CSV imports (`inventoryImports`): upload → `inventory.import-stock-levels` job → status and row errors. */
export function createImportService ({ events, jobs, inventoryLevels, inventoryItems, catalog }: Cradle, { config }: PluginScope<InventoryConfig>) {
  async function get (ctx: Ctx, importId: string): Promise<StockImport> {
    const row = await ctx.db('inventory_imports').select(columns).where({ id: importId }).first() as ImportRow | undefined
    if (row == null) throw new InventoryNotFoundError('import', importId)
    return toImport(row)
  }

  return {
    get,

    /** Stores the CSV (header checked at once) and queues the import job, in one transaction. */
    async upload (ctx: Ctx, body: AsyncIterable<Uint8Array | string>, filename: string | null): Promise<StockImport> {
      const parts: Buffer[] = []
      let size = 0
      for await (const part of body) {
        const chunk = typeof part === 'string' ? Buffer.from(part) : Buffer.from(part)
        size += chunk.length
        if (size > config.importMaxBytes) throw new ImportTooLargeError(config.importMaxBytes)
        parts.push(chunk)
      }
      const data = Buffer.concat(parts)
      let rows: string[][]
      try {
        rows = parseCsv(data.toString('utf8'))
      } catch (error) {
        throw new ImportHeaderError(`The file is not a readable CSV: ${(error as Error).message.slice(0, 200)}`)
      }
      const problem = headerProblem((rows[0] ?? []).map((h) => h.toLowerCase()))
      if (problem != null) throw new ImportHeaderError(problem)
      return await inTransaction(ctx, async (tx) => {
        const [row] = await tx.db('inventory_imports').insert({
          filename, data, rows_total: rows.length - 1, created_by: tx.actor?.id ?? null,
        }).returning(['id']) as Array<{ id: string }>
        const id = (row as { id: string }).id
        await jobs.enqueue(tx, 'inventory.import-stock-levels', { importId: id }, { jobId: `inventory-import-${id}` })
        return await get(tx, id)
      })
    },

    /**
     * The job's work: sets each row's level to its on_hand (ledger `imported`), each row in a
     * savepoint so a bad row is reported and skipped. A retried job starts over (setting is idempotent).
     */
    async run (ctx: Ctx, importId: string, job?: JobInfo): Promise<StockImport> {
      const current = await ctx.db('inventory_imports').select('status', 'data').where({ id: importId }).first() as { status: string, data: Uint8Array | null } | undefined
      if (current == null) throw new InventoryNotFoundError('import', importId)
      if (current.status === 'completed' || current.status === 'failed') return await get(ctx, importId)
      await ctx.db('inventory_import_errors').where({ import_id: importId }).delete()
      await ctx.db('inventory_imports').where({ id: importId }).update({ status: 'running', started_at: ctx.db.fn.now(), rows_processed: 0, rows_failed: 0 })
      const [header = [], ...rows] = parseCsv(Buffer.from(current.data ?? new Uint8Array()).toString('utf8'))
      const names = header.map((h) => h.toLowerCase())
      const lookups: ImportLookups = { locations: new Map(), items: new Map() }
      let processed = 0
      let failed = 0
      let stored = 0
      for (let start = 0; start < rows.length; start += batchRows) {
        const errors: ImportRowError[] = []
        await inTransaction(ctx, async (tx) => {
          for (const [i, cells] of rows.slice(start, start + batchRows).entries()) {
            const rowNumber = start + i + 2
            const record = Object.fromEntries(names.map((n, c) => [n, cells[c] ?? '']))
            try {
              await (tx.db as unknown as { transaction: <T>(fn: (sp: Ctx['db']) => Promise<T>) => Promise<T> }).transaction(async (sp) => {
                const rowCtx = { ...tx, db: sp }
                const target = await resolveImportRow(rowCtx, { inventoryItems, catalog }, lookups, record)
                const level = await inventoryLevels.create(rowCtx, { variantId: target.variantId, locationId: target.locationId, ...(target.threshold != null ? { lowStockThreshold: target.threshold } : {}) })
                await inventoryLevels.count(rowCtx, level.level.id, { counted: target.onHand, reference: `import:${importId}` }, 'imported')
              })
              processed++
            } catch (error) {
              const e = error as { status?: number, message?: string, column?: string }
              if (typeof e.status !== 'number' || e.status >= 500) throw error
              failed++
              errors.push({ row: rowNumber, column: e.column ?? null, reason: (e.message ?? 'invalid row').slice(0, 1000) })
            }
          }
          const kept = errors.slice(0, Math.max(0, maxStoredErrors - stored))
          stored += kept.length
          if (kept.length > 0) await tx.db('inventory_import_errors').insert(kept.map((e) => ({ import_id: importId, ...e })))
          await tx.db('inventory_imports').where({ id: importId }).update({ rows_processed: processed, rows_failed: failed })
        })
        await job?.progress(Math.min(99, Math.floor((processed + failed) * 100 / Math.max(1, rows.length))))
      }
      // Fresh planner statistics before the import reports done.
      if (processed > 0) await analyzeInventory(ctx.db)
      await inTransaction(ctx, async (tx) => {
        await tx.db('inventory_imports').where({ id: importId }).update({ status: 'completed', finished_at: tx.db.fn.now(), data: null })
        await events.emit(tx, 'inventory.import.finished', { importId, status: 'completed', rowsProcessed: processed, rowsFailed: failed })
      })
      await job?.progress(100)
      return await get(ctx, importId)
    },

    async errors (ctx: Ctx, importId: string, page: PageQuery): Promise<PageOf<ImportRowError>> {
      await get(ctx, importId)
      const result = await keysetPage<{ id: number | string, row: number, column: string | null, reason: string }>(
        ctx.db('inventory_import_errors').select('id', 'row', 'column', 'reason').where({ import_id: importId }), page,
        { list: `inventory.import-errors.${importId}`, columns: ['id'], keyOf: (r) => [Number(r.id)] })
      return { items: result.items.map((r) => ({ row: r.row, column: r.column, reason: r.reason })), nextCursor: result.nextCursor }
    },
  }
}

export type ImportService = ReturnType<typeof createImportService>
