import type { RoutePlugin } from '@comptoir/core'
import type { SuppliersConfig } from '../config.js'
import {
  Carrier, CarrierInput, CarrierPage, CarrierParams, CarrierPatch, CarrierRate, CarrierRateInput, CarrierRatePage, CarrierRateParams, CarrierRatePatch,
  CarrierRateQuery, CarrierService, CarrierServiceInput, CarrierServiceList, CarrierServiceParams, CarrierServicePatch, DeliveryZone, DeliveryZoneInput,
  DeliveryZoneList, DeliveryZoneParams, DeliveryZonePatch, ListQuery, NoContent, TrackingQuery, TrackingUrl,
} from '../schemas/index.js'

const tags = ['suppliers']
const read = { permission: 'suppliers:read' }
const write = { permission: 'suppliers:write' }

/** Carriers, services, delivery zones and rates; tracking URLs (mounted under /admin). */
export const adminCarrierRoutes: RoutePlugin<SuppliersConfig> = async (app) => {
  const { suppliersCarriers: carriers } = app.services

  app.get<{ Querystring: ListQuery }>('/carriers', {
    config: read,
    schema: { tags, operationId: 'listCarriers', summary: 'Carriers', querystring: ListQuery, response: { 200: CarrierPage } },
  }, async (request) => await carriers.listCarriers(request.ctx, request.query))

  app.post<{ Body: CarrierInput }>('/carriers', {
    config: { ...write, idempotent: true },
    schema: { tags, operationId: 'createCarrier', summary: 'Create a carrier (code, tracking URL template)', body: CarrierInput, response: { 201: Carrier } },
  }, async (request, reply) => await reply.code(201).send(await carriers.createCarrier(request.ctx, request.body)))

  app.get<{ Params: CarrierParams }>('/carriers/:carrierId', {
    config: read,
    schema: { tags, operationId: 'getCarrier', summary: 'Read a carrier', params: CarrierParams, response: { 200: Carrier } },
  }, async (request) => await carriers.getCarrier(request.ctx, request.params.carrierId))

  app.patch<{ Params: CarrierParams, Body: CarrierPatch }>('/carriers/:carrierId', {
    config: write,
    schema: { tags, operationId: 'updateCarrier', summary: 'Change a carrier (inactive: none of its rates is offered)', params: CarrierParams, body: CarrierPatch, response: { 200: Carrier } },
  }, async (request) => await carriers.updateCarrier(request.ctx, request.params.carrierId, request.body))

  app.get<{ Params: CarrierParams, Querystring: TrackingQuery }>('/carriers/:carrierId/tracking-url', {
    config: read,
    schema: { tags, operationId: 'getCarrierTrackingUrl', summary: "A parcel's tracking page at the carrier", params: CarrierParams, querystring: TrackingQuery, response: { 200: TrackingUrl } },
  }, async (request) => ({ url: await carriers.trackingUrl(request.ctx, request.params.carrierId, request.query.trackingNumber) }))

  app.get<{ Params: CarrierParams }>('/carriers/:carrierId/services', {
    config: read,
    schema: { tags, operationId: 'listCarrierServices', summary: "A carrier's services (transit days, cut-off, zones served)", params: CarrierParams, response: { 200: CarrierServiceList } },
  }, async (request) => await carriers.listServices(request.ctx, request.params.carrierId))

  app.post<{ Params: CarrierParams, Body: CarrierServiceInput }>('/carriers/:carrierId/services', {
    config: { ...write, idempotent: true },
    schema: { tags, operationId: 'createCarrierService', summary: 'Add a service to a carrier', params: CarrierParams, body: CarrierServiceInput, response: { 201: CarrierService } },
  }, async (request, reply) => await reply.code(201).send(await carriers.createService(request.ctx, request.params.carrierId, request.body)))

  app.patch<{ Params: CarrierServiceParams, Body: CarrierServicePatch }>('/carrier-services/:serviceId', {
    config: write,
    schema: { tags, operationId: 'updateCarrierService', summary: 'Change a carrier service', params: CarrierServiceParams, body: CarrierServicePatch, response: { 200: CarrierService } },
  }, async (request) => await carriers.updateService(request.ctx, request.params.serviceId, request.body))

  app.get('/delivery-zones', {
    config: read,
    schema: { tags, operationId: 'listDeliveryZones', summary: 'Delivery zones (sets of countries)', response: { 200: DeliveryZoneList } },
  }, async (request) => await carriers.listZones(request.ctx))

  app.post<{ Body: DeliveryZoneInput }>('/delivery-zones', {
    config: { ...write, idempotent: true },
    schema: { tags, operationId: 'createDeliveryZone', summary: 'Create a delivery zone', body: DeliveryZoneInput, response: { 201: DeliveryZone } },
  }, async (request, reply) => await reply.code(201).send(await carriers.createZone(request.ctx, request.body)))

  app.patch<{ Params: DeliveryZoneParams, Body: DeliveryZonePatch }>('/delivery-zones/:zoneId', {
    config: write,
    schema: { tags, operationId: 'updateDeliveryZone', summary: "Change a zone's name or countries", params: DeliveryZoneParams, body: DeliveryZonePatch, response: { 200: DeliveryZone } },
  }, async (request) => await carriers.updateZone(request.ctx, request.params.zoneId, request.body))

  app.get<{ Querystring: CarrierRateQuery }>('/carrier-rates', {
    config: read,
    schema: { tags, operationId: 'listCarrierRates', summary: 'Rates per service and zone', querystring: CarrierRateQuery, response: { 200: CarrierRatePage } },
  }, async (request) => await carriers.listRates(request.ctx, request.query))

  app.post<{ Body: CarrierRateInput }>('/carrier-rates', {
    config: { ...write, idempotent: true },
    schema: { tags, operationId: 'createCarrierRate', summary: 'A rate for a service in a zone (flat or by weight; offered at checkout when active)', body: CarrierRateInput, response: { 201: CarrierRate } },
  }, async (request, reply) => await reply.code(201).send(await carriers.createRate(request.ctx, request.body)))

  app.patch<{ Params: CarrierRateParams, Body: CarrierRatePatch }>('/carrier-rates/:rateId', {
    config: write,
    schema: { tags, operationId: 'updateCarrierRate', summary: 'Change a rate', params: CarrierRateParams, body: CarrierRatePatch, response: { 200: CarrierRate } },
  }, async (request) => await carriers.updateRate(request.ctx, request.params.rateId, request.body))

  app.delete<{ Params: CarrierRateParams }>('/carrier-rates/:rateId', {
    config: write,
    schema: { tags, operationId: 'deleteCarrierRate', summary: 'Delete a rate (carts that chose it lose the choice)', params: CarrierRateParams, response: { 204: NoContent } },
  }, async (request, reply) => { await carriers.deleteRate(request.ctx, request.params.rateId); return await reply.code(204).send(null) })
}
