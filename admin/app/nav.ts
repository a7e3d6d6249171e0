// The core pages in the navigation: each shows when its plugin is installed and the admin holds the permission.
import type { AdminSection } from './extensions/types.js'

export interface CoreNavEntry { label: string, to: string, section: AdminSection | 'home', plugin?: string, permission?: string }

export const sectionTitles: Record<AdminSection | 'home', string> = {
  home: 'Overview',
  sales: 'Sales',
  catalog: 'Catalog',
  customers: 'Customers',
  operations: 'Operations',
  marketing: 'Marketing',
  settings: 'Settings',
}

export const coreNav: CoreNavEntry[] = [
  { label: 'Dashboard', to: '/', section: 'home' },
  { label: 'Orders', to: '/orders', section: 'sales', plugin: 'orders', permission: 'orders:read' },
  { label: 'Payments', to: '/payments', section: 'sales', plugin: 'payments-stripe', permission: 'payments-stripe:read' },
  { label: 'Products', to: '/products', section: 'catalog', plugin: 'catalog', permission: 'catalog:read' },
  { label: 'Import and export', to: '/products/import', section: 'catalog', plugin: 'catalog', permission: 'catalog:write' },
  { label: 'Customers', to: '/customers', section: 'customers', plugin: 'customers', permission: 'customers:read' },
  { label: 'Inventory', to: '/inventory', section: 'operations', plugin: 'inventory', permission: 'inventory:read' },
  { label: 'Failed jobs', to: '/jobs', section: 'operations', permission: 'core:jobs' },
  { label: 'Store settings', to: '/settings', section: 'settings', permission: 'core:settings' },
  { label: 'Admin users', to: '/users', section: 'settings', permission: 'core:admin-users' },
  { label: 'Roles', to: '/roles', section: 'settings', permission: 'core:roles' },
  { label: 'API keys', to: '/api-keys', section: 'settings', permission: 'core:api-keys' },
  { label: 'Audit log', to: '/audit', section: 'settings', permission: 'core:audit' },
]
