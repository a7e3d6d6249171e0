import type { Ctx, PluginManifest } from '@comptoir/core'

type SeedApp = Parameters<NonNullable<PluginManifest['seed']>>[1]

const eu = ['AT', 'BE', 'DE', 'DK', 'ES', 'FI', 'FR', 'IE', 'IT', 'LU', 'NL', 'PL', 'PT', 'SE']
const taxRates: Array<{ country: string, region?: string, name: string, rateBps: number }> = [
  { country: 'FR', name: 'TVA', rateBps: 2000 },
  { country: 'DE', name: 'MwSt', rateBps: 1900 },
  { country: 'ES', name: 'IVA', rateBps: 2100 },
  { country: 'IT', name: 'IVA', rateBps: 2200 },
  { country: 'NL', name: 'BTW', rateBps: 2100 },
  { country: 'BE', name: 'BTW/TVA', rateBps: 2100 },
  { country: 'US', name: 'No sales tax (demo)', rateBps: 0 },
  { country: 'US', region: 'NY', name: 'NY sales tax', rateBps: 888 },
]

/**
 * Demo shipping and tax: an EU zone (standard, free over €75, and express) priced in EUR, a US
 * zone (by weight, free over $100, and express) priced in USD, and a few VAT / sales-tax rates.
 * Runs once per store (skips when zones exist), inside the seed's transaction.
 */
export async function seedPricing (ctx: Ctx, app: SeedApp): Promise<void> {
  const { ordersShipping: shipping, ordersTax: tax } = app.services
  if ((await shipping.listZones(ctx)).items.length > 0) return
  const europe = await shipping.createZone(ctx, { name: 'Europe', countries: eu })
  await shipping.createOption(ctx, { zoneId: europe.id, name: 'Standard (3–5 days)', currency: 'EUR', rateType: 'flat', flatAmount: 590, freeOverAmount: 7500, position: 0 })
  await shipping.createOption(ctx, { zoneId: europe.id, name: 'Express (1–2 days)', currency: 'EUR', rateType: 'flat', flatAmount: 1490, position: 1 })
  const us = await shipping.createZone(ctx, { name: 'United States', countries: ['US'] })
  await shipping.createOption(ctx, {
    zoneId: us.id, name: 'Standard (5–8 days)', currency: 'USD', rateType: 'weight', freeOverAmount: 10000, position: 0,
    weightRates: [{ upToGrams: 1000, amount: 695 }, { upToGrams: 5000, amount: 1295 }, { upToGrams: null, amount: 2495 }],
  })
  await shipping.createOption(ctx, { zoneId: us.id, name: 'Express (2 days)', currency: 'USD', rateType: 'flat', flatAmount: 2495, position: 1 })
  for (const rate of taxRates) await tax.create(ctx, rate)
}
