import { randomUUID } from 'node:crypto'
import type { Ctx } from '../context.js'
import { inTransaction } from '../db/transaction.js'
import { generateToken, hashToken, tokenKind } from './tokens.js'

/** Who a session belongs to. The kernel issues `admin` sessions; the customers plugin `customer` ones. */
export type SessionSubjectType = 'admin' | 'customer'

/** The longest session the facility issues: one year. */
export const maxSessionTtlSeconds = 366 * 24 * 3600

/** A token as handed to its holder, once: only its hash is stored. */
export interface IssuedSession { token: string, expiresAt: string }

/** What a valid token resolves to. */
export interface SessionSubject {
  sessionId: string
  subjectType: SessionSubjectType
  subjectId: string
  expiresAt: string
}

export interface IssueSessionInput { subjectType: SessionSubjectType, subjectId: string, ttlSeconds: number }

interface SessionRow { id: string, subject_type: SessionSubjectType, subject_id: string, ttl_seconds: number, expires_at: Date }

function checkTtl (ttlSeconds: number): void {
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > maxSessionTtlSeconds) {
    throw new RangeError(`ttlSeconds must be an integer from 1 to ${maxSessionTtlSeconds}, got ${ttlSeconds}`)
  }
}

/** Session tokens for any subject: issued, verified, refreshed (rotated) and revoked through `ctx.db`. */
export function createSessionService () {
  async function issue (ctx: Ctx, input: IssueSessionInput): Promise<IssuedSession> {
    checkTtl(input.ttlSeconds)
    const token = generateToken('session')
    const [row] = await ctx.db('comptoir_sessions').insert({
      id: randomUUID(),
      token_hash: hashToken(token),
      subject_type: input.subjectType,
      subject_id: input.subjectId,
      ttl_seconds: input.ttlSeconds,
      expires_at: ctx.db.raw('now() + make_interval(secs => ?)', [input.ttlSeconds]),
    }).returning(['expires_at']) as Array<{ expires_at: Date }>
    return { token, expiresAt: new Date(row.expires_at).toISOString() }
  }

  async function find (ctx: Ctx, token: string): Promise<SessionRow | null> {
    if (tokenKind(token) !== 'session') return null
    const row = await ctx.db('comptoir_sessions')
      .select('id', 'subject_type', 'subject_id', 'ttl_seconds', 'expires_at')
      .where({ token_hash: hashToken(token) }).whereNull('revoked_at').andWhere('expires_at', '>', ctx.db.fn.now())
      .first() as SessionRow | undefined
    return row ?? null
  }

  return {
    issue,

    /** The subject of a live token; null when it is unknown, expired or revoked. */
    async verify (ctx: Ctx, token: string): Promise<SessionSubject | null> {
      const row = await find(ctx, token)
      return row == null
        ? null
        : { sessionId: row.id, subjectType: row.subject_type, subjectId: row.subject_id, expiresAt: new Date(row.expires_at).toISOString() }
    },

    /**
     * Replaces a live token with a new one for the same subject (the old one is revoked), with
     * `ttlSeconds` or the session's original lifetime. Null when the token is not live.
     */
    async refresh (ctx: Ctx, token: string, ttlSeconds?: number): Promise<IssuedSession | null> {
      if (ttlSeconds != null) checkTtl(ttlSeconds)
      if (tokenKind(token) !== 'session') return null
      return await inTransaction(ctx, async (tx) => {
        // A conditional update: of two concurrent refreshes of one token, only one wins.
        const [row] = await tx.db('comptoir_sessions')
          .where({ token_hash: hashToken(token) }).whereNull('revoked_at').andWhere('expires_at', '>', tx.db.fn.now())
          .update({ revoked_at: tx.db.fn.now() })
          .returning(['subject_type', 'subject_id', 'ttl_seconds']) as SessionRow[]
        if (row == null) return null
        return await issue(tx, { subjectType: row.subject_type, subjectId: row.subject_id, ttlSeconds: ttlSeconds ?? row.ttl_seconds })
      })
    },

    /** Revokes one token; false when it was not live. */
    async revoke (ctx: Ctx, token: string): Promise<boolean> {
      if (tokenKind(token) !== 'session') return false
      const count = await ctx.db('comptoir_sessions')
        .where({ token_hash: hashToken(token) }).whereNull('revoked_at')
        .update({ revoked_at: ctx.db.fn.now() })
      return count > 0
    },

    /** Revokes a session by id (the one a request came with). */
    async revokeById (ctx: Ctx, sessionId: string): Promise<boolean> {
      const count = await ctx.db('comptoir_sessions').where({ id: sessionId }).whereNull('revoked_at').update({ revoked_at: ctx.db.fn.now() })
      return count > 0
    },

    /** Revokes every live session of a subject (logout everywhere, password change, erasure). */
    async revokeAll (ctx: Ctx, subjectType: SessionSubjectType, subjectId: string): Promise<number> {
      return await ctx.db('comptoir_sessions')
        .where({ subject_type: subjectType, subject_id: subjectId }).whereNull('revoked_at')
        .update({ revoked_at: ctx.db.fn.now() })
    },

    /** Deletes sessions that expired or were revoked more than `graceSeconds` ago; returns how many. */
    async purgeExpired (ctx: Ctx, graceSeconds = 7 * 24 * 3600): Promise<number> {
      // `returning` because knex-pglite reports no row count for deletes.
      const deleted = await ctx.db('comptoir_sessions')
        .where('expires_at', '<', ctx.db.raw('now() - make_interval(secs => ?)', [graceSeconds]))
        .orWhere('revoked_at', '<', ctx.db.raw('now() - make_interval(secs => ?)', [graceSeconds]))
        .delete().returning('id') as unknown[]
      return deleted.length
    },
  }
}

/** The `sessions` kernel service. */
export type SessionService = ReturnType<typeof createSessionService>
