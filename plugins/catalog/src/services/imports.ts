import { Readable } from 'node:stream'
import { inTransaction, keysetPage, type Cradle, type Ctx, type Db, type JobInfo, type PageOf, type PageQuery, type PluginScope } from '@comptoir/core'
import { analyzeCatalog } from '../analyze.js'
import { importCurrencyOf, type CatalogConfig } from '../config.js'
import { CatalogNotFoundError } from '../errors.js'
import { emitCatalog } from '../outbox.js'
import { iso, isoOrNull } from '../rows.js'
import type { ImportRowError, ImportStatus, ProductImport } from '../schemas/index.js'
import { exportProductsCsv } from '../shopify/export-rows.js'
import { ImportAbortedError, runImport, type ImportStats } from '../shopify/import-run.js'
import { storeUpload } from '../shopify/upload-store.js'

interface ImportRow {
  id: string
  status: ImportStatus
  filename: string | null
  bytes_total: number
  bytes_read: number
  rows_processed: number
  rows_failed: number
  products_created: number
  products_updated: number
  variants_created: number
  variants_updated: number
  error: string | null
  created_at: Date
  started_at: Date | null
  finished_at: Date | null
}
const importColumns = ['id', 'status', 'filename', 'bytes_total', 'bytes_read', 'rows_processed', 'rows_failed', 'products_created',
  'products_updated', 'variants_created', 'variants_updated', 'error', 'created_at', 'started_at', 'finished_at'] as const
/** Rows errors kept per import; the count goes on (rows_failed), the table stays bounded. */
const maxStoredErrors = 10_000

function toImport (row: ImportRow): ProductImport {
  const total = Number(row.bytes_total)
  const read = Number(row.bytes_read)
  return {
    id: row.id,
    status: row.status,
    filename: row.filename,
    bytesTotal: total,
    bytesRead: read,
    progress: row.status === 'completed' ? 100 : total > 0 ? Math.min(99, Math.floor(read * 100 / total)) : 0,
    rowsProcessed: row.rows_processed,
    rowsFailed: row.rows_failed,
    productsCreated: row.products_created,
    productsUpdated: row.products_updated,
    variantsCreated: row.variants_created,
    variantsUpdated: row.variants_updated,
    error: row.error,
    createdAt: iso(row.created_at),
    startedAt: isoOrNull(row.started_at),
    finishedAt: isoOrNull(row.finished_at),
  }
}

function statsColumns (stats: ImportStats): Record<string, number> {
  return {
    bytes_read: stats.bytesRead, rows_processed: stats.rowsProcessed, rows_failed: stats.rowsFailed, products_created: stats.productsCreated,
    products_updated: stats.productsUpdated, variants_created: stats.variantsCreated, variants_updated: stats.variantsUpdated,
  }
}

/** The uploaded file, read back chunk by chunk (one chunk in memory at a time). */
function storedFile (db: Db, importId: string): Readable {
  async function * chunks (): AsyncGenerator<Buffer> {
    for (let seq = 0; ; seq++) {
      const row = await db('catalog_import_chunks').select('data').where({ import_id: importId, seq }).first() as { data: Uint8Array } | undefined
      if (row == null) return
      yield Buffer.from(row.data)
    }
  }
  return Readable.from(chunks())
}

