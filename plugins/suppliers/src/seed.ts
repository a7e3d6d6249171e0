import type { Ctx, PluginManifest } from '@comptoir/core'

type SeedApp = Parameters<NonNullable<PluginManifest['seed']>>[1]

/**
 * Two suppliers selling the first catalog variants (one preferred each), a purchase order sent
 * to the first (its units show as incoming at the main warehouse), and a carrier with an express
 * service, a Europe zone and EUR rates that checkout offers. Skipped when suppliers exist.
 */
export async function seedSuppliers (ctx: Ctx, app: SeedApp): Promise<void> {
  const { suppliers, suppliersItems, suppliersPurchaseOrders, suppliersCarriers, catalog, inventory } = app.services
  if (await ctx.db('suppliers_suppliers').first('id') != null) return
  const locationId = await inventory.defaultLocationId(ctx)
  const page = await catalog.list(ctx, { limit: 3 })
  const variants: string[] = []
  for (const summary of page.items) variants.push(...(await catalog.get(ctx, summary.id)).variants.map((v) => v.id))

  const atelier = await suppliers.create(ctx, {
    name: 'Atelier Durand', code: 'DURAND', currency: 'EUR', paymentTerms: '30 days end of month', paymentTermsDays: 30, leadTimeDays: 10,
    minimumOrderAmount: 20000, contacts: [{ name: 'Claire Durand', role: 'Sales', email: 'claire@atelier-durand.example', phone: '+33 1 23 45 67 89' }],
  })
  const nordic = await suppliers.create(ctx, {
    name: 'Nordic Textiles', code: 'NORDIC', currency: 'EUR', paymentTerms: 'Net 14', paymentTermsDays: 14, leadTimeDays: 21,
    contacts: [{ name: 'Lars Berg', role: 'Account manager', email: 'lars@nordic-textiles.example' }],
  })
  for (const [i, variantId] of variants.slice(0, 6).entries()) {
    await suppliersItems.create(ctx, {
      supplierId: i % 2 === 0 ? atelier.id : nordic.id, variantId, supplierSku: `${i % 2 === 0 ? 'AD' : 'NT'}-${1000 + i}`,
      cost: { amount: 600 + i * 150, currency: 'EUR' }, packSize: i % 2 === 0 ? 6 : 10, minimumOrderQuantity: i % 2 === 0 ? 12 : 10, preferred: true,
    })
  }
  const ordered = variants.filter((_, i) => i % 2 === 0).slice(0, 3)
  if (locationId != null && ordered.length > 0) {
    const expectedOn = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10)
    const order = await suppliersPurchaseOrders.create(ctx, {
      supplierId: atelier.id, locationId, expectedOn, extraCostsAmount: 2500, note: 'Autumn restock',
      lines: ordered.map((variantId) => ({ variantId, quantity: 24 })),
    })
    await suppliersPurchaseOrders.send(ctx, order.id)
  }

  const carrier = await suppliersCarriers.createCarrier(ctx, {
    name: 'Colis Rapide', code: 'colis-rapide', trackingUrlTemplate: 'https://tracking.colis-rapide.example/parcels/{trackingNumber}',
  })
  const express = await suppliersCarriers.createService(ctx, carrier.id, { name: 'Express', code: 'express', transitDays: 1, cutoffTime: '15:00' })
  const economy = await suppliersCarriers.createService(ctx, carrier.id, { name: 'Economy', code: 'economy', transitDays: 4, cutoffTime: '17:00' })
  const europe = await suppliersCarriers.createZone(ctx, { name: 'Europe (carrier)', countries: ['FR', 'BE', 'DE', 'ES', 'IT', 'NL', 'LU'] })
  await suppliersCarriers.createRate(ctx, { serviceId: express.id, zoneId: europe.id, currency: 'EUR', rateType: 'flat', flatAmount: 1290, position: 10 })
  await suppliersCarriers.createRate(ctx, {
    serviceId: economy.id, zoneId: europe.id, currency: 'EUR', rateType: 'weight', position: 20, freeOverAmount: 10000,
    weightRates: [{ upToGrams: 2000, amount: 490 }, { upToGrams: 10000, amount: 890 }, { upToGrams: null, amount: 1590 }],
  })
}
