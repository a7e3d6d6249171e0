import { definePlugin } from '@comptoir/core'
import { appRoutes } from './app-routes.js'
import { AdminConfig } from './config.js'
import { extensionsRoutes } from './extensions-routes.js'

/**
 * The admin dashboard: serves the built React app at /app (option `path`; `enabled: false` turns
 * it off) and `GET /admin/dashboard/extensions`, through which every installed plugin's manifest
 * `admin` section (nav entries, pages, widgets) reaches the app, filtered to the caller's permissions.
 */
export default definePlugin({
  name: 'admin',
  version: '0.1.0',
  core: '^0.1.0',
  config: AdminConfig,
  routes: { admin: extensionsRoutes, web: appRoutes },
})

export { AdminConfig } from './config.js'
export { AdminAssetNotFoundError } from './errors.js'
export { AdminExtensions } from './schemas.js'
export { appCsp } from './app-routes.js'
