import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import { addRouteHook } from '../http/route-hooks.js'
import type { Knex } from 'knex'
import { insertAuditEntry, type AuditRecordInput } from './entries.js'
import { markRequest, requestMark } from './request-mark.js'
import { requestTarget, responseIdOf } from './request-target.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The kernel's automatic audit of an admin write: `false` turns it off for the route (it records
     * its own entries, or changes nothing); `{ body: false }` keeps the entry without the request
     * body (routes whose body holds personal data).
     */
    audit?: false | { body: false }
  }
}

const writeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

function isAuditedWrite (request: FastifyRequest): boolean {
  const url = request.routeOptions.url
  return url != null && (url === '/admin' || url.startsWith('/admin/')) &&
    writeMethods.has(request.method) && request.routeOptions.config.audit !== false
}

/** Decided once per route: only admin writes get the audit hooks. */
function isAuditedRoute (route: RouteOptions): boolean {
  const methods = Array.isArray(route.method) ? route.method : [route.method]
  return (route.url === '/admin' || route.url.startsWith('/admin/')) &&
    methods.some((m) => writeMethods.has(m)) && route.config?.audit !== false
}

function entryOf (request: FastifyRequest, reply: FastifyReply, payload: unknown): AuditRecordInput {
  const route = request.routeOptions
  const responseId = responseIdOf(payload, reply.getHeader('content-type'))
  const target = requestTarget(route.url ?? request.url, (request.params ?? {}) as Record<string, string>, responseId)
  const audit = route.config.audit
  const keepBody = typeof audit !== 'object' || audit.body !== false
  return {
    action: route.schema?.operationId ?? `${request.method} ${route.url ?? ''}`,
    ...target,
    after: keepBody ? request.body : undefined,
  }
}

/**
 * Records every successful admin write (POST/PUT/PATCH/DELETE under /admin) whose handler did not
 * call `audit.record` itself: action = operationId, target from the route params, after = the
 * body with secrets redacted. Written before the response is sent, with the pool (the handler's
 * transaction has committed by then). If the entry cannot be written the request fails (500), so
 * no write answers success without its entry; the entry is then logged at `error` instead.
 */
export function installRequestAudit (app: FastifyInstance, db: Knex): void {
  // 1. preHandler: auth's hooks (registered earlier) have set the actor; requests stopped before
  //    the handler (401/403, idempotent replays) are never marked, so never recorded.
  app.addHook('onRoute', (route) => {
    if (!isAuditedRoute(route)) return
    addRouteHook(route, 'preHandler', markWrite)
    addRouteHook(route, 'onSend', recordUnrecordedWrite)
  })
  async function markWrite (request: FastifyRequest): Promise<void> {
    if (request.ctx != null && isAuditedWrite(request)) markRequest(request.ctx)
  }
  // 2. onSend: a 2xx the handler did not record gets its entry now. A failure is thrown: the
  //    error handler answers 500 (this hook then sees the 500 and the recorded mark, and passes).
  async function recordUnrecordedWrite (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
    const mark = request.ctx != null ? requestMark(request.ctx) : undefined
    if (mark == null || mark.recorded || reply.statusCode < 200 || reply.statusCode >= 300) return payload
    mark.recorded = true
    const entry = entryOf(request, reply, payload)
    try {
      await insertAuditEntry(db, request.ctx, entry, 'request')
    } catch (error) {
      // The write has committed: the log says which entry is missing (not the body: it may hold personal data).
      request.log.error({ err: error, auditAction: entry.action, auditTargetType: entry.targetType, auditTargetId: entry.targetId }, 'audit entry could not be recorded; the request fails')
      throw error
    }
    return payload
  }
}
