import { PageQuery, requireCustomer, type RoutePlugin } from '@comptoir/core'
import type { LoyaltyConfig } from '../config.js'
import { LedgerPage, LoyaltyAccount } from '../schemas.js'

/** The signed-in customer's balance and history, under /store. */
export const storeRoutes: RoutePlugin<LoyaltyConfig> = async (app) => {
  const { loyalty } = app.services
  const tags = ['loyalty']
  app.get('/loyalty/me', {
    config: { customer: true },
    schema: { tags, operationId: 'getMyLoyaltyAccount', summary: 'My points balance', response: { 200: LoyaltyAccount } },
  }, async (request) => await loyalty.account(request.ctx, requireCustomer(request).id))
  app.get<{ Querystring: PageQuery }>('/loyalty/me/ledger', {
    config: { customer: true },
    schema: { tags, operationId: 'listMyLoyaltyLedger', summary: 'My points history, newest first', querystring: PageQuery, response: { 200: LedgerPage } },
  }, async (request) => await loyalty.ledger(request.ctx, requireCustomer(request).id, request.query))
}
