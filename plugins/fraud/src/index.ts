import { definePlugin, Type } from '@comptoir/core'
import type {} from '@comptoir/plugin-customers'
import type {} from '@comptoir/plugin-orders'
import { fraudAdmin } from './admin-pages.js'
import { FraudConfig } from './config.js'
import { fraudEvents } from './events.js'
import { pruneCountersJob } from './jobs/prune-counters.js'
import { fraudPersonalData } from './personal-data.js'
import { adminRoutes } from './routes/admin.js'
import { RuleSettings } from './rules/catalog.js'
import { seedFraud } from './seed.js'
import { createBlockListService, type BlockListService } from './services/block-list.js'
import { createLabelsService, type LabelsService } from './services/labels.js'
import { createReviewsService, type ReviewsService } from './services/reviews.js'
import { createScoringService, type ScoringService } from './services/scoring.js'
import { labelDisputes } from './subscribers/label-disputes.js'

/**
 * Risk scoring at checkout through orders' checkout extension point: weighted rules (velocity,
 * country mismatch, first order far above average, many cards, disposable email, block list,
 * Stripe Radar), a score 0–100 stored with every reason, decisions allow / review (hold) /
 * block, a review queue, outcome labels and a per-rule precision report.
 */
export default definePlugin({
  name: 'fraud',
  version: '0.1.0',
  core: '^0.1.0',
  dependsOn: { customers: '^0.1.0', orders: '^0.1.0' },
  config: FraudConfig,
  services: {
    fraud: createScoringService,
    fraudBlockList: createBlockListService,
    fraudReviews: createReviewsService,
    fraudLabels: createLabelsService,
  },
  routes: { admin: adminRoutes },
  migrations: new URL('./migrations/', import.meta.url),
  events: fraudEvents,
  jobs: { 'fraud.prune-counters': pruneCountersJob },
  subscribers: { 'orders.payment.disputed': labelDisputes },
  settings: {
    /** Scores at or above this hold the order for review. */
    reviewThreshold: Type.Integer({ minimum: 1, maximum: 100, default: 40 }),
    /** Scores at or above this refuse the checkout (above 100: never block). */
    blockThreshold: Type.Integer({ minimum: 1, maximum: 101, default: 80 }),
    /** Per-rule overrides of weight, limit, window and enabled (docs/plugins/fraud.md lists the rules). */
    rules: RuleSettings,
  },
  permissions: ['fraud:read', 'fraud:review', 'fraud:write'],
  personalData: fraudPersonalData,
  seed: seedFraud,
  admin: fraudAdmin,
  onBoot (services) {
    const { fraud } = services
    services.ordersCheckoutExtensions.register({
      id: 'fraud',
      beforePayment: async (ctx, checkout) => await fraud.beforePayment(ctx, checkout),
      afterPayment: async (ctx, order, payment) => await fraud.afterPayment(ctx, order, payment),
      onFailure: async (ctx, failure) => { await fraud.onFailure(ctx, failure) },
    })
  },
})

export { FraudConfig } from './config.js'
export { fraudEvents, type FraudEventName } from './events.js'
export * from './errors.js'
export * from './schemas.js'
export { ruleDefaults, type RuleId } from './rules/catalog.js'
export type { BlockListService, LabelsService, ReviewsService, ScoringService }

declare module '@comptoir/core' {
  interface Services {
    fraud: ScoringService
    fraudBlockList: BlockListService
    fraudReviews: ReviewsService
    fraudLabels: LabelsService
  }
}
