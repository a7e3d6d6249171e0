import type { Cradle } from '@comptoir/core'
import type { CustomerMessage, MessageSender } from './message.js'

/**
 * The notifier without SMTP: writes the message to the log. In development the link (with its
 * token) is logged so a developer can follow it; in production never, only that a message was due.
 */
export function createLogNotifier (log: Cradle['log'], production: boolean): MessageSender {
  return async (message: CustomerMessage) => {
    if (production) {
      log.warn({ event: `customers.${message.kind}.not-sent`, customerId: message.customerId }, 'customers: no SMTP configured; message not sent')
      return
    }
    log.info({ event: `customers.${message.kind}.logged`, customerId: message.customerId, subject: message.subject, text: message.text },
      'customers: development notifier (set smtpUrl or SMTP_URL to send mail)')
  }
}
