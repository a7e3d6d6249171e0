import type { FastifyInstance } from 'fastify'
import { adminUserRoutes } from './admin-users.js'
import { apiKeyRoutes } from './api-keys.js'
import { roleRoutes } from './roles.js'
import { sessionRoutes } from './sessions.js'

/** The kernel's auth routes, mounted under /admin. */
export async function authAdminRoutes (scope: FastifyInstance): Promise<void> {
  await scope.register(sessionRoutes)
  await scope.register(adminUserRoutes)
  await scope.register(roleRoutes)
  await scope.register(apiKeyRoutes)
}