/** Shopify product CSV imports (upload → job, or a file from the CLI) and the matching export. */
export function createImportService ({ db, events, jobs }: Cradle, { config }: PluginScope<CatalogConfig>) {
  const mainCurrency = importCurrencyOf(config)
  const currencies = [mainCurrency, ...config.currencies.filter((c) => c !== mainCurrency)]

  async function find (ctx: Ctx, importId: string): Promise<ProductImport> {
    const row = await ctx.db('catalog_imports').select(importColumns).where({ id: importId }).first() as ImportRow | undefined
    if (row == null) throw new CatalogNotFoundError('import', importId)
    return toImport(row)
  }

  /** Runs an import over a source; the import row tracks progress, errors go to their table. */
  async function execute (ctx: Ctx, importId: string, source: Readable, onPercent: (percent: number) => Promise<void>): Promise<ProductImport> {
    const bytesTotal = Number((await ctx.db('catalog_imports').where({ id: importId }).first('bytes_total') as { bytes_total: number }).bytes_total)
    // A retried job starts over: the upsert is idempotent, and the error report is rebuilt.
    await ctx.db('catalog_import_errors').where({ import_id: importId }).delete()
    await ctx.db('catalog_imports').where({ id: importId }).update({ status: 'running', started_at: ctx.db.fn.now(), error: null })
    let stored = 0
    let status: 'completed' | 'failed' = 'completed'
    let stats: ImportStats | null = null
    let failure: string | null = null
    try {
      stats = await runImport(ctx, events, source, {
        currencies,
        onProgress: async (progress) => {
          await ctx.db('catalog_imports').where({ id: importId }).update(statsColumns(progress))
          if (bytesTotal > 0) await onPercent(Math.min(99, Math.floor(progress.bytesRead * 100 / bytesTotal)))
        },
        onErrors: async (errors) => {
          const room = Math.max(0, maxStoredErrors - stored)
          const kept = errors.slice(0, room)
          stored += kept.length
          if (kept.length > 0) {
            await ctx.db('catalog_import_errors').insert(kept.map((e) => ({ import_id: importId, row: e.row, column: e.column, reason: e.reason.slice(0, 1000) })))
          }
        },
      })
    } catch (error) {
      if (!(error instanceof ImportAbortedError)) throw error
      status = 'failed'
      failure = error.message.slice(0, 2000)
      stats = error.stats
    }
    if ((stats?.rowsProcessed ?? 0) > 0) await analyzeCatalog(ctx.db)
    await inTransaction(ctx, async (tx) => {
      const [row] = await tx.db('catalog_imports').where({ id: importId }).update({
        status, error: failure, finished_at: tx.db.fn.now(), ...(stats != null ? statsColumns(stats) : {}),
      }).returning(['rows_processed', 'rows_failed']) as Array<{ rows_processed: number, rows_failed: number }>
      await tx.db('catalog_import_chunks').where({ import_id: importId }).delete()
      await emitCatalog(events, tx, 'catalog.import.finished', { importId, status, rowsProcessed: row.rows_processed, rowsFailed: row.rows_failed })
    })
    await onPercent(100)
    return await find(ctx, importId)
  }

  const service: ImportService = {
    /**
     * Stores an uploaded CSV (streamed in 1 MiB chunks, never whole in memory) and queues the
     * `catalog.import-products` job, in one transaction: the job only sees a complete file.
     */
    async upload (ctx: Ctx, body: AsyncIterable<Uint8Array | string>, filename: string | null): Promise<ProductImport> {
      return await inTransaction(ctx, async (tx) => {
        const [{ id }] = await tx.db('catalog_imports').insert({ filename, created_by: tx.actor?.id ?? null }).returning(['id']) as Array<{ id: string }>
        const bytes = await storeUpload(tx, id, body, config.importMaxBytes)
        await tx.db('catalog_imports').where({ id }).update({ status: 'queued', bytes_total: bytes })
        await jobs.enqueue(tx, 'catalog.import-products', { importId: id }, { jobId: `catalog-import-${id}` })
        return await find(tx, id)
      })
    },

    /** The job's work: imports a stored upload. A finished import is left alone (a duplicate delivery). */
    async runStored (ctx: Ctx, importId: string, job?: JobInfo): Promise<ProductImport> {
      const current = await find(ctx, importId)
      if (current.status === 'completed' || current.status === 'failed') return current
      return await execute(ctx, importId, storedFile(ctx.db, importId), async (percent) => { await job?.progress(percent) })
    },

    /** Imports a CSV stream directly (the CLI): same rules and report, no job. */
    async importStream (ctx: Ctx, source: Readable, options: { filename: string | null, bytesTotal: number, onPercent?: (percent: number) => void }): Promise<ProductImport> {
      const [{ id }] = await ctx.db('catalog_imports').insert({
        filename: options.filename, status: 'queued', bytes_total: options.bytesTotal, created_by: ctx.actor?.id ?? null,
      }).returning(['id']) as Array<{ id: string }>
      return await execute(ctx, id, source, async (percent) => { options.onPercent?.(percent) })
    },

    get: find,

    async list (ctx: Ctx, page: PageQuery): Promise<PageOf<ProductImport>> {
      const query = ctx.db('catalog_imports').select(importColumns)
        .select(ctx.db.raw(`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_key`))
      const result = await keysetPage<ImportRow & { created_key: string }>(query, page, {
        list: 'catalog.imports', columns: ['created_at', 'id'], direction: 'desc', keyOf: (r) => [r.created_key, r.id],
      })
      return { items: result.items.map(toImport), nextCursor: result.nextCursor }
    },

    /** The rows an import rejected, in file order (row number, column, reason). */
    async errors (ctx: Ctx, importId: string, page: PageQuery): Promise<PageOf<ImportRowError>> {
      await find(ctx, importId)
      const result = await keysetPage<{ id: number, row: number, column: string | null, reason: string }>(
        ctx.db('catalog_import_errors').select('id', 'row', 'column', 'reason').where({ import_id: importId }), page,
        { list: `catalog.import-errors.${importId}`, columns: ['id'], keyOf: (r) => [Number(r.id)] })
      return { items: result.items.map((r) => ({ row: r.row, column: r.column, reason: r.reason })), nextCursor: result.nextCursor }
    },

    /** Every product as a Shopify product CSV (the format import reads), streamed. */
    exportCsv (ctx: Ctx): Readable {
      return exportProductsCsv(ctx.db, mainCurrency, currencies.slice(1))
    },
  }
  return service
}

export interface ImportService {
  upload: (ctx: Ctx, body: AsyncIterable<Uint8Array | string>, filename: string | null) => Promise<ProductImport>
  runStored: (ctx: Ctx, importId: string, job?: JobInfo) => Promise<ProductImport>
  importStream: (ctx: Ctx, source: Readable, options: { filename: string | null, bytesTotal: number, onPercent?: (percent: number) => void }) => Promise<ProductImport>
  get: (ctx: Ctx, importId: string) => Promise<ProductImport>
  list: (ctx: Ctx, page: PageQuery) => Promise<PageOf<ProductImport>>
  errors: (ctx: Ctx, importId: string, page: PageQuery) => Promise<PageOf<ImportRowError>>
  exportCsv: (ctx: Ctx) => Readable
}
