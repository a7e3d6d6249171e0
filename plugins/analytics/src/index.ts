import { definePlugin } from '@comptoir/core'
import type {} from '@comptoir/plugin-catalog'
import type {} from '@comptoir/plugin-customers'
import type {} from '@comptoir/plugin-orders'
import { analyticsAdmin } from './admin.js'
import { AnalyticsConfig } from './config.js'
import { analyticsEvents } from './events.js'
import { computeRollupsJob } from './jobs/compute-rollups.js'
import { createPartitionsJob, dropExpiredPartitionsJob } from './jobs/partitions.js'
import { shipToSinksJob } from './jobs/ship-to-sinks.js'
import { analyticsPersonalData } from './personal-data.js'
import { adminRoutes } from './routes/admin.js'
import { storeRoutes } from './routes/store.js'
import { seedAnalytics } from './seed.js'
import { createIngestService, type IngestService } from './services/ingest.js'
import { createPartitionService, type PartitionService } from './services/partitions.js'
import { createReportService, type ReportService } from './services/reports.js'
import { createRollupService, type RollupService } from './services/rollups.js'
import { createSalesService, type SalesService } from './services/sales.js'
import { createSinkService, type SinkService } from './services/sinks.js'
import { createTrafficService, type TrafficService } from './services/traffic.js'
import { forgetWithdrawnCustomer } from './subscribers/forget-withdrawn-customer.js'
import { recordOrderCancelled, recordOrderPlaced, recordPaymentRefunded } from './subscribers/record-sales.js'

/**
 * First-party analytics: the storefront's clickstream (POST /store/events) in a raw table
 * partitioned by month, purchases from orders' events only, daily rollups and the admin reports
 * merchants ask for (sales against the previous period, products, funnel, searches, campaigns).
 */
export default definePlugin({
  name: 'analytics',
  version: '0.1.0',
  core: '^0.1.0',
  dependsOn: { catalog: '^0.1.0', customers: '^0.1.0', orders: '^0.1.0' },
  config: AnalyticsConfig,
  services: {
    analytics: createIngestService,
    analyticsPartitions: createPartitionService,
    analyticsSales: createSalesService,
    analyticsRollups: createRollupService,
    analyticsReports: createReportService,
    analyticsSinks: createSinkService,
    analyticsTraffic: createTrafficService,
  },
  routes: { store: storeRoutes, admin: adminRoutes },
  migrations: new URL('./migrations/', import.meta.url),
  events: analyticsEvents,
  jobs: {
    'analytics.create-partitions': createPartitionsJob,
    'analytics.drop-expired-partitions': dropExpiredPartitionsJob,
    'analytics.compute-rollups': computeRollupsJob,
    'analytics.ship-to-sinks': shipToSinksJob,
  },
  subscribers: {
    'orders.order.placed': recordOrderPlaced,
    'orders.order.cancelled': recordOrderCancelled,
    'orders.payment.refunded': recordPaymentRefunded,
    'customers.consent.changed': forgetWithdrawnCustomer,
  },
  permissions: ['analytics:read'],
  personalData: analyticsPersonalData,
  seed: seedAnalytics,
  admin: analyticsAdmin,
  // Every answered request, counted per route into analytics_daily_traffic (no database work here: the first flush is a timer's).
  onBoot: (services) => { services.httpObservers.add(services.analyticsTraffic.observer) },
})

export { AnalyticsConfig } from './config.js'
export * from './errors.js'
export { analyticsEvents, type AnalyticsEventName, type AnalyticsEventPayload } from './events.js'
export * from './schemas/index.js'
export type { AnalyticsSink, RawEvent } from './services/sinks.js'
export type { IngestService, PartitionService, ReportService, RollupService, SalesService, SinkService, TrafficService }

declare module '@comptoir/core' {
  interface Services {
    analytics: IngestService
    analyticsPartitions: PartitionService
    analyticsSales: SalesService
    analyticsRollups: RollupService
    analyticsReports: ReportService
    analyticsSinks: SinkService
    analyticsTraffic: TrafficService
  }
}
