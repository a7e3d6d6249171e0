import { Type, type Static } from '@comptoir/core'

/** The plugin's options, listed next to it in comptoir.config.ts. */
export const CrmConfig = Type.Object({
  /** Hours from a ticket's creation to its SLA due time, per priority (when the ticket gives none). */
  slaHours: Type.Object({
    low: Type.Integer({ minimum: 1, maximum: 24 * 90, default: 120 }),
    normal: Type.Integer({ minimum: 1, maximum: 24 * 90, default: 48 }),
    high: Type.Integer({ minimum: 1, maximum: 24 * 90, default: 8 }),
    urgent: Type.Integer({ minimum: 1, maximum: 24 * 90, default: 2 }),
  }, { additionalProperties: false, default: {} }),
  /** The currency RFM's monetary score and the engagement score's monetary factor are computed in. */
  rfmCurrency: Type.String({ pattern: '^[A-Z]{3}$', minLength: 3, maxLength: 3, default: 'EUR', description: 'ISO 4217 currency code' }),
  /** Days after which an order no longer adds to the engagement score's recency factor. */
  engagementHorizonDays: Type.Integer({ minimum: 1, maximum: 3650, default: 365 }),
}, { additionalProperties: false, default: {} })
export type CrmConfig = Static<typeof CrmConfig>
