import type { RoutePlugin } from '@comptoir/core'
import type { SuppliersConfig } from '../config.js'
import { adminCarrierRoutes } from './admin-carriers.js'
import { adminPurchaseOrderRoutes } from './admin-purchase-orders.js'
import { adminSupplierRoutes } from './admin-suppliers.js'

/** Every admin route of suppliers, mounted by the kernel under /admin. */
export const adminRoutes: RoutePlugin<SuppliersConfig> = async (app, options) => {
  await app.register(adminSupplierRoutes, options)
  await app.register(adminPurchaseOrderRoutes, options)
  await app.register(adminCarrierRoutes, options)
}
