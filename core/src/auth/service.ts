import type { Ctx } from '../context.js'
import { createAdminUserOperations } from './admin-users.js'
import { createApiKeyOperations } from './api-keys.js'
import { createCredentialOperations } from './credentials.js'
import { UnauthenticatedError } from './errors.js'
import { createRoleOperations } from './roles.js'
import type { AdminSession, LoginInput, Me } from './schemas.js'
import type { SessionService } from './sessions.js'

export interface AuthServiceDeps {
  sessions: SessionService
  /** Every known permission (kernel and plugins). */
  permissions: readonly string[]
  adminSessionTtlSeconds: number
}

/**
 * The `auth` kernel service: admin users, roles, API keys, login and token resolution.
 * Every method takes `ctx` first and works on `ctx.db`; grants are checked against `ctx.actor`.
 */
export function createAuthService (deps: AuthServiceDeps) {
  const credentials = createCredentialOperations(deps)
  const adminUsers = createAdminUserOperations(deps)
  const apiKeys = createApiKeyOperations()
  return {
    ...credentials,
    ...adminUsers,
    ...createRoleOperations(deps),
    ...apiKeys,

    /** Logs an admin user in: a session token (shown once) and the user. 401 CORE_INVALID_CREDENTIALS otherwise. */
    async login (ctx: Ctx, input: LoginInput): Promise<AdminSession> {
      const { adminUserId, ...session } = await credentials.login(ctx, input)
      return { ...session, adminUser: await adminUsers.getAdminUser(ctx, adminUserId) }
    },

    /** The admin user or API key acting in `ctx`, with its permissions. */
    async describeActor (ctx: Ctx): Promise<Me> {
      const actor = ctx.actor
      if (actor == null || (actor.type !== 'admin' && actor.type !== 'api-key')) throw new UnauthenticatedError()
      const permissions = [...(actor.permissions ?? [])]
      return actor.type === 'admin'
        ? { type: 'admin', id: actor.id, permissions, adminUser: await adminUsers.getAdminUser(ctx, actor.id) }
        : { type: 'api-key', id: actor.id, permissions, apiKey: await apiKeys.getApiKey(ctx, actor.id) }
    },
  }
}

export type AuthService = ReturnType<typeof createAuthService>

declare module '../container.js' {
  interface Services {
    /** Admin users, roles, API keys and login. */
    auth: AuthService
    /** Bearer sessions for admin users and customers. */
    sessions: SessionService
  }
}
