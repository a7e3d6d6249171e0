import type { RoutePlugin } from '@comptoir/core'
import type { OrdersConfig } from '../config.js'
import { cartAccessOf } from '../carts/access.js'
import {
  AvailableShippingOptions, Cart, CartInput, CartLineParams, CartParams, CartPatch, CartPromotionParams, CartTokenHeader, CreatedCart,
  LineInput, LinePatch, PromotionCodeInput, ShippingOptionChoice,
} from '../carts/schemas.js'

const tags = ['orders']
const headers = CartTokenHeader

/**
 * Storefront carts (mounted under /store). A guest sends the cart token from creation as
 * `x-cart-token`; a signed-in customer their session bearer (`customer: 'optional'` documents
 * both). Someone else's cart is a 404.
 */
export const cartStoreRoutes: RoutePlugin<OrdersConfig> = async (app) => {
  const carts = app.services.ordersCarts

  app.post<{ Body: CartInput }>('/carts', {
    // A storefront may POST with no body at all: that is an empty input, not a malformed one.
    preValidation: async (request) => { request.body ??= {} },
    config: { customer: 'optional' },
    schema: {
      tags, operationId: 'createCart', summary: 'Create a guest cart (returns its token once), or get-or-create the signed-in customer\'s open cart',
      body: CartInput, response: { 200: CreatedCart, 201: CreatedCart },
    },
  }, async (request, reply) => {
    const { created, ...result } = await carts.create(request.ctx, cartAccessOf(request), request.body)
    void reply.header('cache-control', 'no-store').code(created ? 201 : 200)
    return result
  })

  app.get<{ Params: CartParams }>('/carts/:cartId', {
    config: { customer: 'optional' },
    schema: { tags, operationId: 'getCart', summary: 'Read a cart with current prices and totals', headers, params: CartParams, response: { 200: Cart } },
  }, async (request) => await carts.get(request.ctx, request.params.cartId, cartAccessOf(request)))

  app.patch<{ Params: CartParams, Body: CartPatch }>('/carts/:cartId', {
    config: { customer: 'optional' },
    schema: { tags, operationId: 'updateCart', summary: 'Set the email, shipping or billing address', headers, params: CartParams, body: CartPatch, response: { 200: Cart } },
  }, async (request) => await carts.update(request.ctx, request.params.cartId, cartAccessOf(request), request.body))

  app.post<{ Params: CartParams, Body: LineInput }>('/carts/:cartId/lines', {
    config: { customer: 'optional' },
    schema: { tags, operationId: 'addCartLine', summary: 'Add a variant (the same variant again increments its line)', headers, params: CartParams, body: LineInput, response: { 200: Cart } },
  }, async (request) => await carts.addLine(request.ctx, request.params.cartId, cartAccessOf(request), request.body))

  app.patch<{ Params: CartLineParams, Body: LinePatch }>('/carts/:cartId/lines/:lineId', {
    config: { customer: 'optional' },
    schema: { tags, operationId: 'updateCartLine', summary: 'Change a line\'s quantity', headers, params: CartLineParams, body: LinePatch, response: { 200: Cart } },
  }, async (request) => await carts.updateLine(request.ctx, request.params.cartId, cartAccessOf(request), request.params.lineId, request.body))

  app.delete<{ Params: CartLineParams }>('/carts/:cartId/lines/:lineId', {
    config: { customer: 'optional' },
    schema: { tags, operationId: 'removeCartLine', summary: 'Remove a line', headers, params: CartLineParams, response: { 200: Cart } },
  }, async (request) => await carts.removeLine(request.ctx, request.params.cartId, cartAccessOf(request), request.params.lineId))

  app.get<{ Params: CartParams }>('/carts/:cartId/shipping-options', {
    config: { customer: 'optional' },
    schema: { tags, operationId: 'listCartShippingOptions', summary: 'Shipping options for the cart\'s address, priced for it', headers, params: CartParams, response: { 200: AvailableShippingOptions } },
  }, async (request) => await carts.shippingOptions(request.ctx, request.params.cartId, cartAccessOf(request)))

  app.put<{ Params: CartParams, Body: ShippingOptionChoice }>('/carts/:cartId/shipping-option', {
    config: { customer: 'optional' },
    schema: { tags, operationId: 'selectCartShippingOption', summary: 'Choose the shipping option (null clears it)', headers, params: CartParams, body: ShippingOptionChoice, response: { 200: Cart } },
  }, async (request) => await carts.selectShippingOption(request.ctx, request.params.cartId, cartAccessOf(request), request.body.shippingOptionId))

  app.post<{ Params: CartParams, Body: PromotionCodeInput }>('/carts/:cartId/promotions', {
    config: { customer: 'optional' },
    schema: { tags, operationId: 'applyCartPromotion', summary: 'Apply a promotion code', headers, params: CartParams, body: PromotionCodeInput, response: { 200: Cart } },
  }, async (request) => await carts.applyPromotion(request.ctx, request.params.cartId, cartAccessOf(request), request.body.code))

  app.delete<{ Params: CartPromotionParams }>('/carts/:cartId/promotions/:code', {
    config: { customer: 'optional' },
    schema: { tags, operationId: 'removeCartPromotion', summary: 'Remove a promotion code', headers, params: CartPromotionParams, response: { 200: Cart } },
  }, async (request) => await carts.removePromotion(request.ctx, request.params.cartId, cartAccessOf(request), request.params.code))

  app.post<{ Params: CartParams }>('/carts/:cartId/merge', {
    config: { customer: true },
    schema: {
      tags, operationId: 'mergeCart', summary: 'After login: move this guest cart (x-cart-token) into the customer\'s open cart',
      headers, params: CartParams, response: { 200: Cart },
    },
  }, async (request) => await carts.merge(request.ctx, request.params.cartId, cartAccessOf(request)))
}
