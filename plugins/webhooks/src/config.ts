import { Type, type Static } from '@comptoir/core'

/**
 * The plugin's options, next to it in comptoir.config.ts. The address allowances are deploy-time
 * options on purpose, not admin settings: an admin credential must not be able to open the store's
 * network to itself (SSRF).
 */
export const WebhooksConfig = Type.Object({
  /** Allow loopback receivers (127.0.0.0/8, ::1, `localhost`), over http too: development and tests only. */
  allowLoopback: Type.Boolean({ default: false }),
  /** Allow private (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7) and link-local (169.254/16, incl. cloud metadata; fe80::/10) receivers. */
  allowPrivateNetworks: Type.Boolean({ default: false }),
  /** Milliseconds one attempt may take (connect, send, response headers and body) before it counts as a timeout. */
  timeoutMs: Type.Integer({ minimum: 10, maximum: 60_000, default: 15_000 }),
  /** Attempts per delivery (the first included) before it is kept as failed. */
  maxAttempts: Type.Integer({ minimum: 1, maximum: 20, default: 8 }),
  /** First retry delay; doubled on each further retry, with ±20 % jitter. */
  backoffBaseMs: Type.Integer({ minimum: 1, maximum: 3_600_000, default: 5_000 }),
  /** Longest delay between two attempts, a receiver's Retry-After included. */
  backoffMaxMs: Type.Integer({ minimum: 1, maximum: 86_400_000, default: 36_000_000 }),
  /** An endpoint whose attempts have failed without a success for this long is disabled (with an event). */
  disableAfterMs: Type.Integer({ minimum: 1, maximum: 30 * 86_400_000, default: 5 * 86_400_000 }),
  /** Attempts in flight at once per endpoint: a slow receiver cannot take every worker. */
  maxInFlightPerEndpoint: Type.Integer({ minimum: 1, maximum: 100, default: 4 }),
  /** Bytes of a response body read (and kept in the delivery log); the rest is not read. */
  maxResponseBytes: Type.Integer({ minimum: 0, maximum: 65_536, default: 4_096 }),
  /** Seconds both secrets sign after a rotation when the request does not say. */
  rotationOverlapSeconds: Type.Integer({ minimum: 0, maximum: 7 * 86_400, default: 86_400 }),
  /** Days the delivery log is kept. */
  retentionDays: Type.Integer({ minimum: 1, maximum: 365, default: 30 }),
}, { additionalProperties: false, default: {} })
export type WebhooksConfig = Static<typeof WebhooksConfig>
