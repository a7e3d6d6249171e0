import type { Ctx } from '../context.js'

/**
 * Per-request audit state, carried on the request's ctx under a symbol. Object spread copies
 * symbol keys, so the ctx that `inTransaction` hands down shares the same mark: when a handler
 * calls `audit.record`, the kernel hook knows not to record the request a second time.
 */
export interface RequestAuditMark { recorded: boolean }

const markKey = Symbol('comptoir.audit.mark')
type MarkedCtx = Ctx & { [markKey]?: RequestAuditMark }

/** Starts tracking a request (admin writes only). */
export function markRequest (ctx: Ctx): RequestAuditMark {
  const mark: RequestAuditMark = { recorded: false }
  ;(ctx as MarkedCtx)[markKey] = mark
  return mark
}

/** The mark of the request this ctx belongs to, if it is a tracked admin write. */
export function requestMark (ctx: Ctx): RequestAuditMark | undefined {
  return (ctx as MarkedCtx)[markKey]
}
