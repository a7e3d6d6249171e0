import type { RoutePlugin } from '@comptoir/core'
import type { AnalyticsConfig } from '../config.js'
import { adminCsvRoutes } from './admin-csv.js'
import {
  CampaignQuery, CampaignReport, FunnelReport, ProductsReport, ReportQuery, SalesReport, SearchReport, TopQuery, TrafficReport,
} from '../schemas/reports.js'

const tags = ['analytics']
const read = { permission: 'analytics:read' }

/** The reports (mounted under /admin), all read from the daily rollups. */
export const adminRoutes: RoutePlugin<AnalyticsConfig> = async (app, options) => {
  const { analyticsReports } = app.services
  await app.register(adminCsvRoutes, options)

  app.get<{ Querystring: ReportQuery }>('/analytics/sales', {
    config: read,
    schema: { tags, operationId: 'getAnalyticsSales', summary: 'Sales for a period against the previous one: orders, gross, refunds, net, AOV per currency, a daily series and channels', querystring: ReportQuery, response: { 200: SalesReport } },
  }, async (request) => await analyticsReports.sales(request.ctx, request.query))

  app.get<{ Querystring: TopQuery }>('/analytics/products', {
    config: read,
    schema: { tags, operationId: 'getAnalyticsProducts', summary: 'Top products (views, add-to-carts, orders, units, conversion) and top categories by revenue', querystring: TopQuery, response: { 200: ProductsReport } },
  }, async (request) => await analyticsReports.products(request.ctx, request.query))

  app.get<{ Querystring: ReportQuery }>('/analytics/funnel', {
    config: read,
    schema: { tags, operationId: 'getAnalyticsFunnel', summary: 'Sessions at each step from visit to purchase, against the previous period', querystring: ReportQuery, response: { 200: FunnelReport } },
  }, async (request) => await analyticsReports.funnel(request.ctx, request.query))

  app.get<{ Querystring: TopQuery }>('/analytics/searches', {
    config: read,
    schema: { tags, operationId: 'getAnalyticsSearches', summary: 'Top search terms with click-through, and zero-result terms', querystring: TopQuery, response: { 200: SearchReport } },
  }, async (request) => await analyticsReports.searches(request.ctx, request.query))

  app.get<{ Querystring: CampaignQuery }>('/analytics/campaigns', {
    config: read,
    schema: { tags, operationId: 'getAnalyticsCampaigns', summary: 'Campaigns: landing sessions, orders, revenue and conversion, by first or last touch', querystring: CampaignQuery, response: { 200: CampaignReport } },
  }, async (request) => await analyticsReports.campaigns(request.ctx, request.query))

  app.get<{ Querystring: TopQuery }>('/analytics/traffic', {
    config: read,
    schema: { tags, operationId: 'getAnalyticsTraffic', summary: 'Server traffic: requests, client and server errors, latency percentiles per day and per route pattern', querystring: TopQuery, response: { 200: TrafficReport } },
  }, async (request) => await analyticsReports.traffic(request.ctx, request.query))
}
