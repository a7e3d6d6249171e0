import { Type, type RoutePlugin } from '@comptoir/core'
import type { FraudConfig } from '../config.js'
import {
  Assessment, AssessmentPage, BlockEntry, BlockEntryInput, BlockEntryPage, BlockEntryParams, BlockListQuery, OrderParams,
  ReviewDecisionInput, ReviewQuery, RuleReport, RuleReportQuery,
} from '../schemas.js'

const tags = ['fraud']
const read = { permission: 'fraud:read' }
// Review decisions record their own audit entries (with score and note) in the same transaction.
const review = { permission: 'fraud:review', audit: false as const }
// Block-list bodies hold emails and IPs: audited without the body.
const write = { permission: 'fraud:write', audit: { body: false as const } }

/** Back office of fraud (under /admin): the review queue, assessments, the block list, the rule report. */
export const adminRoutes: RoutePlugin<FraudConfig> = async (app) => {
  const { fraudReviews, fraudBlockList, fraudLabels } = app.services

  app.get<{ Querystring: ReviewQuery }>('/fraud/reviews', {
    config: read,
    schema: { tags, operationId: 'listFraudReviews', summary: 'Assessments by status (held by default: the review queue), newest first, with score and reasons', querystring: ReviewQuery, response: { 200: AssessmentPage } },
  }, async (request) => await fraudReviews.list(request.ctx, request.query))

  app.get<{ Params: OrderParams }>('/fraud/reviews/:orderId', {
    config: read,
    schema: { tags, operationId: 'getFraudAssessment', summary: 'The fraud assessment of an order: score, decision, every reason, review', params: OrderParams, response: { 200: Assessment } },
  }, async (request) => await fraudReviews.get(request.ctx, request.params.orderId))

  app.post<{ Params: OrderParams, Body: ReviewDecisionInput }>('/fraud/reviews/:orderId/approve', {
    config: review,
    schema: { tags, operationId: 'approveFraudReview', summary: 'Approve a held order: release the hold so capture and fulfilment go on', params: OrderParams, body: ReviewDecisionInput, response: { 200: Assessment } },
  }, async (request) => await fraudReviews.approve(request.ctx, request.params.orderId, request.body.note ?? null))

  app.post<{ Params: OrderParams, Body: ReviewDecisionInput }>('/fraud/reviews/:orderId/reject', {
    config: review,
    schema: { tags, operationId: 'rejectFraudReview', summary: 'Reject a held order: cancel it (stock released, payment voided or refunded) and label it fraud', params: OrderParams, body: ReviewDecisionInput, response: { 200: Assessment } },
  }, async (request) => await fraudReviews.reject(request.ctx, request.params.orderId, request.body.note ?? null))

  app.get<{ Querystring: BlockListQuery }>('/fraud/block-list', {
    config: read,
    schema: { tags, operationId: 'listFraudBlockList', summary: 'Block-list entries, newest first', querystring: BlockListQuery, response: { 200: BlockEntryPage } },
  }, async (request) => await fraudBlockList.list(request.ctx, request.query))

  app.post<{ Body: BlockEntryInput }>('/fraud/block-list', {
    config: write,
    schema: { tags, operationId: 'addFraudBlockListEntry', summary: 'Block an email, email domain, IP, device id, address or card fingerprint', body: BlockEntryInput, response: { 201: BlockEntry } },
  }, async (request, reply) => {
    const entry = await fraudBlockList.add(request.ctx, request.body)
    reply.code(201)
    return entry
  })

  app.delete<{ Params: BlockEntryParams }>('/fraud/block-list/:entryId', {
    config: write,
    schema: { tags, operationId: 'removeFraudBlockListEntry', summary: 'Remove a block-list entry', params: BlockEntryParams, response: { 204: Type.Null({ description: 'Removed' }) } },
  }, async (request, reply) => {
    await fraudBlockList.remove(request.ctx, request.params.entryId)
    return await reply.code(204).send(null)
  })

  app.get<{ Querystring: RuleReportQuery }>('/fraud/rule-report', {
    config: read,
    schema: { tags, operationId: 'getFraudRuleReport', summary: 'Per rule: hits, hit rate and precision against outcome labels (disputes, chargebacks, review decisions)', querystring: RuleReportQuery, response: { 200: RuleReport } },
  }, async (request) => await fraudLabels.report(request.ctx, request.query.days ?? 90))
}
