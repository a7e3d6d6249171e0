import nodemailer from 'nodemailer'
import type { CustomerMessage, MessageSender } from './message.js'

/** Sends each message over SMTP with nodemailer; one connection per message (resets are rare). */
export function createSmtpNotifier (smtpUrl: string, from: string): MessageSender {
  return async (message: CustomerMessage) => {
    const transport = nodemailer.createTransport(smtpUrl)
    try {
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text })
    } finally {
      transport.close()
    }
  }
}
