import { Type, type Static } from '@comptoir/core'

/** The plugin's options, listed next to it in comptoir.config.ts. */
export const AnalyticsConfig = Type.Object({
  /** What happens to events sent by a signed-in customer without analytics consent: dropped, or kept without the customer id. */
  consentMode: Type.Union([Type.Literal('drop'), Type.Literal('anonymous')], { default: 'drop' }),
  /** Months of raw events kept; whole monthly partitions older than that are dropped by analytics.drop-expired-partitions. */
  retentionMonths: Type.Integer({ minimum: 1, maximum: 120, default: 13 }),
  /** Monthly partitions analytics.create-partitions keeps ready ahead of the current month. */
  partitionsAhead: Type.Integer({ minimum: 1, maximum: 24, default: 3 }),
  /** How far back a client timestamp may lie; older ones are clamped to this (and the future to now). */
  maxEventAgeHours: Type.Integer({ minimum: 1, maximum: 72, default: 24 }),
  /** Batches per session per window on POST /store/events. */
  rateLimit: Type.Object({
    max: Type.Integer({ minimum: 1, default: 120 }),
    windowMs: Type.Integer({ minimum: 1000, default: 60_000 }),
  }, { additionalProperties: false, default: {} }),
  /** IANA time zone the daily rollups (and so every report's days) are cut in. */
  timeZone: Type.String({ minLength: 1, maxLength: 64, default: 'UTC' }),
  /** Days before an order during which a campaign landing can be credited with it (first and last touch). */
  attributionDays: Type.Integer({ minimum: 1, maximum: 90, default: 30 }),
  /** Seconds between writes of the server traffic counted in memory (request counts and latency per route); 0: only when the app closes. */
  trafficFlushSeconds: Type.Integer({ minimum: 0, maximum: 3600, default: 10 }),
  /** Raw events younger than this wait for the next run of analytics.ship-to-sinks (a batch may still be committing). */
  sinkLagSeconds: Type.Integer({ minimum: 0, maximum: 3600, default: 10 }),
}, { additionalProperties: false, default: {} })
export type AnalyticsConfig = Static<typeof AnalyticsConfig>
