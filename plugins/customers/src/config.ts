import { Type, type Static } from '@comptoir/core'

/** The plugin's options, listed next to it in comptoir.config.ts. */
export const CustomersConfig = Type.Object({
  /** Lifetime of a customer session token; refresh rotates it. */
  sessionTtlSeconds: Type.Integer({ minimum: 60, maximum: 366 * 24 * 3600, default: 30 * 24 * 3600 }),
  /** Lifetime of a password-reset or email-change token. */
  tokenTtlSeconds: Type.Integer({ minimum: 60, maximum: 7 * 24 * 3600, default: 3600 }),
  /** Failed logins per email within `loginWindowSeconds` before that email is locked for the rest of the window. */
  maxFailedLoginsPerAccount: Type.Integer({ minimum: 1, maximum: 1000, default: 5 }),
  /** Failed logins per client IP within `loginWindowSeconds` before that IP is locked (on top of the kernel's auth rate limit). */
  maxFailedLoginsPerIp: Type.Integer({ minimum: 1, maximum: 100000, default: 50 }),
  loginWindowSeconds: Type.Integer({ minimum: 1, maximum: 24 * 3600, default: 15 * 60 }),
  /** Delay between a customer's erasure request and the erasure job acting on it (admins can erase sooner). */
  erasureDelaySeconds: Type.Integer({ minimum: 0, maximum: 365 * 24 * 3600, default: 30 * 24 * 3600 }),
  /** Disabled accounts are erased by the retention job this long after being disabled. */
  disabledRetentionSeconds: Type.Integer({ minimum: 0, maximum: 10 * 365 * 24 * 3600, default: 365 * 24 * 3600 }),
  /** SMTP server for the mail notifier (`smtp://user:pass@host:587`); default: env SMTP_URL, else the log notifier. */
  smtpUrl: Type.Optional(Type.String({ pattern: '^smtps?://', maxLength: 2000 })),
  /** Sender of the plugin's emails. */
  mailFrom: Type.String({ minLength: 3, maxLength: 254, default: 'no-reply@localhost' }),
  /** Storefront links in messages; `{token}` is replaced by the one-time token. */
  passwordResetUrl: Type.String({ maxLength: 2000, default: 'http://localhost:3000/account/reset-password?token={token}' }),
  emailChangeUrl: Type.String({ maxLength: 2000, default: 'http://localhost:3000/account/confirm-email?token={token}' }),
  /**
   * Send password-reset and email-change messages from the request, right after commit, instead of
   * from the event subscriber. Default false: the `customers.password-reset.requested` and
   * `customers.email-change.requested` events reach the notifier through the outbox.
   */
  notifyInline: Type.Boolean({ default: false }),
  /** `production` never logs a token; default: env NODE_ENV. */
  mode: Type.Optional(Type.Union([Type.Literal('development'), Type.Literal('production'), Type.Literal('test')])),
}, { additionalProperties: false, default: {} })
export type CustomersConfig = Static<typeof CustomersConfig>

/** The SMTP URL in force: the plugin option, else SMTP_URL, else none (log notifier). */
export function smtpUrlOf (config: CustomersConfig, env: NodeJS.ProcessEnv): string | null {
  const url = config.smtpUrl ?? env.SMTP_URL
  return url != null && url !== '' ? url : null
}

/** True unless the store runs in production mode, where tokens are never logged. */
export function isProduction (config: CustomersConfig, env: NodeJS.ProcessEnv): boolean {
  return (config.mode ?? env.NODE_ENV) === 'production'
}
