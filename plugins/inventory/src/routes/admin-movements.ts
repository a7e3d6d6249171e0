import type { RoutePlugin } from '@comptoir/core'
import type { InventoryConfig } from '../config.js'
import {
  MovementQuery, ReservationParams, ReservationQuery, StockMovementPage, StockReservation, StockReservationPage, StockTransfer, StockTransferInput,
  StockTransferPage, TransferParams, TransferQuery,
} from '../schemas/index.js'

const tags = ['inventory']
const read = { permission: 'inventory:read' }
const write = { permission: 'inventory:write' }

/** Reservations, the movement ledger and transfers (mounted under /admin). */
export const adminMovementRoutes: RoutePlugin<InventoryConfig> = async (app) => {
  const { inventoryLedger, inventoryTransfers } = app.services

  app.get<{ Querystring: ReservationQuery }>('/stock-reservations', {
    config: read,
    schema: { tags, operationId: 'listStockReservations', summary: 'Reservations by owner, variant or status', querystring: ReservationQuery, response: { 200: StockReservationPage } },
  }, async (request) => await inventoryLedger.reservations(request.ctx, request.query))

  app.post<{ Params: ReservationParams }>('/stock-reservations/:reservationId/release', {
    config: write,
    schema: { tags, operationId: 'releaseStockReservation', summary: 'Release a reservation (a no-op once it has ended)', params: ReservationParams, response: { 200: StockReservation } },
  }, async (request) => await inventoryLedger.releaseOne(request.ctx, request.params.reservationId))

  app.get<{ Querystring: MovementQuery }>('/stock-movements', {
    config: read,
    schema: { tags, operationId: 'listStockMovements', summary: 'The movement ledger, newest first, with filters', querystring: MovementQuery, response: { 200: StockMovementPage } },
  }, async (request) => await inventoryLedger.movements(request.ctx, request.query))

  app.get<{ Querystring: TransferQuery }>('/stock-transfers', {
    config: read,
    schema: { tags, operationId: 'listStockTransfers', summary: 'Transfers, newest first', querystring: TransferQuery, response: { 200: StockTransferPage } },
  }, async (request) => await inventoryTransfers.list(request.ctx, request.query))

  app.post<{ Body: StockTransferInput }>('/stock-transfers', {
    config: { ...write, idempotent: true },
    schema: { tags, operationId: 'createStockTransfer', summary: 'Request a transfer between two locations', body: StockTransferInput, response: { 201: StockTransfer } },
  }, async (request, reply) => await reply.code(201).send(await inventoryTransfers.create(request.ctx, request.body)))

  app.get<{ Params: TransferParams }>('/stock-transfers/:transferId', {
    config: read,
    schema: { tags, operationId: 'getStockTransfer', summary: 'Read a transfer', params: TransferParams, response: { 200: StockTransfer } },
  }, async (request) => await inventoryTransfers.get(request.ctx, request.params.transferId))

  for (const [action, operationId, summary] of [
    ['ship', 'shipStockTransfer', 'Ship: units leave the source and are in transit'],
    ['receive', 'receiveStockTransfer', 'Receive: units arrive on hand at the destination'],
    ['cancel', 'cancelStockTransfer', 'Cancel a transfer not yet shipped'],
  ] as const) {
    app.post<{ Params: TransferParams }>(`/stock-transfers/:transferId/${action}`, {
      config: write,
      schema: { tags, operationId, summary, params: TransferParams, response: { 200: StockTransfer } },
    }, async (request) => await inventoryTransfers[action](request.ctx, request.params.transferId))
  }
}
