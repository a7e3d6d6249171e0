import type { RoutePlugin } from '@comptoir/core'
import type { CustomersConfig } from '../config.js'
import { storeAccountRoutes } from './store-account.js'
import { storeProfileRoutes } from './store-profile.js'
import { storeWalletRoutes } from './store-wallet.js'

/** Every storefront route of the plugin, mounted by the kernel under /store. */
export const storeRoutes: RoutePlugin<CustomersConfig> = async (app, options) => {
  await storeAccountRoutes(app, options)
  await storeProfileRoutes(app, options)
  await storeWalletRoutes(app, options)
}
