import { Type, type RoutePlugin } from '@comptoir/core'
import type { CrmConfig } from '../config.js'
import { ListQuery, MemberQuery, Segment, SegmentEvaluation, SegmentInput, SegmentMemberPage, SegmentPage, SegmentParams, SegmentPatch } from '../schemas/index.js'
import { read, tags, write } from './permissions.js'

/** Segments, their evaluation, members and CSV export (mounted under /admin). */
export const adminSegmentRoutes: RoutePlugin<CrmConfig> = async (app) => {
  const { crmSegments } = app.services

  app.get<{ Querystring: ListQuery }>('/crm/segments', {
    config: read,
    schema: { tags, operationId: 'listCrmSegments', summary: 'Segments, by name', querystring: ListQuery, response: { 200: SegmentPage } },
  }, async (request) => await crmSegments.list(request.ctx, request.query))

  app.post<{ Body: SegmentInput }>('/crm/segments', {
    config: { ...write, idempotent: true },
    schema: { tags, operationId: 'createCrmSegment', summary: 'Save a rule set; it is evaluated at once', body: SegmentInput, response: { 201: Segment } },
  }, async (request, reply) => await reply.code(201).send(await crmSegments.create(request.ctx, request.body)))

  app.get<{ Params: SegmentParams }>('/crm/segments/:segmentId', {
    config: read,
    schema: { tags, operationId: 'getCrmSegment', summary: 'Read a segment', params: SegmentParams, response: { 200: Segment } },
  }, async (request) => await crmSegments.get(request.ctx, request.params.segmentId))

  app.patch<{ Params: SegmentParams, Body: SegmentPatch }>('/crm/segments/:segmentId', {
    config: write,
    schema: { tags, operationId: 'updateCrmSegment', summary: 'Change a segment (new rules are evaluated at once)', params: SegmentParams, body: SegmentPatch, response: { 200: Segment } },
  }, async (request) => await crmSegments.update(request.ctx, request.params.segmentId, request.body))

  app.delete<{ Params: SegmentParams }>('/crm/segments/:segmentId', {
    config: write,
    schema: { tags, operationId: 'deleteCrmSegment', summary: 'Delete a segment and its memberships', params: SegmentParams, response: { 204: Type.Null({ description: 'Deleted' }) } },
  }, async (request, reply) => { await crmSegments.remove(request.ctx, request.params.segmentId); return await reply.code(204).send(null) })

  app.post<{ Params: SegmentParams }>('/crm/segments/:segmentId/evaluations', {
    config: { ...write, idempotent: true },
    schema: { tags, operationId: 'evaluateCrmSegment', summary: 'Evaluate a segment now: members stored, joins and leaves emitted', params: SegmentParams, response: { 200: SegmentEvaluation } },
  }, async (request) => await crmSegments.evaluate(request.ctx, request.params.segmentId))

  app.get<{ Params: SegmentParams, Querystring: MemberQuery }>('/crm/segments/:segmentId/members', {
    config: read,
    schema: { tags, operationId: 'listCrmSegmentMembers', summary: 'Members at the last evaluation, with their total', params: SegmentParams, querystring: MemberQuery, response: { 200: SegmentMemberPage } },
  }, async (request) => await crmSegments.members(request.ctx, request.params.segmentId, request.query))

  app.get<{ Params: SegmentParams }>('/crm/segments/:segmentId/members.csv', {
    config: read,
    schema: {
      tags, operationId: 'exportCrmSegmentMembers', summary: 'Members as CSV (streamed)', params: SegmentParams,
      produces: ['text/csv'], response: { 200: Type.String({ description: 'CSV' }) },
    },
  }, async (request, reply) => {
    const stream = await crmSegments.exportCsv(request.ctx, request.params.segmentId)
    return await reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="segment-members.csv"').send(stream)
  })
}
