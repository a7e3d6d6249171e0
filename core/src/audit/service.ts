import type { Ctx } from '../context.js'
import type { PageOf } from '../http/pagination.js'
import { insertAuditEntry, listAuditEntries, type AuditLogFilter, type AuditRecordInput } from './entries.js'
import { requestMark } from './request-mark.js'
import type { AuditEntry } from './schemas.js'

const actionPattern = /^[A-Za-z][A-Za-z0-9_.:-]{0,199}$/

/** The kernel's `audit` service: append-only, no update or delete. */
export function createAuditService () {
  return {
    /**
     * Records one entry with `ctx.db`: call it inside your write transaction, so the entry
     * commits or rolls back with the change. Never put personal data in before/after (they are
     * kept after a customer is erased): record ids and the fields that matter, or nothing.
     * Secret-looking fields (password, token, secret, …Key) are redacted. Calling it during an
     * admin request replaces the entry the kernel would otherwise record for that request.
     */
    async record (ctx: Ctx, input: AuditRecordInput): Promise<{ id: string }> {
      if (!actionPattern.test(input.action)) {
        throw new TypeError(`audit.record: action '${input.action}' must be 1–200 letters, digits and . _ : - (like 'customers.customer.erased')`)
      }
      const result = await insertAuditEntry(ctx.db, ctx, input, 'service')
      const mark = requestMark(ctx)
      if (mark != null) mark.recorded = true
      return result
    },

    /** Entries newest first; filters combine with AND; `to` is exclusive. */
    async list (ctx: Ctx, filter: AuditLogFilter = {}): Promise<PageOf<AuditEntry>> {
      return await listAuditEntries(ctx.db, filter)
    },
  }
}

/** The `audit` service (`app.services.audit`). */
export type AuditService = ReturnType<typeof createAuditService>

declare module '../container.js' {
  interface Services {
    audit: AuditService
  }
}
