import type { PurchasableVariant } from '@comptoir/plugin-catalog'
import { VariantNotFoundError, VariantUnavailableError } from './errors.js'

/** The fields of a line that come from the catalog. */
export function snapshotOf (v: PurchasableVariant): Record<string, unknown> {
  return {
    product_id: v.productId, sku: v.sku, product_title: v.productTitle.slice(0, 500), variant_title: v.variantTitle === '' ? null : v.variantTitle.slice(0, 500),
    image_url: v.imageUrl?.slice(0, 2000) ?? null, unit_amount: v.unitAmount, compare_at_amount: v.compareAtAmount, weight_grams: v.weightGrams, available: true,
  }
}

/** 404 for an unknown variant; 409 when it is not for sale in `currency` now. */
export function requirePurchasable (v: PurchasableVariant | undefined, variantId: string, currency: string): PurchasableVariant {
  if (v == null) throw new VariantNotFoundError(variantId)
  if (v.productStatus !== 'published') throw new VariantUnavailableError([{ variantId, reason: 'not_published' }], currency)
  if (v.unitAmount == null) throw new VariantUnavailableError([{ variantId, reason: 'no_price' }], currency)
  return v
}
