import type { RoutePlugin } from '@comptoir/core'
import type { InventoryConfig } from '../config.js'
import { AvailabilityQuery, VariantAvailabilityList } from '../schemas/index.js'

/** Storefront routes, mounted under /store. */
export const storeRoutes: RoutePlugin<InventoryConfig> = async (app) => {
  const { inventory } = app.services

  app.get<{ Querystring: AvailabilityQuery }>('/variants/availability', {
    schema: {
      tags: ['inventory'], operationId: 'getStoreVariantAvailability', summary: 'Stock status of up to 100 variants (in stock, low, out, backorder)',
      querystring: AvailabilityQuery, response: { 200: VariantAvailabilityList },
    },
  }, async (request) => {
    const ids = [...new Set(request.query.ids.toLowerCase().split(','))]
    const found = await inventory.availabilityOf(request.ctx, ids)
    return { items: ids.map((id) => ({ variantId: id, status: found.get(id)?.status ?? 'in_stock', available: found.get(id)?.available ?? null })) }
  })
}
