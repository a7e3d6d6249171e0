import type { RoutePlugin } from '@comptoir/core'
import type { InventoryConfig } from '../config.js'
import {
  InventoryItem, InventoryItemInput, InventoryItemPage, InventoryItemQuery, StockAdjustmentInput, StockCountInput, StockLevel, StockLevelInput,
  StockLevelPage, StockLevelParams, StockLevelPatch, StockLevelQuery, StockReceiptInput, VariantParams,
} from '../schemas/index.js'

const tags = ['inventory']
const read = { permission: 'inventory:read' }
const write = { permission: 'inventory:write' }

/** Inventory items per variant and stock levels per location: receive, adjust, count (mounted under /admin). */
export const adminStockRoutes: RoutePlugin<InventoryConfig> = async (app) => {
  const { inventoryItems, inventoryLevels } = app.services

  app.get<{ Querystring: InventoryItemQuery }>('/inventory-items', {
    config: read,
    schema: { tags, operationId: 'listInventoryItems', summary: 'Inventory items (one per tracked variant)', querystring: InventoryItemQuery, response: { 200: InventoryItemPage } },
  }, async (request) => await inventoryItems.list(request.ctx, request.query))

  app.get<{ Params: VariantParams }>('/variants/:variantId/inventory-item', {
    config: read,
    schema: { tags, operationId: 'getInventoryItem', summary: "A variant's inventory item", params: VariantParams, response: { 200: InventoryItem } },
  }, async (request) => await inventoryItems.get(request.ctx, request.params.variantId))

  app.put<{ Params: VariantParams, Body: InventoryItemInput }>('/variants/:variantId/inventory-item', {
    config: write,
    schema: {
      tags, operationId: 'putInventoryItem', summary: "Create or change a variant's inventory item (track, backorder, threshold, lead time)",
      params: VariantParams, body: InventoryItemInput, response: { 200: InventoryItem, 201: InventoryItem },
    },
  }, async (request, reply) => {
    const { item, created } = await inventoryItems.put(request.ctx, request.params.variantId, request.body)
    return await reply.code(created ? 201 : 200).send(item)
  })

  app.get<{ Querystring: StockLevelQuery }>('/stock-levels', {
    config: read,
    schema: { tags, operationId: 'listStockLevels', summary: 'Stock levels, by variant and/or location', querystring: StockLevelQuery, response: { 200: StockLevelPage } },
  }, async (request) => await inventoryLevels.list(request.ctx, request.query))

  app.post<{ Body: StockLevelInput }>('/stock-levels', {
    config: write,
    schema: {
      tags, operationId: 'createStockLevel', summary: 'Stock a variant at a location (an empty level; its item is created when missing)',
      body: StockLevelInput, response: { 200: StockLevel, 201: StockLevel },
    },
  }, async (request, reply) => {
    const { level, created } = await inventoryLevels.create(request.ctx, request.body)
    return await reply.code(created ? 201 : 200).send(level)
  })

  app.get<{ Params: StockLevelParams }>('/stock-levels/:stockLevelId', {
    config: read,
    schema: { tags, operationId: 'getStockLevel', summary: 'Read a stock level', params: StockLevelParams, response: { 200: StockLevel } },
  }, async (request) => await inventoryLevels.get(request.ctx, request.params.stockLevelId))

  app.patch<{ Params: StockLevelParams, Body: StockLevelPatch }>('/stock-levels/:stockLevelId', {
    config: write,
    schema: { tags, operationId: 'updateStockLevel', summary: 'Change the low-stock threshold', params: StockLevelParams, body: StockLevelPatch, response: { 200: StockLevel } },
  }, async (request) => await inventoryLevels.setThreshold(request.ctx, request.params.stockLevelId, request.body.lowStockThreshold))

  app.post<{ Params: StockLevelParams, Body: StockAdjustmentInput }>('/stock-levels/:stockLevelId/adjustments', {
    config: write,
    schema: { tags, operationId: 'adjustStockLevel', summary: 'Add or remove units with a reason (never below reserved)', params: StockLevelParams, body: StockAdjustmentInput, response: { 200: StockLevel } },
  }, async (request) => await inventoryLevels.adjust(request.ctx, request.params.stockLevelId, request.body))

  app.post<{ Params: StockLevelParams, Body: StockCountInput }>('/stock-levels/:stockLevelId/counts', {
    config: write,
    schema: { tags, operationId: 'countStockLevel', summary: 'Record a stock count: on hand becomes the counted number', params: StockLevelParams, body: StockCountInput, response: { 200: StockLevel } },
  }, async (request) => await inventoryLevels.count(request.ctx, request.params.stockLevelId, request.body))

  app.post<{ Params: StockLevelParams, Body: StockReceiptInput }>('/stock-levels/:stockLevelId/receipts', {
    config: write,
    schema: { tags, operationId: 'receiveStock', summary: 'Receive units from a supplier', params: StockLevelParams, body: StockReceiptInput, response: { 200: StockLevel } },
  }, async (request) => await inventoryLevels.receive(request.ctx, request.params.stockLevelId, request.body))
}
