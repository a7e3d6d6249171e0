import { requireCustomer, type RoutePlugin } from '@comptoir/core'
import type { RecommendationsConfig } from '../config.js'
import {
  ProductRecommendationParams, ProductRecommendationQuery, Recommendations, StoreRecommendationQuery,
} from '../schemas.js'

const tags = ['recommendations']

/** Storefront picks (mounted under /store): only published products priced in the currency, ever. */
export const storeRoutes: RoutePlugin<RecommendationsConfig> = async (app) => {
  const { recommendations } = app.services

  app.get<{ Params: ProductRecommendationParams, Querystring: ProductRecommendationQuery }>('/products/:handle/recommendations', {
    config: { cache: true },
    schema: {
      tags, operationId: 'getProductRecommendations',
      summary: 'Products bought together with this one, or similar to it',
      description: 'bought-together falls back to similar (`source: fallback`) while no pair has enough orders; an unpublished or unknown product is a 404.',
      params: ProductRecommendationParams, querystring: ProductRecommendationQuery, response: { 200: Recommendations },
    },
  }, async (request) => {
    const { kind, ...query } = request.query
    return await recommendations.forProduct(request.ctx, request.params.handle, kind, query)
  })

  app.get<{ Querystring: StoreRecommendationQuery }>('/recommendations', {
    config: { cache: true, customer: 'optional' },
    schema: {
      tags, operationId: 'getStoreRecommendations',
      summary: 'Trending products (store-wide or in a category), or the signed-in customer\'s personal picks',
      description: 'for-you needs the customer session token, and the customer\'s profiling consent; without consent or history it falls back to trending minus what they bought (`source: fallback`).',
      querystring: StoreRecommendationQuery, response: { 200: Recommendations },
    },
  }, async (request) => {
    const { kind, categoryId, ...query } = request.query
    if (kind === 'trending') return await recommendations.trending(request.ctx, categoryId, query)
    return await recommendations.forCustomer(request.ctx, requireCustomer(request).id, query)
  })
}
