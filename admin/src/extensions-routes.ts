import type { RoutePlugin } from '@comptoir/core'
import type { AdminConfig } from './config.js'
import { extensionsFor } from './extensions.js'
import { AdminExtensions } from './schemas.js'

/** GET /admin/dashboard/extensions: what the installed plugins add to the dashboard, for this caller. */
export const extensionsRoutes: RoutePlugin<AdminConfig> = async (app) => {
  const { plugins } = app.comptoir
  app.get('/dashboard/extensions', {
    schema: {
      tags: ['admin'], operationId: 'listAdminExtensions',
      summary: 'The nav entries, pages and widgets installed plugins add to the admin dashboard, filtered to the caller\'s permissions; and every installed plugin',
      response: { 200: AdminExtensions },
    },
  }, async (request) => extensionsFor(plugins, request.ctx.actor?.permissions ?? []))
}
