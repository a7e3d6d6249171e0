import type { FastifyInstance } from 'fastify'
import { Page } from '../http/pagination.js'
import { AuditEntry, AuditLogQuery } from './schemas.js'
import type { AuditService } from './service.js'

/** `GET /admin/audit-log`: read-only; the log has no update or delete route. */
export function auditRoutes (audit: AuditService) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Querystring: AuditLogQuery }>('/audit-log', {
      config: { permission: 'core:audit' },
      schema: {
        tags: ['audit'],
        operationId: 'listAuditLog',
        summary: 'Lists audit log entries, newest first, with filters',
        querystring: AuditLogQuery,
        response: { 200: Page(AuditEntry) },
      },
    }, async (request) => await audit.list(request.ctx, request.query))
  }
}
