import { Type, type Static } from '@comptoir/core'

/** The suppliers plugin's options, listed next to it in comptoir.config.ts. */
export const SuppliersConfig = Type.Object({
  /** Prefix of purchase order numbers (`PO-000042`). */
  purchaseOrderPrefix: Type.String({ minLength: 1, maxLength: 10, pattern: '^[A-Z0-9-]+$', default: 'PO-' }),
  /** Whether carrier rates are offered at checkout through orders' shipping option providers. */
  offerCarrierRates: Type.Boolean({ default: true }),
}, { additionalProperties: false, default: {} })
export type SuppliersConfig = Static<typeof SuppliersConfig>
