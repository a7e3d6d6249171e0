import type { RoutePlugin } from '@comptoir/core'
import { cartStoreRoutes } from '../carts/index.js'
import type { OrdersConfig } from '../config.js'
import { orderStoreRoutes } from './store-orders.js'

/** Every storefront route of the plugin (carts first), mounted by the kernel under /store. */
export const storeRoutes: RoutePlugin<OrdersConfig> = async (app, options) => {
  await cartStoreRoutes(app, options)
  await orderStoreRoutes(app, options)
}
