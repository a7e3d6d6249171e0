import type { FastifyReply, FastifyRequest } from 'fastify'
import { requireCustomer, storefrontSessionId, type RoutePlugin } from '@comptoir/core'
import type { RecommendationsConfig } from '../config.js'
import {
  ProductRecommendationParams, ProductRecommendationQuery, Recommendations, StoreRecommendationQuery,
} from '../schemas.js'

const tags = ['recommendations']

/** Storefront picks (mounted under /store): only published products priced in the currency, ever. */
export const storeRoutes: RoutePlugin<RecommendationsConfig> = async (app, { config }) => {
  const { recommendations } = app.services

  // A session's picks differ per session but carry no Authorization header: the kernel's cache hook
  // would call them public. This scope's own onSend, added after the kernel's (onRoute runs parent
  // hooks first), makes them private.
  const perSession = new WeakSet<FastifyRequest>()
  const keepPrivate = (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (error: null, payload?: unknown) => void): void => {
    if (perSession.has(request)) {
      reply.header('cache-control', 'private, no-store')
      reply.header('vary', 'Authorization, X-Session-Id, Cookie')
    }
    done(null, payload)
  }
  app.addHook('onRoute', (route) => {
    if (route.config?.cache !== true) return
    const existing = route.onSend == null ? [] : Array.isArray(route.onSend) ? route.onSend : [route.onSend]
    route.onSend = [...existing, keepPrivate] as typeof route.onSend
  })

  app.get<{ Params: ProductRecommendationParams, Querystring: ProductRecommendationQuery }>('/products/:handle/recommendations', {
    config: { cache: true },
    schema: {
      tags, operationId: 'getProductRecommendations',
      summary: 'Products bought together with this one, or similar to it',
      description: 'bought-together falls back to similar (`source: fallback`) while no pair has enough orders; an unpublished or unknown product is a 404. With `placement`, that placement\'s pinned products come first and its excluded ones never.',
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
      summary: 'Trending products (store-wide or in a category), or personal picks (the signed-in customer\'s, else the anonymous session\'s)',
      description: 'for-you with a customer session token needs the customer\'s profiling consent; without consent or history it falls back to trending minus what they bought (`source: fallback`). Without a customer, for-you answers from the anonymous session\'s views and add-to-carts (x-session-id header or comptoir_sid cookie; analytics sends them), privately cached; with neither, 401.',
      querystring: StoreRecommendationQuery, response: { 200: Recommendations },
    },
  }, async (request) => {
    const { kind, categoryId, ...query } = request.query
    if (kind === 'trending') return await recommendations.trending(request.ctx, categoryId, query)
    const sessionId = request.ctx.actor?.type === 'customer' || !config.sessionPicks ? null : storefrontSessionId(request)
    if (sessionId == null) return await recommendations.forCustomer(request.ctx, requireCustomer(request).id, query)
    perSession.add(request)
    return await recommendations.forSession(request.ctx, sessionId, query)
  })
}
