import { Type, type RoutePlugin } from '@comptoir/core'
import type { SuppliersConfig } from '../config.js'
import {
  PurchaseOrder, PurchaseOrderInput, PurchaseOrderLinesInput, PurchaseOrderPage, PurchaseOrderParams, PurchaseOrderPatch, PurchaseOrderQuery,
  ReceiptInput, ReceiptList, ReceiptResult, ReplenishmentOrderInput, ReplenishmentOrders,
} from '../schemas/index.js'

const tags = ['suppliers']
const read = { permission: 'suppliers:read' }
const write = { permission: 'suppliers:write' }

/** Purchase orders: drafts, the state machine, receipts, documents, and drafts from replenishment (mounted under /admin). */
export const adminPurchaseOrderRoutes: RoutePlugin<SuppliersConfig> = async (app) => {
  const { suppliersPurchaseOrders: orders, suppliersReceiving: receiving, suppliersReplenishment: replenishment, suppliersDocuments: documents } = app.services

  app.get<{ Querystring: PurchaseOrderQuery }>('/purchase-orders', {
    config: read,
    schema: { tags, operationId: 'listPurchaseOrders', summary: 'Purchase orders, by supplier and/or status', querystring: PurchaseOrderQuery, response: { 200: PurchaseOrderPage } },
  }, async (request) => await orders.list(request.ctx, request.query))

  app.post<{ Body: PurchaseOrderInput }>('/purchase-orders', {
    config: { ...write, idempotent: true },
    schema: { tags, operationId: 'createPurchaseOrder', summary: "A draft purchase order in the supplier's currency, for a stock location", body: PurchaseOrderInput, response: { 201: PurchaseOrder } },
  }, async (request, reply) => await reply.code(201).send(await orders.create(request.ctx, request.body)))

  app.post<{ Body: ReplenishmentOrderInput }>('/purchase-orders/from-replenishment', {
    config: { ...write, idempotent: true },
    schema: {
      tags, operationId: 'createPurchaseOrdersFromReplenishment', summary: "Draft orders from inventory's replenishment suggestions, one per preferred supplier (packs, MOQ, minimum value)",
      body: ReplenishmentOrderInput, response: { 201: ReplenishmentOrders },
    },
  }, async (request, reply) => await reply.code(201).send(await replenishment.createDrafts(request.ctx, request.body)))

  app.get<{ Params: PurchaseOrderParams }>('/purchase-orders/:purchaseOrderId', {
    config: read,
    schema: { tags, operationId: 'getPurchaseOrder', summary: 'Read a purchase order with its lines', params: PurchaseOrderParams, response: { 200: PurchaseOrder } },
  }, async (request) => await orders.get(request.ctx, request.params.purchaseOrderId))

  app.patch<{ Params: PurchaseOrderParams, Body: PurchaseOrderPatch }>('/purchase-orders/:purchaseOrderId', {
    config: write,
    schema: { tags, operationId: 'updatePurchaseOrder', summary: "Change a draft's location, expected day, extra costs or note", params: PurchaseOrderParams, body: PurchaseOrderPatch, response: { 200: PurchaseOrder } },
  }, async (request) => await orders.update(request.ctx, request.params.purchaseOrderId, request.body))

  app.put<{ Params: PurchaseOrderParams, Body: PurchaseOrderLinesInput }>('/purchase-orders/:purchaseOrderId/lines', {
    config: write,
    schema: { tags, operationId: 'replacePurchaseOrderLines', summary: "Replace a draft's lines (unit costs default to the supplier's items)", params: PurchaseOrderParams, body: PurchaseOrderLinesInput, response: { 200: PurchaseOrder } },
  }, async (request) => await orders.replaceLines(request.ctx, request.params.purchaseOrderId, request.body.lines))

  app.post<{ Params: PurchaseOrderParams }>('/purchase-orders/:purchaseOrderId/send', {
    config: write,
    schema: { tags, operationId: 'sendPurchaseOrder', summary: 'draft → sent: its units show as incoming at the location', params: PurchaseOrderParams, response: { 200: PurchaseOrder } },
  }, async (request) => await orders.send(request.ctx, request.params.purchaseOrderId))

  app.post<{ Params: PurchaseOrderParams }>('/purchase-orders/:purchaseOrderId/cancel', {
    config: write,
    schema: { tags, operationId: 'cancelPurchaseOrder', summary: 'draft or sent → cancelled: nothing stays incoming', params: PurchaseOrderParams, response: { 200: PurchaseOrder } },
  }, async (request) => await orders.cancel(request.ctx, request.params.purchaseOrderId))

  app.post<{ Params: PurchaseOrderParams }>('/purchase-orders/:purchaseOrderId/close', {
    config: write,
    schema: { tags, operationId: 'closePurchaseOrder', summary: 'partially_received → received: the rest will not come (the shortfall stays on the lines)', params: PurchaseOrderParams, response: { 200: PurchaseOrder } },
  }, async (request) => await orders.close(request.ctx, request.params.purchaseOrderId))

  app.get<{ Params: PurchaseOrderParams }>('/purchase-orders/:purchaseOrderId/receipts', {
    config: read,
    schema: { tags, operationId: 'listPurchaseOrderReceipts', summary: "The order's receipts, with landed cost per unit", params: PurchaseOrderParams, response: { 200: ReceiptList } },
  }, async (request) => await receiving.list(request.ctx, request.params.purchaseOrderId))

  app.post<{ Params: PurchaseOrderParams, Body: ReceiptInput }>('/purchase-orders/:purchaseOrderId/receipts', {
    config: { ...write, idempotent: true },
    schema: {
      tags, operationId: 'receivePurchaseOrder', summary: 'Receive goods into the location (inventory ledger); a repeated delivery note reference returns the first receipt (200)',
      params: PurchaseOrderParams, body: ReceiptInput, response: { 200: ReceiptResult, 201: ReceiptResult },
    },
  }, async (request, reply) => {
    const { created, ...result } = await receiving.receive(request.ctx, request.params.purchaseOrderId, request.body)
    return await reply.code(created ? 201 : 200).send(result)
  })

  app.get<{ Params: PurchaseOrderParams }>('/purchase-orders/:purchaseOrderId/document.csv', {
    config: read,
    schema: { tags, operationId: 'getPurchaseOrderCsv', summary: 'The purchase order as CSV, one row per line', params: PurchaseOrderParams, produces: ['text/csv'], response: { 200: Type.String({ description: 'CSV' }) } },
  }, async (request, reply) => {
    const csv = await documents.csv(request.ctx, request.params.purchaseOrderId)
    return await reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="purchase-order.csv"').send(csv)
  })

  app.get<{ Params: PurchaseOrderParams }>('/purchase-orders/:purchaseOrderId/document.html', {
    config: read,
    schema: { tags, operationId: 'getPurchaseOrderHtml', summary: 'The purchase order as a printable HTML page', params: PurchaseOrderParams, produces: ['text/html'], response: { 200: Type.String({ description: 'HTML' }) } },
  }, async (request, reply) => {
    const html = await documents.html(request.ctx, request.params.purchaseOrderId)
    return await reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'").send(html)
  })
}
