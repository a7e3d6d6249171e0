/** One message to a customer: what both notifiers deliver. */
export interface CustomerMessage {
  kind: 'password-reset' | 'email-change'
  customerId: string
  to: string
  subject: string
  /** Plain text, holding the one-time link. */
  text: string
  /** The link without its token, safe to log. */
  redactedText: string
}

/** Sends one message; resolves once the transport accepted it. */
export type MessageSender = (message: CustomerMessage) => Promise<void>
