import type { Actor, Ctx } from '../context.js'
import { normalizeEmail } from './admin-users.js'
import { InvalidCredentialsError } from './errors.js'
import { hashPassword, needsRehash, verifyPassword } from './passwords.js'
import { adminUserRoles, apiKeyRoles, permissionsOf } from './role-assignments.js'
import type { LoginInput } from './schemas.js'
import type { IssuedSession, SessionService } from './sessions.js'
import { hashToken, tokenKind } from './tokens.js'

/** The credential a request came with, so it can be revoked (logout). */
export type AdminCredential = { kind: 'session', id: string } | { kind: 'api-key', id: string }

/** An admin token resolved: who acts, with which permissions, through which credential. */
export interface AdminAuthentication { actor: Actor, credential: AdminCredential }

/** Admin login and bearer-token resolution (admin sessions and API keys). */
export function createCredentialOperations (deps: { sessions: SessionService, adminSessionTtlSeconds: number }) {
  async function resolveSession (ctx: Ctx, token: string): Promise<AdminAuthentication | null> {
    const subject = await deps.sessions.verify(ctx, token)
    if (subject == null || subject.subjectType !== 'admin') return null
    const user = await ctx.db('comptoir_admin_users').select('id').where({ id: subject.subjectId, disabled: false }).first() as { id: string } | undefined
    if (user == null) return null
    const permissions = await permissionsOf(ctx, adminUserRoles, user.id)
    return { actor: { type: 'admin', id: user.id, permissions }, credential: { kind: 'session', id: subject.sessionId } }
  }

  async function resolveApiKey (ctx: Ctx, token: string): Promise<AdminAuthentication | null> {
    const key = await ctx.db('comptoir_api_keys').select('id').where({ token_hash: hashToken(token) }).whereNull('revoked_at')
      .andWhere((q) => { void q.whereNull('expires_at').orWhere('expires_at', '>', ctx.db.fn.now()) })
      .first() as { id: string } | undefined
    if (key == null) return null
    // last_used_at is informative: written at most once a minute, not on every request.
    await ctx.db('comptoir_api_keys').where({ id: key.id })
      .andWhere((q) => { void q.whereNull('last_used_at').orWhere('last_used_at', '<', ctx.db.raw("now() - interval '60 seconds'")) })
      .update({ last_used_at: ctx.db.fn.now() })
    const permissions = await permissionsOf(ctx, apiKeyRoles, key.id)
    return { actor: { type: 'api-key', id: key.id, permissions }, credential: { kind: 'api-key', id: key.id } }
  }

  return {
    /**
     * Checks an email and password and opens an admin session. Unknown email, wrong password and
     * disabled user give the same error after the same work (a scrypt run), so none can be told apart.
     */
    async login (ctx: Ctx, input: LoginInput): Promise<IssuedSession & { adminUserId: string }> {
      const user = await ctx.db('comptoir_admin_users').select('id', 'password_hash', 'disabled')
        .where({ email: normalizeEmail(input.email) }).first() as { id: string, password_hash: string, disabled: boolean } | undefined
      const valid = await verifyPassword(input.password, user?.password_hash ?? null)
      if (!valid || user == null || user.disabled) {
        ctx.log.info({ event: 'core.admin-login.failed' }, 'admin login failed')
        throw new InvalidCredentialsError()
      }
      const rehashed = needsRehash(user.password_hash) ? { password_hash: await hashPassword(input.password) } : {}
      await ctx.db('comptoir_admin_users').where({ id: user.id }).update({ ...rehashed, last_login_at: ctx.db.fn.now() })
      const session = await deps.sessions.issue(ctx, { subjectType: 'admin', subjectId: user.id, ttlSeconds: deps.adminSessionTtlSeconds })
      ctx.log.info({ event: 'core.admin-login.succeeded', adminUserId: user.id }, 'admin logged in')
      return { ...session, adminUserId: user.id }
    },

    /** Resolves an admin bearer token (session or API key) to an actor; null when not valid now. */
    async authenticateAdmin (ctx: Ctx, token: string): Promise<AdminAuthentication | null> {
      switch (tokenKind(token)) {
        case 'session': return await resolveSession(ctx, token)
        case 'apiKey': return await resolveApiKey(ctx, token)
        default: return null
      }
    },

    /** Ends the session a request came with. */
    async logout (ctx: Ctx, credential: AdminCredential): Promise<boolean> {
      return credential.kind === 'session' ? await deps.sessions.revokeById(ctx, credential.id) : false
    },
  }
}
