import type { AdminExtension } from '@comptoir/core'

/**
 * analytics' page in the admin dashboard (@comptoir/admin): the reports (sales against the
 * previous period, top products, funnel, searches, campaigns) for a chosen period, with CSV
 * downloads. A module view: admin-ui/reports.js, served at /app/plugins/analytics/reports.js.
 */
export const analyticsAdmin: AdminExtension = {
  assets: new URL('../admin-ui/', import.meta.url),
  nav: [{ label: 'Reports', page: 'reports', section: 'sales', permission: 'analytics:read' }],
  pages: [{ id: 'reports', title: 'Reports', permission: 'analytics:read', view: { kind: 'module', module: 'reports.js' } }],
}
