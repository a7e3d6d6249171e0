import { Type, type Static } from '@comptoir/core'

/** The fraud plugin's options, next to it in comptoir.config.ts. Rules and thresholds are store settings. */
export const FraudConfig = Type.Object({
  /**
   * Key of the HMAC that hashes emails, IPs, device ids and card fingerprints before they are
   * counted or matched. Set your own (env) in production; changing it resets velocity history.
   */
  hashSecret: Type.String({ minLength: 8, maxLength: 200, default: 'comptoir-fraud-default-key' }),
  /** Velocity buckets older than this are deleted by `fraud.prune-counters`. */
  counterRetentionDays: Type.Integer({ minimum: 1, maximum: 365, default: 31 }),
}, { additionalProperties: false, default: {} })
export type FraudConfig = Static<typeof FraudConfig>
