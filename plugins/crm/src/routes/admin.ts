import type { RoutePlugin } from '@comptoir/core'
import type { CrmConfig } from '../config.js'
import { adminAttributeRoutes } from './admin-attributes.js'
import { adminCustomerRoutes } from './admin-customers.js'
import { adminSegmentRoutes } from './admin-segments.js'
import { adminTaskRoutes } from './admin-tasks.js'
import { adminTicketRoutes } from './admin-tickets.js'

/** Every route of crm, mounted by the kernel under /admin: crm has no storefront surface, so customers never see staff notes. */
export const adminRoutes: RoutePlugin<CrmConfig> = async (app, options) => {
  await app.register(adminCustomerRoutes, options)
  await app.register(adminAttributeRoutes, options)
  await app.register(adminTicketRoutes, options)
  await app.register(adminSegmentRoutes, options)
  await app.register(adminTaskRoutes, options)
}
