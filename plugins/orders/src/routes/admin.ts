import type { RoutePlugin } from '@comptoir/core'
import { cartAdminRoutes } from '../carts/index.js'
import type { OrdersConfig } from '../config.js'
import { adminFulfilmentRoutes } from './admin-fulfilment.js'
import { adminOrderRoutes } from './admin-orders.js'

/** Every back-office route of the plugin (carts and pricing first), mounted under /admin. */
export const adminRoutes: RoutePlugin<OrdersConfig> = async (app, options) => {
  await cartAdminRoutes(app, options)
  await adminOrderRoutes(app, options)
  await adminFulfilmentRoutes(app, options)
}
