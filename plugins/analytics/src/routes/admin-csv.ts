import type { Readable } from 'node:stream'
import type { FastifyReply } from 'fastify'
import { Type, type RoutePlugin } from '@comptoir/core'
import type { AnalyticsConfig } from '../config.js'
import { CampaignQuery, ReportQuery, TopQuery } from '../schemas/reports.js'
import { csvOf } from '../services/csv.js'

const tags = ['analytics']
const read = { permission: 'analytics:read' }
const csv = { produces: ['text/csv'], response: { 200: Type.String({ description: 'CSV, streamed' }) } }

/** The reports as streamed CSV (mounted under /admin): the same figures as the JSON routes. */
export const adminCsvRoutes: RoutePlugin<AnalyticsConfig> = async (app) => {
  const { analyticsReports: reports } = app.services
  const sendCsv = async (reply: FastifyReply, name: string, body: Readable): Promise<FastifyReply> =>
    await reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="analytics-${name}.csv"`).send(body)

  app.get<{ Querystring: ReportQuery }>('/analytics/sales.csv', {
    config: read,
    schema: { tags, operationId: 'getAnalyticsSalesCsv', summary: 'The sales report\'s daily series per currency, as CSV', querystring: ReportQuery, ...csv },
  }, async (request, reply) => await sendCsv(reply, 'sales', csvOf.sales(await reports.sales(request.ctx, request.query))))

  app.get<{ Querystring: TopQuery }>('/analytics/products.csv', {
    config: read,
    schema: { tags, operationId: 'getAnalyticsProductsCsv', summary: 'Top products, as CSV', querystring: TopQuery, ...csv },
  }, async (request, reply) => await sendCsv(reply, 'products', csvOf.products(await reports.products(request.ctx, request.query))))

  app.get<{ Querystring: ReportQuery }>('/analytics/funnel.csv', {
    config: read,
    schema: { tags, operationId: 'getAnalyticsFunnelCsv', summary: 'The funnel against the previous period, as CSV', querystring: ReportQuery, ...csv },
  }, async (request, reply) => await sendCsv(reply, 'funnel', csvOf.funnel(await reports.funnel(request.ctx, request.query))))

  app.get<{ Querystring: TopQuery }>('/analytics/searches.csv', {
    config: read,
    schema: { tags, operationId: 'getAnalyticsSearchesCsv', summary: 'Top search terms, as CSV', querystring: TopQuery, ...csv },
  }, async (request, reply) => await sendCsv(reply, 'searches', csvOf.searches(await reports.searches(request.ctx, request.query))))

  app.get<{ Querystring: CampaignQuery }>('/analytics/campaigns.csv', {
    config: read,
    schema: { tags, operationId: 'getAnalyticsCampaignsCsv', summary: 'Campaigns, one row per currency of revenue, as CSV', querystring: CampaignQuery, ...csv },
  }, async (request, reply) => await sendCsv(reply, 'campaigns', csvOf.campaigns(await reports.campaigns(request.ctx, request.query))))

  app.get<{ Querystring: TopQuery }>('/analytics/traffic.csv', {
    config: read,
    schema: { tags, operationId: 'getAnalyticsTrafficCsv', summary: 'Server traffic per route pattern, as CSV', querystring: TopQuery, ...csv },
  }, async (request, reply) => await sendCsv(reply, 'traffic', csvOf.traffic(await reports.traffic(request.ctx, request.query))))
}
