import type { RoutePlugin } from '@comptoir/core'
import type { CustomersConfig } from '../config.js'
import { adminCustomerRoutes } from './admin-customers.js'
import { adminGroupRoutes } from './admin-groups.js'

/** Every admin route of the plugin, mounted by the kernel under /admin. */
export const adminRoutes: RoutePlugin<CustomersConfig> = async (app, options) => {
  await adminCustomerRoutes(app, options)
  await adminGroupRoutes(app, options)
}
