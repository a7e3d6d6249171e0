import { Type, type Static } from '@comptoir/core'

/** Options: how points are earned and what one is worth. Every field has a default. */
export const LoyaltyConfig = Type.Object({
  pointsPerCurrencyUnit: Type.Integer({ minimum: 0, maximum: 1000, default: 1, description: 'Points per whole currency unit of a delivered order (1 per euro); amounts are minor units of 2-decimal currencies' }),
  pointValue: Type.Integer({ minimum: 1, maximum: 10_000, default: 1, description: 'Minor units one point takes off an order at checkout (1 = one cent)' }),
}, { additionalProperties: false, default: {} })
export type LoyaltyConfig = Static<typeof LoyaltyConfig>
