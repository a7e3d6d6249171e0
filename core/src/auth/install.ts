import { registerKernelValue } from '../container.js'
import type { KernelParts } from '../kernel/parts.js'
import { installAuthHooks } from './hooks.js'
import { collectPermissions } from './permissions.js'
import { authAdminRoutes } from './routes/index.js'
import { createAuthService } from './service.js'
import { createSessionService } from './sessions.js'

/** Until config.ts carries it: `http.adminSessionTtlSeconds`. */

/**
 * Auth and RBAC: registers the `auth` and `sessions` services, the hooks that resolve
 * `ctx.actor` and enforce route permissions, and the kernel's /admin auth routes.
 */
export async function installAuth (parts: KernelParts): Promise<void> {
  const permissions = collectPermissions(parts.plugins)
  const sessions = createSessionService()
  const http = parts.config.http
  const auth = createAuthService({ sessions, permissions, adminSessionTtlSeconds: http.adminSessionTtlSeconds })
  registerKernelValue(parts.container, 'sessions', sessions)
  registerKernelValue(parts.container, 'auth', auth)
  installAuthHooks(parts.app, { auth, sessions, permissions })
  await parts.app.register(authAdminRoutes, { prefix: '/admin' })
}
