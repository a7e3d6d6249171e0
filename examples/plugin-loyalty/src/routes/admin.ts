import { PageQuery, type RoutePlugin } from '@comptoir/core'
import { randomUUID } from 'node:crypto'
import type { CustomersService } from '@comptoir/plugin-customers'
import type { LoyaltyConfig } from '../config.js'
import { AdjustmentInput, CustomerParams, LedgerPage, LoyaltyAccount } from '../schemas.js'

/** Accounts, history and manual adjustments, under /admin (each write is in the audit log). */
export const adminRoutes: RoutePlugin<LoyaltyConfig> = async (app) => {
  const { loyalty } = app.services
  const customers: CustomersService = app.services.customers
  const tags = ['loyalty']
  app.get<{ Params: CustomerParams }>('/loyalty/accounts/:customerId', {
    config: { permission: 'loyalty:read' },
    schema: { tags, operationId: 'getLoyaltyAccount', summary: "A customer's points balance", params: CustomerParams, response: { 200: LoyaltyAccount } },
  }, async (request) => {
    await customers.get(request.ctx, request.params.customerId) // 404 for an unknown customer
    return await loyalty.account(request.ctx, request.params.customerId)
  })
  app.get<{ Params: CustomerParams, Querystring: PageQuery }>('/loyalty/accounts/:customerId/ledger', {
    config: { permission: 'loyalty:read' },
    schema: { tags, operationId: 'listLoyaltyLedger', summary: "A customer's points history, newest first", params: CustomerParams, querystring: PageQuery, response: { 200: LedgerPage } },
  }, async (request) => await loyalty.ledger(request.ctx, request.params.customerId, request.query))
  app.post<{ Params: CustomerParams, Body: AdjustmentInput }>('/loyalty/accounts/:customerId/adjustments', {
    config: { permission: 'loyalty:write' },
    schema: { tags, operationId: 'adjustLoyaltyPoints', summary: 'Add or take points by hand, with a note', params: CustomerParams, body: AdjustmentInput, response: { 201: LoyaltyAccount } },
  }, async (request, reply) => {
    const { customerId } = request.params
    await customers.get(request.ctx, customerId)
    await loyalty.apply(request.ctx, { customerId, points: request.body.points, reason: 'adjusted', note: request.body.note, sourceKey: `adjust:${randomUUID()}` })
    reply.code(201)
    return await loyalty.account(request.ctx, customerId)
  })
}
