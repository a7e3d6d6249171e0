import { Type, type Static } from '@comptoir/core'

const Minutes = Type.Integer({ minimum: 15, maximum: 60 * 24 * 30 })

/** The plugin's options, listed next to it in comptoir.config.ts. */
export const RecommendationsConfig = Type.Object({
  /** The currency served when a request names none, and the one price bands are computed in. */
  defaultCurrency: Type.String({ pattern: '^[A-Z]{3}$', minLength: 3, maxLength: 3, default: 'EUR', description: 'ISO 4217 currency code' }),
  /**
   * Minutes between rebuilds of each model. The `recommendations.rebuild-models` job fires every
   * 15 minutes and rebuilds the models whose interval has passed since their last build.
   */
  rebuildEveryMinutes: Type.Object({
    boughtTogether: Type.Optional(Minutes),
    similar: Type.Optional(Minutes),
    trending: Type.Optional(Minutes),
    forYou: Type.Optional(Minutes),
  }, { additionalProperties: false, default: { boughtTogether: 1440, similar: 1440, trending: 60, forYou: 360 } }),
  /** Frequently bought together: a pair needs this many distinct orders to count. */
  minSupport: Type.Integer({ minimum: 1, maximum: 1000, default: 2 }),
  /** Orders older than this many days no longer feed bought-together and for-you. */
  historyDays: Type.Integer({ minimum: 1, maximum: 3650, default: 365 }),
  /** An order's weight halves every this many days (bought-together, for-you). */
  halfLifeDays: Type.Integer({ minimum: 1, maximum: 3650, default: 90 }),
  /** Trending: the sliding window, and the half-life of an interaction's weight inside it. */
  trendingWindowDays: Type.Integer({ minimum: 1, maximum: 365, default: 14 }),
  trendingHalfLifeDays: Type.Number({ minimum: 0.1, maximum: 365, default: 3 }),
  /** How many related products each model keeps per product (or per customer, for for-you). */
  keepPerProduct: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  /**
   * How much a view and an add-to-cart (analytics' events, when it is installed) weigh against a
   * purchased unit (1) in trending and for-you.
   */
  signalWeights: Type.Object({
    view: Type.Number({ minimum: 0, maximum: 1, default: 0.1 }),
    cart: Type.Number({ minimum: 0, maximum: 1, default: 0.3 }),
  }, { additionalProperties: false, default: {} }),
  /** An anonymous session's views and add-to-carts are deleted this many days after its last one (recommendations.expire-sessions). */
  sessionTtlDays: Type.Integer({ minimum: 1, maximum: 365, default: 30 }),
  /**
   * for-you without a signed-in customer answers from the anonymous session's own views (x-session-id
   * header or comptoir_sid cookie); false: it needs a customer, as before.
   */
  sessionPicks: Type.Boolean({ default: true }),
  /** Serve-time diversity: at most this many picks from one category in one answer. */
  maxPerCategory: Type.Integer({ minimum: 1, maximum: 100, default: 3 }),
}, { additionalProperties: false, default: {} })
export type RecommendationsConfig = Static<typeof RecommendationsConfig>

/** The four models, by name. */
export const modelNames = ['bought-together', 'similar', 'trending', 'for-you'] as const
export type ModelName = typeof modelNames[number]
