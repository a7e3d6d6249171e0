import { inTransaction, isUniqueViolation, type Cradle, type Ctx, type PluginScope } from '@comptoir/core'
import type { CustomersConfig } from '../config.js'
import {
  CurrentPasswordInvalidError, CustomerEmailTakenError, CustomerInvalidCredentialsError, CustomerLoginLockedError,
  CustomerNotFoundError, CustomerSignInRequiredError, InvalidCustomerTokenError,
} from '../errors.js'
import type { CustomersEventName, CustomersEventPayload } from '../events.js'
import { generateOneTimeToken, hashPassword, sha256, verifyPassword } from '../passwords.js'
import type { CustomerSession, LoginInput, RegisterInput } from '../schemas/customers.js'
import { createEmitter } from './emitter.js'
import { releaseAttempt, reserveAttempt, throttleKeys } from './login-throttle.js'
import { profileColumns } from './rows.js'

type TokenEvent = 'customers.password-reset.requested' | 'customers.email-change.requested'

/** Accounts: register, log in and out, refresh, reset and change password, change email (re-verified). */
export function createAccountsService (cradle: Cradle, { config }: PluginScope<CustomersConfig>) {
  const emitter = createEmitter(cradle)
  const ttl = config.sessionTtlSeconds

  async function openSession (ctx: Ctx, customerId: string): Promise<CustomerSession> {
    const session = await cradle.sessions.issue(ctx, { subjectType: 'customer', subjectId: customerId, ttlSeconds: ttl })
    return { ...session, customerId }
  }

  /** Inserts a one-time token and emits the event that carries it to the notifier. */
  async function issueToken (ctx: Ctx, customerId: string, event: TokenEvent, newEmail: string | null): Promise<CustomersEventPayload<TokenEvent>> {
    const token = generateOneTimeToken()
    const [row] = await ctx.db('customers_tokens').insert({
      customer_id: customerId,
      purpose: event === 'customers.password-reset.requested' ? 'password_reset' : 'email_change',
      token_hash: sha256(token),
      new_email: newEmail,
      expires_at: ctx.db.raw('now() + make_interval(secs => ?)', [config.tokenTtlSeconds]),
    }).returning(['id', 'expires_at']) as Array<{ id: string, expires_at: Date }>
    const payload = { customerId, tokenId: row.id, token, expiresAt: new Date(row.expires_at).toISOString() }
    await emitter.emit(ctx, event, payload)
    return payload
  }

  /** With `notifyInline` (or no events facility) the notifier is called here, after commit; errors are logged. */
  async function notifyInline<N extends TokenEvent> (ctx: Ctx, name: N, payload: CustomersEventPayload<N>): Promise<void> {
    if (!config.notifyInline && emitter.available()) return
    try {
      await cradle.customersNotifier.deliver(ctx, name as CustomersEventName, payload)
    } catch (error) {
      ctx.log.error({ err: error, event: name }, 'customers: notification failed')
    }
  }

  /** Consumes a live token (one use): the customer id and new email, or 400 CUSTOMERS_INVALID_TOKEN. */
  async function consumeToken (ctx: Ctx, token: string, purpose: 'password_reset' | 'email_change'): Promise<{ customer_id: string, new_email: string | null }> {
    // A conditional update: of two concurrent uses of one token, only one wins.
    const [row] = await ctx.db('customers_tokens')
      .where({ token_hash: sha256(token), purpose }).whereNull('used_at').andWhere('expires_at', '>', ctx.db.fn.now())
      .update({ used_at: ctx.db.fn.now() }).returning(['customer_id', 'new_email']) as Array<{ customer_id: string, new_email: string | null }>
    if (row == null) throw new InvalidCustomerTokenError()
    return row
  }

  return {
    /** Creates an account and logs it in; 409 CUSTOMERS_EMAIL_TAKEN when the email (any case) is in use. */
    async register (ctx: Ctx, input: RegisterInput): Promise<CustomerSession> {
      const passwordHash = await hashPassword(input.password)
      return await inTransaction(ctx, async (tx) => {
        let id: string
        try {
          const [row] = await tx.db('customers_customers')
            .insert({ email: input.email.trim(), password_hash: passwordHash, ...profileColumns(input) })
            .returning(['id']) as Array<{ id: string }>
          id = row.id
        } catch (error) {
          if (isUniqueViolation(error, 'customers_customers_email_unique')) throw new CustomerEmailTakenError(error)
          throw error
        }
        await emitter.emit(tx, 'customers.customer.registered', { customerId: id })
        return await openSession(tx, id)
      })
    },

    /**
     * Logs in with email and password. Unknown email, wrong password, disabled or erased account:
     * the same 401 after the same work. Over the per-account or per-IP limit: 429, before any check.
     */
    async login (ctx: Ctx, input: LoginInput, client: { ip: string }): Promise<CustomerSession> {
      const keys = throttleKeys(input.email, client.ip)
      const wait = await reserveAttempt(ctx, config, keys)
      if (wait > 0) throw new CustomerLoginLockedError(wait)
      const row = await ctx.db('customers_customers').select('id', 'password_hash', 'status')
        .whereRaw('lower(email) = ?', [input.email.trim().toLowerCase()]).first() as { id: string, password_hash: string | null, status: string } | undefined
      const valid = await verifyPassword(input.password, row?.password_hash ?? null)
      if (!valid || row == null || row.status !== 'active') {
        ctx.log.info({ event: 'customers.login.failed' }, 'customer login failed')
        throw new CustomerInvalidCredentialsError()
      }
      await releaseAttempt(ctx, keys)
      return await inTransaction(ctx, async (tx) => {
        await emitter.emit(tx, 'customers.customer.logged-in', { customerId: row.id })
        return await openSession(tx, row.id)
      })
    },

    /** Ends the session of this token. */
    async logout (ctx: Ctx, token: string): Promise<void> {
      await cradle.sessions.revoke(ctx, token)
    },

    /** Rotates a live session token: the old one stops working. 401 when it is not live. */
    async refresh (ctx: Ctx, customerId: string, token: string): Promise<CustomerSession> {
      const session = await cradle.sessions.refresh(ctx, token, ttl)
      if (session == null) throw new CustomerSignInRequiredError()
      return { ...session, customerId }
    },

    /** Sends a reset link if an active account has this email; the answer is the same either way. */
    async requestPasswordReset (ctx: Ctx, email: string): Promise<void> {
      const payload = await inTransaction(ctx, async (tx) => {
        const row = await tx.db('customers_customers').select('id').whereRaw('lower(email) = ?', [email.trim().toLowerCase()])
          .andWhere({ status: 'active' }).first() as { id: string } | undefined
        return row == null ? null : await issueToken(tx, row.id, 'customers.password-reset.requested', null)
      })
      if (payload != null) await notifyInline(ctx, 'customers.password-reset.requested', payload)
    },

    /** Sets a new password with a reset token (one use); every session of the account ends. */
    async resetPassword (ctx: Ctx, token: string, password: string): Promise<void> {
      const passwordHash = await hashPassword(password)
      await inTransaction(ctx, async (tx) => {
        const { customer_id: customerId } = await consumeToken(tx, token, 'password_reset')
        const updated = await tx.db('customers_customers').where({ id: customerId, status: 'active' })
          .update({ password_hash: passwordHash, updated_at: tx.db.fn.now() })
        if (updated === 0) throw new InvalidCustomerTokenError()
        await tx.db('customers_tokens').where({ customer_id: customerId, purpose: 'password_reset' }).whereNull('used_at').update({ used_at: tx.db.fn.now() })
        await cradle.sessions.revokeAll(tx, 'customer', customerId)
      })
    },

    /** Changes the password after checking the current one; other sessions end, a new one is returned. */
    async changePassword (ctx: Ctx, customerId: string, currentPassword: string, newPassword: string): Promise<CustomerSession> {
      const row = await ctx.db('customers_customers').select('password_hash').where({ id: customerId, status: 'active' }).first() as { password_hash: string | null } | undefined
      if (row == null) throw new CustomerNotFoundError(customerId)
      if (!await verifyPassword(currentPassword, row.password_hash)) throw new CurrentPasswordInvalidError()
      const passwordHash = await hashPassword(newPassword)
      return await inTransaction(ctx, async (tx) => {
        await tx.db('customers_customers').where({ id: customerId }).update({ password_hash: passwordHash, updated_at: tx.db.fn.now() })
        await cradle.sessions.revokeAll(tx, 'customer', customerId)
        return await openSession(tx, customerId)
      })
    },

    /** Sends a confirmation link to the new address; the email changes only once it is confirmed. */
    async requestEmailChange (ctx: Ctx, customerId: string, newEmail: string, password: string): Promise<void> {
      const row = await ctx.db('customers_customers').select('password_hash').where({ id: customerId, status: 'active' }).first() as { password_hash: string | null } | undefined
      if (row == null) throw new CustomerNotFoundError(customerId)
      if (!await verifyPassword(password, row.password_hash)) throw new CurrentPasswordInvalidError()
      const payload = await inTransaction(ctx, async (tx) => await issueToken(tx, customerId, 'customers.email-change.requested', newEmail.trim()))
      await notifyInline(ctx, 'customers.email-change.requested', payload)
    },

    /** Applies a confirmed email change; 409 CUSTOMERS_EMAIL_TAKEN if another account took the address meanwhile. */
    async confirmEmailChange (ctx: Ctx, token: string): Promise<{ customerId: string }> {
      return await inTransaction(ctx, async (tx) => {
        const { customer_id: customerId, new_email: newEmail } = await consumeToken(tx, token, 'email_change')
        try {
          const updated = await tx.db('customers_customers').where({ id: customerId, status: 'active' })
            .update({ email: newEmail, email_verified_at: tx.db.fn.now(), updated_at: tx.db.fn.now() })
          if (updated === 0) throw new InvalidCustomerTokenError()
        } catch (error) {
          if (isUniqueViolation(error, 'customers_customers_email_unique')) throw new CustomerEmailTakenError(error)
          throw error
        }
        await emitter.emit(tx, 'customers.customer.updated', { customerId, changed: ['email'] })
        return { customerId }
      })
    },
  }
}

export type AccountsService = ReturnType<typeof createAccountsService>
