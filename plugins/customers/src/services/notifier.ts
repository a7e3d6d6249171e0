import type { Cradle, Ctx, PluginScope } from '@comptoir/core'
import { isProduction, smtpUrlOf, type CustomersConfig } from '../config.js'
import type { CustomersEventName } from '../events.js'
import { createLogNotifier } from '../notifiers/log-notifier.js'
import type { CustomerMessage, MessageSender } from '../notifiers/message.js'
import { createSmtpNotifier } from '../notifiers/smtp-notifier.js'

interface TokenPayload { customerId: string, tokenId: string, token: string, expiresAt: string }

/**
 * Turns the plugin's token events into messages and sends them: over SMTP when `smtpUrl` (or
 * SMTP_URL) is set, else to the log (with the link in development only).
 */
export function createNotifierService (_cradle: Cradle, { config, log }: PluginScope<CustomersConfig>) {
  const smtpUrl = smtpUrlOf(config, process.env)
  const send: MessageSender = smtpUrl != null ? createSmtpNotifier(smtpUrl, config.mailFrom) : createLogNotifier(log, isProduction(config, process.env))

  function compose (kind: CustomerMessage['kind'], customerId: string, to: string, token: string): CustomerMessage {
    const template = kind === 'password-reset' ? config.passwordResetUrl : config.emailChangeUrl
    const link = template.replaceAll('{token}', encodeURIComponent(token))
    const redacted = template.replaceAll('{token}', '[token]')
    const intro = kind === 'password-reset'
      ? 'Someone asked to reset the password of your account. If it was you, open this link:'
      : 'Confirm this address as the new email of your account by opening this link:'
    const outro = 'The link works once and expires soon. If you did not ask for it, ignore this message.'
    return {
      kind, customerId, to,
      subject: kind === 'password-reset' ? 'Reset your password' : 'Confirm your new email address',
      text: `${intro}\n\n${link}\n\n${outro}\n`,
      redactedText: `${intro}\n\n${redacted}\n\n${outro}\n`,
    }
  }

  return {
    /** True when the accounts service sends messages itself (the subscriber then does nothing). */
    inline: config.notifyInline,

    /** Which transport messages go through. */
    transport: (smtpUrl != null ? 'smtp' : 'log') as 'smtp' | 'log',

    /**
     * Delivers the message of a token event; skips tokens already used or expired and accounts no
     * longer active (a redelivered event after the reset does not mail again).
     */
    async deliver (ctx: Ctx, name: CustomersEventName, payload: unknown): Promise<void> {
      const { customerId, tokenId, token } = payload as TokenPayload
      const row = await ctx.db('customers_tokens as t').join('customers_customers as c', 'c.id', 't.customer_id')
        .select('t.purpose', 't.new_email', 'c.email')
        .where({ 't.id': tokenId, 't.customer_id': customerId, 'c.status': 'active' }).whereNull('t.used_at')
        .andWhere('t.expires_at', '>', ctx.db.fn.now()).first() as { purpose: string, new_email: string | null, email: string } | undefined
      if (row == null) return
      const kind = name === 'customers.password-reset.requested' ? 'password-reset' : 'email-change'
      const to = kind === 'email-change' ? row.new_email ?? row.email : row.email
      await send(compose(kind, customerId, to, token))
    },
  }
}

export type NotifierService = ReturnType<typeof createNotifierService>
