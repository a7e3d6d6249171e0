import { type PageQuery, type RoutePlugin } from '@comptoir/core'
import type { InventoryConfig } from '../config.js'
import { ImportNotCsvError } from '../errors.js'
import { ImportParams, ImportRowErrorPage, ImportUploadQuery, JobAccepted, ListQuery, ReplenishmentQuery, ReplenishmentSuggestionPage, StockImport } from '../schemas/index.js'

const tags = ['inventory']
const read = { permission: 'inventory:read' }
const write = { permission: 'inventory:write' }

function isStream (body: unknown): body is AsyncIterable<Uint8Array | string> {
  return body != null && typeof (body as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
}

/** Replenishment suggestions and stock CSV imports (mounted under /admin). */
export const adminReplenishmentRoutes: RoutePlugin<InventoryConfig> = async (app) => {
  const { inventoryReplenishment, inventoryImports, jobs } = app.services

  // This context only: a CSV body reaches the route as the raw stream; its size is checked while read.
  app.addContentTypeParser(['text/csv', 'application/csv'], (_request, payload, done) => { done(null, payload) })

  app.get<{ Querystring: ReplenishmentQuery }>('/replenishment-suggestions', {
    config: read,
    schema: { tags, operationId: 'listReplenishmentSuggestions', summary: 'Items to reorder, fewest days of cover first', querystring: ReplenishmentQuery, response: { 200: ReplenishmentSuggestionPage } },
  }, async (request) => await inventoryReplenishment.suggestions(request.ctx, request.query))

  app.post('/replenishment-suggestions/recompute', {
    config: write,
    schema: { tags, operationId: 'recomputeReplenishment', summary: 'Queue the replenishment job now', response: { 202: JobAccepted } },
  }, async (request, reply) => {
    const { id } = await jobs.enqueue(request.ctx, 'inventory.recompute-replenishment', {})
    return await reply.code(202).send({ jobId: id })
  })

  app.post<{ Querystring: ImportUploadQuery }>('/stock-imports', {
    config: { ...write, audit: { body: false } },
    schema: {
      tags, operationId: 'importStockLevels', summary: 'Upload a stock CSV (sku|variant_id, location, on_hand[, low_stock_threshold]); a job imports it',
      consumes: ['text/csv'], querystring: ImportUploadQuery, response: { 202: StockImport },
    },
  }, async (request, reply) => {
    if (!isStream(request.body)) throw new ImportNotCsvError()
    return await reply.code(202).send(await inventoryImports.upload(request.ctx, request.body, request.query.filename ?? null))
  })

  app.get<{ Params: ImportParams }>('/stock-imports/:importId', {
    config: read,
    schema: { tags, operationId: 'getStockImport', summary: 'Status, progress and counts of a stock import', params: ImportParams, response: { 200: StockImport } },
  }, async (request) => await inventoryImports.get(request.ctx, request.params.importId))

  app.get<{ Params: ImportParams, Querystring: PageQuery }>('/stock-imports/:importId/errors', {
    config: read,
    schema: { tags, operationId: 'listStockImportErrors', summary: 'Rows a stock import rejected: row, column, reason', params: ImportParams, querystring: ListQuery, response: { 200: ImportRowErrorPage } },
  }, async (request) => await inventoryImports.errors(request.ctx, request.params.importId, request.query))
}

