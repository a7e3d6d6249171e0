import { Type, type RoutePlugin } from '@comptoir/core'
import type { CatalogConfig } from '../config.js'
import { ImportNotCsvError } from '../errors.js'
import { ImportPageQuery, ImportParams, ImportRowErrorPage, ImportUploadQuery, ProductImport, ProductImportPage } from '../schemas/index.js'

const tags = ['catalog']
const read = { permission: 'catalog:read' }
const write = { permission: 'catalog:write' }

function isStream (body: unknown): body is AsyncIterable<Uint8Array | string> {
  return body != null && typeof (body as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
}

/** Shopify product CSV import (upload, status, row errors) and export (mounted under /admin). */
export const adminImportRoutes: RoutePlugin<CatalogConfig> = async (app) => {
  const { catalogImports } = app.services

  // This context only: a CSV body is handed to the route as the raw stream, so a large file is
  // never buffered; its size limit is the catalog's importMaxBytes, checked while it is stored.
  app.addContentTypeParser(['text/csv', 'application/csv'], (_request, payload, done) => { done(null, payload) })

  app.post<{ Querystring: ImportUploadQuery }>('/product-imports', {
    config: { ...write, audit: { body: false } },
    schema: {
      tags, operationId: 'importCatalogProducts', summary: 'Upload a Shopify product CSV (Content-Type: text/csv); it is imported by a job',
      consumes: ['text/csv'], querystring: ImportUploadQuery, response: { 202: ProductImport },
    },
  }, async (request, reply) => {
    if (!isStream(request.body)) throw new ImportNotCsvError()
    return await reply.code(202).send(await catalogImports.upload(request.ctx, request.body, request.query.filename ?? null))
  })

  app.get<{ Querystring: ImportPageQuery }>('/product-imports', {
    config: read,
    schema: { tags, operationId: 'listCatalogProductImports', summary: 'List imports, newest first', querystring: ImportPageQuery, response: { 200: ProductImportPage } },
  }, async (request) => await catalogImports.list(request.ctx, request.query))

  app.get<{ Params: ImportParams }>('/product-imports/:importId', {
    config: read,
    schema: { tags, operationId: 'getCatalogProductImport', summary: 'Status and counts of an import', params: ImportParams, response: { 200: ProductImport } },
  }, async (request) => await catalogImports.get(request.ctx, request.params.importId))

  app.get<{ Params: ImportParams, Querystring: ImportPageQuery }>('/product-imports/:importId/errors', {
    config: read,
    schema: { tags, operationId: 'listCatalogProductImportErrors', summary: 'Rows an import rejected: row number, column, reason', params: ImportParams, querystring: ImportPageQuery, response: { 200: ImportRowErrorPage } },
  }, async (request) => await catalogImports.errors(request.ctx, request.params.importId, request.query))

  app.get('/products/export.csv', {
    config: read,
    schema: {
      tags, operationId: 'exportCatalogProducts', summary: 'Every product as a Shopify product CSV (streamed)',
      produces: ['text/csv'], response: { 200: Type.String({ description: 'CSV' }) },
    },
  }, async (request, reply) => {
    return await reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="products.csv"')
      .send(catalogImports.exportCsv(request.ctx))
  })
}
