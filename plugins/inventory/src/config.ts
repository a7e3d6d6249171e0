import { Type, type Static } from '@comptoir/core'

/** The inventory plugin's options, listed next to it in comptoir.config.ts. */
export const InventoryConfig = Type.Object({
  /** Whether a reservation line may be split across locations when no single one can fill it. */
  allowSplit: Type.Boolean({ default: true }),
  /** Low-stock threshold given to new inventory items (units available at or below it are "low"). */
  defaultLowStockThreshold: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 5 }),
  /** Supplier lead time used by replenishment when an item sets none, in days. */
  defaultLeadTimeDays: Type.Integer({ minimum: 0, maximum: 365, default: 7 }),
  /** Safety stock expressed in days of forecast demand. */
  safetyStockDays: Type.Integer({ minimum: 0, maximum: 365, default: 3 }),
  /** Days of cover a replenishment suggestion orders beyond the reorder point. */
  orderCoverDays: Type.Integer({ minimum: 1, maximum: 365, default: 30 }),
  /** Exponential smoothing factor of the demand forecast (0 < alpha <= 1). */
  smoothingAlpha: Type.Number({ exclusiveMinimum: 0, maximum: 1, default: 0.3 }),
  /** Days of ledger history the forecast reads. */
  forecastHistoryDays: Type.Integer({ minimum: 7, maximum: 730, default: 90 }),
  /** Largest stock CSV an upload may send, in bytes. */
  importMaxBytes: Type.Integer({ minimum: 1024, maximum: 1024 * 1024 * 1024, default: 64 * 1024 * 1024 }),
}, { additionalProperties: false, default: {} })
export type InventoryConfig = Static<typeof InventoryConfig>
