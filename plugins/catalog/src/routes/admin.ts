import type { RoutePlugin } from '@comptoir/core'
import type { CatalogConfig } from '../config.js'
import { adminImportRoutes } from './admin-imports.js'
import { adminPriceRoutes } from './admin-prices.js'
import { adminProductRoutes } from './admin-products.js'
import { adminTaxonomyRoutes } from './admin-taxonomy.js'

/** Every admin route of the catalog, mounted by the kernel under /admin. */
export const adminRoutes: RoutePlugin<CatalogConfig> = async (app, options) => {
  await app.register(adminProductRoutes, options)
  await app.register(adminTaxonomyRoutes, options)
  await app.register(adminPriceRoutes, options)
  await app.register(adminImportRoutes, options)
}
