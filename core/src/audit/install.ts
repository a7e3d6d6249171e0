import { registerKernelValue } from '../container.js'
import type { KernelParts } from '../kernel/parts.js'
import { installRequestAudit } from './request-hook.js'
import { auditRoutes } from './routes.js'
import { createAuditService } from './service.js'

/** The audit log: the `audit` service, the automatic entry for admin writes, `GET /admin/audit-log`. */
export async function installAudit (parts: KernelParts): Promise<void> {
  const audit = createAuditService()
  registerKernelValue(parts.container, 'audit', audit)
  installRequestAudit(parts.app, parts.database.knex)
  await parts.app.register(auditRoutes(audit), { prefix: '/admin' })
}
