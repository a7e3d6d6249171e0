import { Type, type RoutePlugin } from '@comptoir/core'
import type { CatalogConfig } from '../config.js'
import {
  BulkPriceInput, BulkPriceResult, PriceList, PriceListInput, PriceListPage, PriceListParams, PriceListPatch, PriceListPricePage,
  PriceListPriceQuery, PriceListPricesInput,
} from '../schemas/index.js'

const tags = ['catalog']
const read = { permission: 'catalog:read' }
const write = { permission: 'catalog:write' }
const NoContent = Type.Null({ description: 'Done' })
const Updated = Type.Object({ updated: Type.Integer() })

/** Admin routes for bulk price updates and price lists (mounted under /admin). */
export const adminPriceRoutes: RoutePlugin<CatalogConfig> = async (app) => {
  const { catalogPrices } = app.services

  app.post<{ Body: BulkPriceInput }>('/prices/bulk', {
    config: { ...write, idempotent: true },
    schema: { tags, operationId: 'bulkUpdateCatalogPrices', summary: 'Write up to 1000 base prices by variant id or SKU, all or nothing', body: BulkPriceInput, response: { 200: BulkPriceResult } },
  }, async (request) => await catalogPrices.bulkUpdate(request.ctx, request.body))

  app.get<{ Querystring: PriceListPriceQuery }>('/price-lists', {
    config: read,
    schema: { tags, operationId: 'listCatalogPriceLists', summary: 'List price lists by name', querystring: PriceListPriceQuery, response: { 200: PriceListPage } },
  }, async (request) => await catalogPrices.listLists(request.ctx, request.query))

  app.post<{ Body: PriceListInput }>('/price-lists', {
    config: { ...write, idempotent: true },
    schema: { tags, operationId: 'createCatalogPriceList', summary: 'Create a price list (a sale between two dates)', body: PriceListInput, response: { 201: PriceList } },
  }, async (request, reply) => await reply.code(201).send(await catalogPrices.createList(request.ctx, request.body)))

  app.get<{ Params: PriceListParams }>('/price-lists/:priceListId', {
    config: read,
    schema: { tags, operationId: 'getCatalogPriceList', summary: 'Read a price list', params: PriceListParams, response: { 200: PriceList } },
  }, async (request) => await catalogPrices.getList(request.ctx, request.params.priceListId))

  app.patch<{ Params: PriceListParams, Body: PriceListPatch }>('/price-lists/:priceListId', {
    config: write,
    schema: { tags, operationId: 'updateCatalogPriceList', summary: 'Rename a price list or change its dates', params: PriceListParams, body: PriceListPatch, response: { 200: PriceList } },
  }, async (request) => await catalogPrices.updateList(request.ctx, request.params.priceListId, request.body))

  app.delete<{ Params: PriceListParams }>('/price-lists/:priceListId', {
    config: write,
    schema: { tags, operationId: 'deleteCatalogPriceList', summary: 'Delete a price list and its prices', params: PriceListParams, response: { 204: NoContent } },
  }, async (request, reply) => { await catalogPrices.deleteList(request.ctx, request.params.priceListId); return await reply.code(204).send(null) })

  app.get<{ Params: PriceListParams, Querystring: PriceListPriceQuery }>('/price-lists/:priceListId/prices', {
    config: read,
    schema: { tags, operationId: 'listCatalogPriceListPrices', summary: 'The prices of a price list', params: PriceListParams, querystring: PriceListPriceQuery, response: { 200: PriceListPricePage } },
  }, async (request) => await catalogPrices.listListPrices(request.ctx, request.params.priceListId, request.query))

  app.put<{ Params: PriceListParams, Body: PriceListPricesInput }>('/price-lists/:priceListId/prices', {
    config: write,
    schema: { tags, operationId: 'setCatalogPriceListPrices', summary: 'Set (or remove, with null) up to 1000 prices of a list', params: PriceListParams, body: PriceListPricesInput, response: { 200: Updated } },
  }, async (request) => await catalogPrices.setListPrices(request.ctx, request.params.priceListId, request.body))
}
