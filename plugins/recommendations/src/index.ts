import { definePlugin } from '@comptoir/core'
import type {} from '@comptoir/plugin-catalog'
import type {} from '@comptoir/plugin-customers'
import type {} from '@comptoir/plugin-orders'
import { recommendationsAdmin } from './admin.js'
import { RecommendationsConfig } from './config.js'
import { recommendationsEvents } from './events.js'
import { expireSessionsJob } from './jobs/expire-sessions.js'
import { rebuildModelsJob } from './jobs/rebuild-models.js'
import { syncProductsJob } from './jobs/sync-products.js'
import { recommendationsPersonalData } from './personal-data.js'
import { adminRoutes } from './routes/admin.js'
import { storeRoutes } from './routes/store.js'
import { seedRecommendations } from './seed.js'
import { createEvaluationService, type EvaluationService } from './services/evaluation.js'
import { createExclusionService, type ExclusionService } from './services/exclusions.js'
import { createModelService, type ModelService } from './services/models.js'
import { createPickService, type PickService } from './services/picks.js'
import { createPlacementService, type PlacementService } from './services/placements.js'
import { createSignalService, type SignalService } from './services/signals.js'
import { recordCartAdds, recordViews } from './subscribers/record-activity.js'
import { recordPurchases, removeCancelledPurchases, removeReturnedPurchases } from './subscribers/record-purchases.js'
import { recordProfilingConsent, syncCreatedProducts, syncCreatedVariants, syncProduct, syncStockOfVariant } from './subscribers/sync-catalog.js'

/**
 * Bought-together, similar, trending and personal picks: signals from orders' events (and the
 * catalog's, so only published products are ever served) in recommendations' own tables, models
 * rebuilt set-wise in SQL by a repeatable job into precomputed tables, each pick one indexed read.
 */
export default definePlugin({
  name: 'recommendations',
  version: '0.1.0',
  core: '^0.1.0',
  dependsOn: { catalog: '^0.1.0', customers: '^0.1.0', orders: '^0.1.0' },
  config: RecommendationsConfig,
  services: {
    recommendations: createPickService,
    recommendationsSignals: createSignalService,
    recommendationsModels: createModelService,
    recommendationsEvaluation: createEvaluationService,
    recommendationsExclusions: createExclusionService,
    recommendationsPlacements: createPlacementService,
  },
  routes: { admin: adminRoutes, store: storeRoutes },
  migrations: new URL('./migrations/', import.meta.url),
  events: recommendationsEvents,
  jobs: {
    'recommendations.rebuild-models': rebuildModelsJob,
    'recommendations.sync-products': syncProductsJob,
    'recommendations.expire-sessions': expireSessionsJob,
  },
  subscribers: {
    'orders.order.placed': recordPurchases,
    'orders.order.cancelled': removeCancelledPurchases,
    'orders.return.received': removeReturnedPurchases,
    'catalog.product.created': syncProduct,
    'catalog.product.updated': syncProduct,
    'catalog.product.deleted': syncProduct,
    'catalog.products.created': syncCreatedProducts,
    'catalog.variant.created': syncProduct,
    'catalog.variant.updated': syncProduct,
    'catalog.variant.deleted': syncProduct,
    'catalog.variants.created': syncCreatedVariants,
    'catalog.price.updated': syncProduct,
    'customers.consent.changed': recordProfilingConsent,
    // Without inventory these never come, and every product counts as in stock.
    'inventory.stock-level.ran-out': syncStockOfVariant,
    'inventory.stock-level.replenished': syncStockOfVariant,
    // Analytics' storefront signals, by name: without analytics these never come, and the models learn from orders alone.
    'analytics.products.viewed': recordViews,
    'analytics.products.added-to-cart': recordCartAdds,
  },
  permissions: ['recommendations:read', 'recommendations:write'],
  personalData: recommendationsPersonalData,
  seed: seedRecommendations,
  admin: recommendationsAdmin,
})

export { RecommendationsConfig, modelNames, type ModelName } from './config.js'
export { recommendationsEvents, type RecommendationsEventName, type RecommendationsEventPayload } from './events.js'
export * from './errors.js'
export * from './schemas.js'
export type { ActivityInput, PurchaseInput } from './services/signals.js'
export type { ModelBuild } from './services/models.js'
export type { EvaluationService, ExclusionService, ModelService, PickService, PlacementService, SignalService }

declare module '@comptoir/core' {
  interface Services {
    recommendations: PickService
    recommendationsSignals: SignalService
    recommendationsModels: ModelService
    recommendationsEvaluation: EvaluationService
    recommendationsExclusions: ExclusionService
    recommendationsPlacements: PlacementService
  }
}
