import type { RoutePlugin } from '@comptoir/core'
import type { SuppliersConfig } from '../config.js'
import {
  NoContent, Supplier, SupplierInput, SupplierItem, SupplierItemInput, SupplierItemPage, SupplierItemParams, SupplierItemPatch, SupplierItemQuery,
  SupplierPage, SupplierParams, SupplierPatch, SupplierPerformance, SupplierQuery,
} from '../schemas/index.js'

const tags = ['suppliers']
const read = { permission: 'suppliers:read' }
const write = { permission: 'suppliers:write' }
// Supplier bodies carry contact persons: the audit entry keeps the target, not their names and emails.
const writeContacts = { ...write, audit: { body: false as const } }

/** Suppliers, their items (variant ↔ supplier SKU and cost) and performance (mounted under /admin). */
export const adminSupplierRoutes: RoutePlugin<SuppliersConfig> = async (app) => {
  const { suppliers, suppliersItems, suppliersPerformance } = app.services

  app.get<{ Querystring: SupplierQuery }>('/suppliers', {
    config: read,
    schema: { tags, operationId: 'listSuppliers', summary: 'Suppliers', querystring: SupplierQuery, response: { 200: SupplierPage } },
  }, async (request) => await suppliers.list(request.ctx, request.query))

  app.post<{ Body: SupplierInput }>('/suppliers', {
    config: { ...writeContacts, idempotent: true },
    schema: { tags, operationId: 'createSupplier', summary: 'Create a supplier (currency, contacts, terms, lead time, minimum order)', body: SupplierInput, response: { 201: Supplier } },
  }, async (request, reply) => await reply.code(201).send(await suppliers.create(request.ctx, request.body)))

  app.get<{ Params: SupplierParams }>('/suppliers/:supplierId', {
    config: read,
    schema: { tags, operationId: 'getSupplier', summary: 'Read a supplier', params: SupplierParams, response: { 200: Supplier } },
  }, async (request) => await suppliers.get(request.ctx, request.params.supplierId))

  app.patch<{ Params: SupplierParams, Body: SupplierPatch }>('/suppliers/:supplierId', {
    config: writeContacts,
    schema: { tags, operationId: 'updateSupplier', summary: 'Change a supplier (its currency only while nothing is priced in it)', params: SupplierParams, body: SupplierPatch, response: { 200: Supplier } },
  }, async (request) => await suppliers.update(request.ctx, request.params.supplierId, request.body))

  app.get<{ Params: SupplierParams }>('/suppliers/:supplierId/performance', {
    config: read,
    schema: { tags, operationId: 'getSupplierPerformance', summary: 'On-time rate, fill rate and average lead time, from receipts', params: SupplierParams, response: { 200: SupplierPerformance } },
  }, async (request) => await suppliersPerformance.of(request.ctx, request.params.supplierId))

  app.get<{ Querystring: SupplierItemQuery }>('/supplier-items', {
    config: read,
    schema: { tags, operationId: 'listSupplierItems', summary: 'Supplier items, by supplier and/or variant', querystring: SupplierItemQuery, response: { 200: SupplierItemPage } },
  }, async (request) => await suppliersItems.list(request.ctx, request.query))

  app.post<{ Body: SupplierItemInput }>('/supplier-items', {
    config: { ...write, idempotent: true },
    schema: { tags, operationId: 'createSupplierItem', summary: "A variant as a supplier sells it: SKU, cost in the supplier's currency, pack size, MOQ, lead time, preferred", body: SupplierItemInput, response: { 201: SupplierItem } },
  }, async (request, reply) => await reply.code(201).send(await suppliersItems.create(request.ctx, request.body)))

  app.get<{ Params: SupplierItemParams }>('/supplier-items/:supplierItemId', {
    config: read,
    schema: { tags, operationId: 'getSupplierItem', summary: 'Read a supplier item', params: SupplierItemParams, response: { 200: SupplierItem } },
  }, async (request) => await suppliersItems.get(request.ctx, request.params.supplierItemId))

  app.patch<{ Params: SupplierItemParams, Body: SupplierItemPatch }>('/supplier-items/:supplierItemId', {
    config: write,
    schema: { tags, operationId: 'updateSupplierItem', summary: 'Change a supplier item (preferred: true takes the preference from any other supplier)', params: SupplierItemParams, body: SupplierItemPatch, response: { 200: SupplierItem } },
  }, async (request) => await suppliersItems.update(request.ctx, request.params.supplierItemId, request.body))

  app.delete<{ Params: SupplierItemParams }>('/supplier-items/:supplierItemId', {
    config: write,
    schema: { tags, operationId: 'deleteSupplierItem', summary: 'Delete a supplier item (orders keep their lines)', params: SupplierItemParams, response: { 204: NoContent } },
  }, async (request, reply) => { await suppliersItems.delete(request.ctx, request.params.supplierItemId); return await reply.code(204).send(null) })
}
