import { Type, type RoutePlugin } from '@comptoir/core'
import { modelNames, type RecommendationsConfig } from '../config.js'
import {
  Evaluation, EvaluationInput, Exclusion, ExclusionInput, ExclusionPage, ExclusionParams, ExclusionQuery, ModelStatus, Placement, PlacementInput,
  PlacementPage, PlacementParams, PlacementQuery, RebuildAccepted, RebuildInput,
} from '../schemas.js'

const tags = ['recommendations']

/** Model status, "rebuild now", exclusions and the offline evaluation (mounted under /admin). */
export const adminRoutes: RoutePlugin<RecommendationsConfig> = async (app) => {
  const { jobs, recommendationsModels, recommendationsEvaluation, recommendationsExclusions, recommendationsPlacements } = app.services

  app.get('/recommendations/models', {
    config: { permission: 'recommendations:read' },
    schema: { tags, operationId: 'getRecommendationModels', summary: 'Each model\'s last build (time, rows, duration) and the signals it learns from', response: { 200: ModelStatus } },
  }, async (request) => await recommendationsModels.status(request.ctx))

  app.post<{ Body: RebuildInput }>('/recommendations/rebuilds', {
    config: { permission: 'recommendations:write' },
    schema: { tags, operationId: 'rebuildRecommendationModels', summary: 'Enqueue a rebuild of some or all models now; returns the job id', body: RebuildInput, response: { 202: RebuildAccepted } },
  }, async (request, reply) => {
    const models = request.body.models ?? [...modelNames]
    const { id } = await jobs.enqueue(request.ctx, 'recommendations.rebuild-models', { models })
    return await reply.code(202).send({ jobId: id, models })
  })

  app.post<{ Body: EvaluationInput }>('/recommendations/evaluations', {
    config: { permission: 'recommendations:read' },
    schema: {
      tags, operationId: 'evaluateRecommendations',
      summary: 'Offline measurement: hold out each customer\'s last order, report hit rate, precision and recall at k of each model against popularity',
      body: EvaluationInput, response: { 200: Evaluation },
    },
  }, async (request) => await recommendationsEvaluation.evaluate(request.ctx, request.body.k))

  app.get<{ Querystring: ExclusionQuery }>('/recommendations/exclusions', {
    config: { permission: 'recommendations:read' },
    schema: { tags, operationId: 'listRecommendationExclusions', summary: 'Products never recommended, in product id order', querystring: ExclusionQuery, response: { 200: ExclusionPage } },
  }, async (request) => await recommendationsExclusions.list(request.ctx, request.query))

  app.put<{ Params: ExclusionParams, Body: ExclusionInput }>('/recommendations/exclusions/:productId', {
    config: { permission: 'recommendations:write' },
    schema: { tags, operationId: 'excludeRecommendedProduct', summary: 'Never recommend this product, in any placement (idempotent)', params: ExclusionParams, body: ExclusionInput, response: { 200: Exclusion } },
  }, async (request) => await recommendationsExclusions.exclude(request.ctx, request.params.productId, request.body.reason ?? null))

  app.delete<{ Params: ExclusionParams }>('/recommendations/exclusions/:productId', {
    config: { permission: 'recommendations:write' },
    schema: { tags, operationId: 'includeRecommendedProduct', summary: 'Recommend this product again', params: ExclusionParams, response: { 204: Type.Null({ description: 'Done' }) } },
  }, async (request, reply) => { await recommendationsExclusions.include(request.ctx, request.params.productId); return await reply.code(204).send(null) })

  app.get<{ Querystring: PlacementQuery }>('/recommendations/placements', {
    config: { permission: 'recommendations:read' },
    schema: { tags, operationId: 'listRecommendationPlacements', summary: 'Placements with pinned or excluded products, in key order', querystring: PlacementQuery, response: { 200: PlacementPage } },
  }, async (request) => await recommendationsPlacements.list(request.ctx, request.query))

  app.get<{ Params: PlacementParams }>('/recommendations/placements/:placement', {
    config: { permission: 'recommendations:read' },
    schema: { tags, operationId: 'getRecommendationPlacement', summary: 'A placement\'s pinned (in order) and excluded products; empty lists for one never set', params: PlacementParams, response: { 200: Placement } },
  }, async (request) => await recommendationsPlacements.get(request.ctx, request.params.placement))

  app.put<{ Params: PlacementParams, Body: PlacementInput }>('/recommendations/placements/:placement', {
    config: { permission: 'recommendations:write' },
    schema: {
      tags, operationId: 'setRecommendationPlacement', summary: 'Replace a placement\'s pinned and excluded products (idempotent; empty lists clear it)',
      params: PlacementParams, body: PlacementInput, response: { 200: Placement },
    },
  }, async (request) => await recommendationsPlacements.replace(request.ctx, request.params.placement, request.body))
}
