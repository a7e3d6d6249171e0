import { Type, type RoutePlugin } from '@comptoir/core'
import type { InventoryConfig } from '../config.js'
import { ListQuery, LocationParams, StockLocation, StockLocationInput, StockLocationPage, StockLocationPatch } from '../schemas/index.js'

const tags = ['inventory']
const read = { permission: 'inventory:read' }
const write = { permission: 'inventory:write' }

/** Stock locations CRUD (mounted under /admin). */
export const adminLocationRoutes: RoutePlugin<InventoryConfig> = async (app) => {
  const { inventoryLocations } = app.services

  app.get<{ Querystring: ListQuery }>('/stock-locations', {
    config: read,
    schema: { tags, operationId: 'listStockLocations', summary: 'Stock locations, highest priority first', querystring: ListQuery, response: { 200: StockLocationPage } },
  }, async (request) => await inventoryLocations.list(request.ctx, request.query))

  app.post<{ Body: StockLocationInput }>('/stock-locations', {
    config: { ...write, idempotent: true },
    schema: { tags, operationId: 'createStockLocation', summary: 'Create a warehouse or store', body: StockLocationInput, response: { 201: StockLocation } },
  }, async (request, reply) => await reply.code(201).send(await inventoryLocations.create(request.ctx, request.body)))

  app.get<{ Params: LocationParams }>('/stock-locations/:locationId', {
    config: read,
    schema: { tags, operationId: 'getStockLocation', summary: 'Read a stock location', params: LocationParams, response: { 200: StockLocation } },
  }, async (request) => await inventoryLocations.get(request.ctx, request.params.locationId))

  app.patch<{ Params: LocationParams, Body: StockLocationPatch }>('/stock-locations/:locationId', {
    config: write,
    schema: { tags, operationId: 'updateStockLocation', summary: 'Change name, address, priority, active or ships', params: LocationParams, body: StockLocationPatch, response: { 200: StockLocation } },
  }, async (request) => await inventoryLocations.update(request.ctx, request.params.locationId, request.body))

  app.delete<{ Params: LocationParams }>('/stock-locations/:locationId', {
    config: write,
    schema: { tags, operationId: 'deleteStockLocation', summary: 'Delete a location that holds no stock (deactivate it otherwise)', params: LocationParams, response: { 204: Type.Null({ description: 'Deleted' }) } },
  }, async (request, reply) => { await inventoryLocations.delete(request.ctx, request.params.locationId); return await reply.code(204).send(null) })
}
