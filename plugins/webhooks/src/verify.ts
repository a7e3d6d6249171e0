/**
 * Signing and verifying Comptoir webhooks. This file imports nothing from Comptoir: receivers use it
 * through `@comptoir/plugin-webhooks/verify` without installing the store.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

/** Header names of a delivery (lowercase, as Node's `IncomingMessage.headers` has them). */
export const webhookHeaders = {
  eventId: 'comptoir-event-id',
  eventName: 'comptoir-event-name',
  deliveryId: 'comptoir-delivery-id',
  timestamp: 'comptoir-timestamp',
  signature: 'comptoir-signature',
} as const

/** The hex HMAC-SHA256 of `${timestamp}.${body}` under `secret`. */
export function signPayload (secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')
}

/** The signature header: one `v1=<hex>` per secret, space-separated (two during a rotation overlap). */
export function signatureHeader (secrets: readonly string[], timestamp: number, body: string): string {
  return secrets.map((secret) => `v1=${signPayload(secret, timestamp, body)}`).join(' ')
}

/** What `verifyWebhook` needs: the raw body (bytes as received, not re-serialised JSON) and the headers. */
export interface VerifyWebhookInput {
  body: string | Buffer
  headers: Record<string, string | string[] | undefined>
  /** The endpoint's secret (`whsec_…`); during your own rotation, pass both. */
  secret: string | readonly string[]
  /** Seconds a timestamp may differ from now (replay window); default 300. */
  toleranceSeconds?: number
  /** Unix seconds; default the clock. */
  now?: number
}

const first = (value: string | string[] | undefined): string | undefined => Array.isArray(value) ? value[0] : value

/**
 * True when one `v1=` signature of the request matches one of the secrets and its timestamp is
 * within the tolerance. Compares in constant time. Check it before parsing or acting on the body.
 */
export function verifyWebhook (input: VerifyWebhookInput): boolean {
  const timestampText = first(input.headers[webhookHeaders.timestamp])
  const signatures = first(input.headers[webhookHeaders.signature])
  if (timestampText == null || signatures == null || !/^\d{1,12}$/.test(timestampText)) return false
  const timestamp = Number(timestampText)
  const now = input.now ?? Math.floor(Date.now() / 1000)
  if (Math.abs(now - timestamp) > (input.toleranceSeconds ?? 300)) return false
  const body = typeof input.body === 'string' ? input.body : input.body.toString('utf8')
  const secrets = typeof input.secret === 'string' ? [input.secret] : input.secret
  const given = signatures.split(' ').filter((s) => s.startsWith('v1=')).map((s) => Buffer.from(s.slice(3), 'hex'))
  return secrets.some((secret) => {
    const expected = Buffer.from(signPayload(secret, timestamp, body), 'hex')
    return given.some((g) => g.length === expected.length && timingSafeEqual(g, expected))
  })
}
