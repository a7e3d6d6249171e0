import { Type, type RoutePlugin } from '@comptoir/core'
import type { OrdersConfig } from '../config.js'
import { AdminCartQuery, Cart, CartParams, CartSummaryPage } from '../carts/schemas.js'
import {
  Promotion, PromotionInput, PromotionPage, PromotionParams, PromotionPatch, PromotionQuery, ShippingOption, ShippingOptionInput,
  ShippingOptionParams, ShippingOptionPatch, ShippingZone, ShippingZoneInput, ShippingZoneList, ShippingZoneParams, ShippingZonePatch,
  TaxRate, TaxRateInput, TaxRateList, TaxRateParams, TaxRatePatch, TaxRateQuery,
} from '../pricing/schemas.js'

const tags = ['orders']
const read = { permission: 'orders:read' }
const write = { permission: 'orders:write' }
const NoContent = Type.Null({ description: 'Done' })

/** Admin: shipping zones and options, tax rates, promotions, and carts for support (under /admin). */
export const cartAdminRoutes: RoutePlugin<OrdersConfig> = async (app) => {
  const { ordersShipping: shipping, ordersTax: tax, ordersPromotions: promotions, ordersCarts: carts } = app.services

  // --- shipping zones ---
  app.get('/shipping-zones', {
    config: read, schema: { tags, operationId: 'listShippingZones', summary: 'Shipping zones with their countries and options', response: { 200: ShippingZoneList } },
  }, async (request) => await shipping.listZones(request.ctx))
  app.post<{ Body: ShippingZoneInput }>('/shipping-zones', {
    config: write, schema: { tags, operationId: 'createShippingZone', summary: 'Create a shipping zone (a set of countries)', body: ShippingZoneInput, response: { 201: ShippingZone } },
  }, async (request, reply) => await reply.code(201).send(await shipping.createZone(request.ctx, request.body)))
  app.get<{ Params: ShippingZoneParams }>('/shipping-zones/:zoneId', {
    config: read, schema: { tags, operationId: 'getShippingZone', summary: 'Read a shipping zone', params: ShippingZoneParams, response: { 200: ShippingZone } },
  }, async (request) => await shipping.getZone(request.ctx, request.params.zoneId))
  app.patch<{ Params: ShippingZoneParams, Body: ShippingZonePatch }>('/shipping-zones/:zoneId', {
    config: write, schema: { tags, operationId: 'updateShippingZone', summary: 'Rename a zone or replace its countries', params: ShippingZoneParams, body: ShippingZonePatch, response: { 200: ShippingZone } },
  }, async (request) => await shipping.updateZone(request.ctx, request.params.zoneId, request.body))
  app.delete<{ Params: ShippingZoneParams }>('/shipping-zones/:zoneId', {
    config: write, schema: { tags, operationId: 'deleteShippingZone', summary: 'Delete a zone and its options', params: ShippingZoneParams, response: { 204: NoContent } },
  }, async (request, reply) => { await shipping.deleteZone(request.ctx, request.params.zoneId); return await reply.code(204).send(null) })

  // --- shipping options ---
  app.post<{ Body: ShippingOptionInput }>('/shipping-options', {
    config: write, schema: { tags, operationId: 'createShippingOption', summary: 'Add a flat or weight-based option to a zone', body: ShippingOptionInput, response: { 201: ShippingOption } },
  }, async (request, reply) => await reply.code(201).send(await shipping.createOption(request.ctx, request.body)))
  app.get<{ Params: ShippingOptionParams }>('/shipping-options/:shippingOptionId', {
    config: read, schema: { tags, operationId: 'getShippingOption', summary: 'Read a shipping option', params: ShippingOptionParams, response: { 200: ShippingOption } },
  }, async (request) => await shipping.getOption(request.ctx, request.params.shippingOptionId))
  app.patch<{ Params: ShippingOptionParams, Body: ShippingOptionPatch }>('/shipping-options/:shippingOptionId', {
    config: write, schema: { tags, operationId: 'updateShippingOption', summary: 'Change a shipping option', params: ShippingOptionParams, body: ShippingOptionPatch, response: { 200: ShippingOption } },
  }, async (request) => await shipping.updateOption(request.ctx, request.params.shippingOptionId, request.body))
  app.delete<{ Params: ShippingOptionParams }>('/shipping-options/:shippingOptionId', {
    config: write, schema: { tags, operationId: 'deleteShippingOption', summary: 'Delete a shipping option (carts lose the choice)', params: ShippingOptionParams, response: { 204: NoContent } },
  }, async (request, reply) => { await shipping.deleteOption(request.ctx, request.params.shippingOptionId); return await reply.code(204).send(null) })

  // --- tax rates ---
  app.get<{ Querystring: TaxRateQuery }>('/tax-rates', {
    config: read, schema: { tags, operationId: 'listTaxRates', summary: 'Tax rates by country, then region', querystring: TaxRateQuery, response: { 200: TaxRateList } },
  }, async (request) => await tax.list(request.ctx, request.query))
  app.post<{ Body: TaxRateInput }>('/tax-rates', {
    config: write, schema: { tags, operationId: 'createTaxRate', summary: 'Create the rate of a country or region', body: TaxRateInput, response: { 201: TaxRate } },
  }, async (request, reply) => await reply.code(201).send(await tax.create(request.ctx, request.body)))
  app.get<{ Params: TaxRateParams }>('/tax-rates/:taxRateId', {
    config: read, schema: { tags, operationId: 'getTaxRate', summary: 'Read a tax rate', params: TaxRateParams, response: { 200: TaxRate } },
  }, async (request) => await tax.get(request.ctx, request.params.taxRateId))
  app.patch<{ Params: TaxRateParams, Body: TaxRatePatch }>('/tax-rates/:taxRateId', {
    config: write, schema: { tags, operationId: 'updateTaxRate', summary: 'Change a tax rate', params: TaxRateParams, body: TaxRatePatch, response: { 200: TaxRate } },
  }, async (request) => await tax.update(request.ctx, request.params.taxRateId, request.body))
  app.delete<{ Params: TaxRateParams }>('/tax-rates/:taxRateId', {
    config: write, schema: { tags, operationId: 'deleteTaxRate', summary: 'Delete a tax rate', params: TaxRateParams, response: { 204: NoContent } },
  }, async (request, reply) => { await tax.remove(request.ctx, request.params.taxRateId); return await reply.code(204).send(null) })

  // --- promotions ---
  app.get<{ Querystring: PromotionQuery }>('/promotions', {
    config: read, schema: { tags, operationId: 'listPromotions', summary: 'Promotion codes with their usage counts, by code', querystring: PromotionQuery, response: { 200: PromotionPage } },
  }, async (request) => await promotions.list(request.ctx, request.query))
  app.post<{ Body: PromotionInput }>('/promotions', {
    config: write, schema: { tags, operationId: 'createPromotion', summary: 'Create a percentage or fixed promotion code', body: PromotionInput, response: { 201: Promotion } },
  }, async (request, reply) => await reply.code(201).send(await promotions.create(request.ctx, request.body)))
  app.get<{ Params: PromotionParams }>('/promotions/:promotionId', {
    config: read, schema: { tags, operationId: 'getPromotion', summary: 'Read a promotion and its usage count', params: PromotionParams, response: { 200: Promotion } },
  }, async (request) => await promotions.get(request.ctx, request.params.promotionId))
  app.patch<{ Params: PromotionParams, Body: PromotionPatch }>('/promotions/:promotionId', {
    config: write, schema: { tags, operationId: 'updatePromotion', summary: 'Change a promotion (deactivate with active: false)', params: PromotionParams, body: PromotionPatch, response: { 200: Promotion } },
  }, async (request) => await promotions.update(request.ctx, request.params.promotionId, request.body))
  app.delete<{ Params: PromotionParams }>('/promotions/:promotionId', {
    config: write, schema: { tags, operationId: 'deletePromotion', summary: 'Delete a promotion code', params: PromotionParams, response: { 204: NoContent } },
  }, async (request, reply) => { await promotions.remove(request.ctx, request.params.promotionId); return await reply.code(204).send(null) })

  // --- carts, for support ---
  app.get<{ Querystring: AdminCartQuery }>('/carts', {
    config: read, schema: { tags, operationId: 'listCarts', summary: 'Carts, newest first (status, customer, email filters)', querystring: AdminCartQuery, response: { 200: CartSummaryPage } },
  }, async (request) => await carts.list(request.ctx, request.query))
  app.get<{ Params: CartParams }>('/carts/:cartId', {
    config: read, schema: { tags, operationId: 'getCartForSupport', summary: 'Any cart with its lines and totals', params: CartParams, response: { 200: Cart } },
  }, async (request) => await carts.getForAdmin(request.ctx, request.params.cartId))
}
