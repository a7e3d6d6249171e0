import type { RoutePlugin } from '@comptoir/core'
import type { InventoryConfig } from '../config.js'
import { adminLocationRoutes } from './admin-locations.js'
import { adminMovementRoutes } from './admin-movements.js'
import { adminReplenishmentRoutes } from './admin-replenishment.js'
import { adminStockRoutes } from './admin-stock.js'

/** Every admin route of inventory, mounted by the kernel under /admin. */
export const adminRoutes: RoutePlugin<InventoryConfig> = async (app, options) => {
  await app.register(adminLocationRoutes, options)
  await app.register(adminStockRoutes, options)
  await app.register(adminMovementRoutes, options)
  await app.register(adminReplenishmentRoutes, options)
}
